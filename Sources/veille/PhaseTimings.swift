import Foundation

/// `veille cluster`'s phases timed for benchmarks (`VEILLE_CLUSTER_TIMINGS=1`, one line on stderr):
/// wall seconds per phase, and the clustering loop's own-thread CPU. That last figure is what the
/// wall time of a long stream follows (the analysis runs ahead on the other core), and it can be
/// compared between two binaries run at the same time (`Benchmarks/ab-cluster.sh`), which wall time
/// cannot on a VM whose speed drifts.
struct PhaseTimings {
    private let start = Date()
    private var last = Date()
    private var parts: [String] = []
    let enabled = !["", "0"].contains(ProcessInfo.processInfo.environment["VEILLE_CLUSTER_TIMINGS"] ?? "")

    /// Seconds of CPU the calling thread has used.
    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Ends a phase, with details to print beside its wall time.
    mutating func end(_ phase: String, _ details: String = "") {
        guard enabled else { return }
        let now = Date()
        parts.append(String(format: "%@ %.2f s", phase, now.timeIntervalSince(last)) + (details.isEmpty ? "" : " (\(details))"))
        last = now
    }

    func report() {
        guard enabled else { return }
        let line = "veille cluster timings: " + parts.joined(separator: ", ") + String(format: "; total %.2f s\n", Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data(line.utf8))
    }
}
