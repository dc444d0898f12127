import Foundation

/// What one poll cycle did, for `veille poll`'s output, the logs and the daemon's status line.
public struct PollReport: Sendable {
    public struct Failure: Sendable, Equatable {
        public var feed: String
        public var url: String
        public var message: String
    }
    public struct Move: Sendable, Equatable {
        public var feed: String
        public var from: String
        public var to: String
    }

    public var polled = 0
    public var fetched = 0
    public var notModified = 0
    public var failures: [Failure] = []
    public var moves: [Move] = []
    public var newEntries = 0
    public var updatedEntries = 0
    public var newEntryIDs: [Int64] = []
    /// Those of `newEntryIDs` given a story of their own as they were stored (`BacklogCutoff`): nothing
    /// left to cluster.
    public var settledEntryIDs: [Int64] = []
    /// The report time of each of `newEntryIDs`, in the same order.
    public var newEntryReportTimes: [Date] = []
    public var updatedEntryIDs: [Int64] = []
    /// Wall time of each stage, in seconds. Parse and store run while transfers go on, so their
    /// figures are the summed time spent in them, not a share of the total.
    public var timings: [(stage: String, seconds: Double)] = []
    public var totalSeconds: Double = 0
    /// Where the digest stage went, phase by phase (`DigestTimings`).
    public var digestPhases: [(name: String, seconds: Double)] = []
    /// Set when the cycle's digest could not be written (the store is intact).
    public var digestError: String?

    public init() {}

    public var summaryLine: String {
        let s = String(format: "%.2f", totalSeconds)
        return "poll: \(polled) feeds: \(fetched) ok, \(notModified) not modified, \(failures.count) failed; "
            + "\(newEntries) new, \(updatedEntries) updated entries; \(s) s"
    }

    public var timingsLine: String {
        "timings: " + timings.map { "\($0.stage) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: ", ")
            + (digestPhases.isEmpty ? "" : "\ndigest phases: " + DigestTimings.line(digestPhases))
    }

    mutating func addTiming(_ stage: String, _ seconds: Double) {
        if let i = timings.firstIndex(where: { $0.stage == stage }) { timings[i].seconds += seconds }
        else { timings.append((stage, seconds)) }
    }
}
