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

    public init(configuration: Configuration, paths: StatePaths, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.paths = paths
        self.logger = logger
        self.now = now
        current = Mutex(configuration)
        store = try Store(path: paths.database)
        stories = StoryAssigner(store: store, window: configuration.dedupe.window)
        try store.syncFeeds(Self.specs(configuration))
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
        try store.syncFeeds(Self.specs(configuration))
    }

    static func specs(_ c: Configuration) -> [FeedSpec] {
        c.feeds.map { FeedSpec(url: $0.url.absoluteString, name: $0.name, tags: $0.tags, enabled: $0.enabled) }
    }

    /// One poll cycle of the due feeds (all with `all`).
    public func pollOnce(all: Bool = false, cancellation: FetchCancellation? = nil) async throws(StoreError) -> PollReport {
        let cycle = PollCycle(configuration: configuration, store: store, logger: logger, now: now)
        var report = try await cycle.run(all: all, cancellation: cancellation)
        let t0 = Date()
        try stories.assign(entryIDs: report.newEntryIDs, now: now())
        let clusterSeconds = Date().timeIntervalSince(t0)
        report.timings.append(("cluster", clusterSeconds))
        report.totalSeconds += clusterSeconds
        return report
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
