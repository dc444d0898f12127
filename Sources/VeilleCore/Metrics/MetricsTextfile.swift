import Digest
import Foundation
import Logging
import Synchronization
import VeilleStore

/// Keeps the process's metric totals and writes `[metrics] textfile` after each cycle, atomically
/// (node_exporter may read it at any moment: it sees the old file or the new one, never half of one).
/// A failed write is logged and never fails the cycle: monitoring must not stop the news.
final class MetricsTextfile: Sendable {
    private struct State {
        var counters = VeilleMetrics.Counters()
        var digest = VeilleMetrics.DigestState()
        /// The last write error, so a broken path is logged once, not every cycle.
        var lastError: String?
    }

    let startedAt: Date
    private let state = Mutex(State())

    init(startedAt: Date) { self.startedAt = startedAt }

    /// Counts the cycle in; writes the file when `path` is set.
    func record(_ report: PollReport, digestSeconds: Double, now: Date, path: String?, store: Store, logger: Logger) {
        let snapshot = state.withLock { s -> (VeilleMetrics.Counters, VeilleMetrics.DigestState) in
            s.counters.cycles += 1
            s.counters.newEntries += report.newEntries
            s.counters.feedFailures += report.failures.count
            s.digest.seconds = digestSeconds
            if report.digestError != nil {
                s.counters.digestFailures += 1
                s.digest.failing = true
            } else {
                s.digest.failing = false
                s.digest.lastSuccess = now
            }
            return (s.counters, s.digest)
        }
        guard let path else { return }
        do {
            let metrics = VeilleMetrics(now: now, startedAt: startedAt, version: VeilleVersion.string, feeds: try store.feeds(),
                                        cycle: report, counters: snapshot.0, store: try store.counts(), digest: snapshot.1)
            // World-readable: node_exporter runs as another user, and the unit's UMask=0077 would hide it.
            try AtomicFileWriter.write(metrics.text, to: path, permissions: 0o644)
            let recovered = state.withLock { s in defer { s.lastError = nil }; return s.lastError != nil }
            if recovered { logger.notice("metrics written again to \(path)") }
        } catch {
            let message = "\(error)"
            let first = state.withLock { s in defer { s.lastError = message }; return s.lastError != message }
            if first { logger.warning("metrics not written: \(message) ([metrics] textfile)") }
        }
    }
}
