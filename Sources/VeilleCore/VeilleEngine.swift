import Digest
import FeedFetching
import Foundation
import Logging
import Synchronization
import VeilleStore

/// veille's pipeline with its state: the configuration (replaceable on reload), the store, and what
/// one cycle runs. `veille poll` runs one cycle; the daemon runs them on each feed's schedule.
public final class VeilleEngine: Sendable {
    public let paths: StatePaths
    public let store: Store
    let logger: Logger
    let now: @Sendable () -> Date
    private let current: Mutex<Configuration>
    let stories: StoryAssigner
    let metrics: MetricsTextfile

    public init(configuration: Configuration, paths: StatePaths, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.paths = paths
        self.logger = logger
        self.now = now
        current = Mutex(configuration)
        metrics = MetricsTextfile(startedAt: now())
        store = try Store(path: paths.database)
        stories = StoryAssigner(store: store, window: configuration.dedupe.window,
                                digestDays: max(configuration.digest.atomDays, Self.digestRewriteDays))
        try store.syncFeedsIfChanged(configuration.feedSpecs)
    }

    public var configuration: Configuration { current.withLock { $0 } }

    /// Applies a reloaded configuration: feeds added are due at once, removed ones stop.
    /// The state directory cannot move under a running daemon; that needs a restart.
    public func apply(_ configuration: Configuration) throws(StoreError) {
        let old = self.configuration
        if StatePaths.resolve(configuration).stateDir != StatePaths.resolve(old).stateDir {
            logger.warning("state_dir changed in the configuration: it takes effect at the next restart")
        }
        current.withLock { $0 = configuration }
        try store.syncFeedsIfChanged(configuration.feedSpecs)
    }

    /// One poll cycle of the due feeds (all with `all`).
    public func pollOnce(all: Bool = false, cancellation: FetchCancellation? = nil) async throws(StoreError) -> PollReport {
        // `init` and `apply` keep the store's feeds in sync with the configuration.
        let cycle = PollCycle(configuration: configuration, store: store, logger: logger, now: now, feedsInSync: true,
                              backlog: stories.backlogCutoff(now: now()))
        var report = try await cycle.run(all: all, cancellation: cancellation)
        let t0 = Date()
        let settled = Set(report.settledEntryIDs)
        // Entries that an event merge moved to another story: their days' digests change too.
        let moved = try stories.assign(entryIDs: settled.isEmpty ? report.newEntryIDs : report.newEntryIDs.filter { !settled.contains($0) }, now: now())
        let clusterSeconds = Date().timeIntervalSince(t0)
        report.timings.append(("cluster", clusterSeconds))
        let t1 = Date()
        // The cycle's writes are done: the WAL is copied into the database beside the digest, which
        // only reads. A failure here loses nothing (the WAL holds the commits); it is logged.
        let store = self.store
        async let checkpointed: Void = { do { try await store.checkpoint() } catch { self.logger.warning("\(error)") } }()
        let digestTimings = DigestTimings()
        do {
            // A cycle that changed nothing leaves the digests as they are (the daemon runs a cycle
            // whenever a few feeds are due: rewriting a big day each time would keep a core busy),
            // unless today's files do not exist yet (a new day, a first run, a deleted folder).
            if !report.newEntryIDs.isEmpty || !report.updatedEntryIDs.isEmpty || !todaysDigestsExist() {
                try writeDigests(touching: report.updatedEntryIDs + moved, reportedAt: report.newEntryReportTimes, timings: digestTimings)
            }
        } catch {
            // The store is intact; the next cycle rewrites the digests. Say so, loudly.
            logger.error("digest not written: \(error)")
            report.digestError = "\(error)"
        }
        await checkpointed
        let digestSeconds = Date().timeIntervalSince(t1)
        report.timings.append(("digest", digestSeconds))
        report.digestPhases = digestTimings.phases
        report.totalSeconds += clusterSeconds + digestSeconds
        metrics.record(report, digestSeconds: digestSeconds, now: now(), path: paths.metricsFile(configuration.metrics),
                       store: store, logger: logger)
        return report
    }

    /// How far back a cycle rewrites digests (and so how far back entries are clustered).
    static let digestRewriteDays = 7

    public var digestPublisher: DigestPublisher {
        DigestPublisher(store: store, settings: configuration.digest, directory: paths.digestDir)
    }

    /// Rewrites today's digest and the days these entries were reported on (an article published
    /// last night but fetched this morning belongs to last night's digest), and the days of these
    /// report times (the cycle's new entries: known when they were stored, not read back).
    public func writeDigests(touching entryIDs: [Int64], reportedAt known: [Date] = [], timings: DigestTimings = DigestTimings()) throws {
        let settings = configuration.digest
        let today = LocalDay(date: now(), timeZone: settings.timeZone)
        let oldest = today.adding(days: -max(settings.atomDays, Self.digestRewriteDays))
        var days: Set<LocalDay> = [today]
        let horizon = oldest.interval(in: settings.timeZone).start
        // Report times repeat a lot (a feed's backlog): each distinct recent one is placed in its day once.
        for time in Set(try store.reportTimes(ids: entryIDs).map(\.reportedAt) + known) where time >= horizon {
            let day = LocalDay(date: time, timeZone: settings.timeZone)
            // Backlogs of new feeds reach far back; only recent days' digests are worth rewriting.
            if day >= oldest && day <= today { days.insert(day) }
        }
        try digestPublisher.publish(days: days, now: now(), timings: timings)
    }

    /// Whether every file the digest settings ask for exists for today.
    func todaysDigestsExist() -> Bool {
        let settings = configuration.digest
        let today = LocalDay(date: now(), timeZone: settings.timeZone)
        let dir = paths.digestDir as NSString
        return settings.formats.allSatisfy { format in
            let name = format == .atom ? DigestFileName.atom : DigestFileName.page(today, format.rawValue)
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent(name))
        }
    }

    /// When the next feed is due (nil when none is scheduled).
    public func nextDue() throws(StoreError) -> Date? {
        try store.nextPollDate()
    }

    /// A short health line for systemd's STATUS= and `veille feeds`.
    public func statusLine() -> String {
        guard let feeds = try? store.feeds() else { return "database unavailable" }
        let active = feeds.filter { $0.enabled && !$0.gone }
        let failing = active.filter { $0.consecutiveFailures > 0 }.count
        return "\(active.count) feeds, \(failing) failing"
    }
}
