import FeedFetching
import FeedParsing
import Foundation
import Logging
import VeilleStore

/// One poll cycle: the due feeds are fetched together; each response is parsed (on every core) and
/// decided (`FeedPollDecision`) as soon as it arrives, while the other transfers go on; one writer
/// commits the decisions, several feeds per transaction when they arrive together.
///
///     Fetcher.results (transfer thread) ─► parse + decide (task group, bounded) ─► PollCommitter (store)
public struct PollCycle: Sendable {
    public let configuration: Configuration
    public let store: Store
    public let logger: Logger
    /// The clock, injected so the cycle can be tested at a fixed time.
    public let now: @Sendable () -> Date
    public let random: @Sendable () -> Double
    /// The store's feeds already match `configuration` (the engine syncs them when it opens the
    /// store and on every reload): the cycle then only reads them, instead of syncing them again.
    public let feedsInSync: Bool
    /// New entries reported before this get their own story as they are stored (nil: all are left
    /// to the clusterer).
    public let backlog: BacklogCutoff?

    public init(configuration: Configuration, store: Store, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                feedsInSync: Bool = false, backlog: BacklogCutoff? = nil) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.now = now
        self.random = random
        self.feedsInSync = feedsInSync
        self.backlog = backlog
    }

    /// Results handed over by the transfer thread and not yet taken by a parser: with the parsers
    /// at work, memory holds a few bodies at most, however far parsing falls behind.
    static let fetchBuffer = 16

    /// Fetches and stores the due feeds (every enabled feed with `all`). Throws only when the store
    /// itself is unusable; each feed's failure is reported in the result, and the cycle goes on.
    public func run(all: Bool = false, cancellation: FetchCancellation? = nil) async throws(StoreError) -> PollReport {
        let started = Date()
        if !feedsInSync { try store.syncFeedsIfChanged(configuration.feedSpecs) }
        let due = all ? try store.activeFeeds() : try store.dueFeeds(at: now())
        guard !due.isEmpty else {
            var report = PollReport()
            report.totalSeconds = Date().timeIntervalSince(started)
            return report
        }
        let byID = Dictionary(uniqueKeysWithValues: due.map { ($0.id, $0) })
        let intervals = Dictionary(configuration.feeds.map { ($0.url.absoluteString, $0.pollInterval ?? configuration.daemon.pollInterval) },
                                   uniquingKeysWith: { a, _ in a })
        let requests = due.map { FetchRequest(key: $0.id, url: $0.effectiveURL, etag: $0.etag, lastModified: $0.lastModified) }
        let committer = PollCommitter(store: store, logger: logger, backlog: backlog)
        // Parsing is CPU work: one task per core, plus one so a core never idles between two.
        let width = ProcessInfo.processInfo.activeProcessorCount + 1

        async let committed = committer.run()
        let fetchSeconds = await withTaskGroup(of: Void.self, returning: Double.self) { group in
            let t0 = Date()
            var running = 0
            for await result in Fetcher(options: fetchOptions).results(requests, cancellation: cancellation, bufferSize: Self.fetchBuffer) {
                guard let feed = byID[result.request.key] else { continue }
                let settings = self.settings(interval: intervals[feed.url])
                if result.outcome != .fetched {
                    // A 304 or a failure has nothing to parse: deciding it here costs less than a
                    // task (a cycle of 2,000 not-modified feeds is mostly such hand-offs).
                    await submit(result, feed: feed, settings: settings, to: committer)
                    continue
                }
                if running >= width {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.submit(result, feed: feed, settings: settings, to: committer) }
                running += 1
            }
            let elapsed = Date().timeIntervalSince(t0)
            await group.waitForAll()
            return elapsed
        }
        committer.finish()
        var report = await committed
        if let failure = committer.failure { throw failure }
        report.polled = due.count
        report.timings.insert(("fetch", fetchSeconds), at: 0)
        let cutoff = now().addingTimeInterval(-Double(configuration.daemon.keepDays) * 86_400)
        let pruned = try store.prune(firstSeenBefore: cutoff)
        if pruned > 0 { logger.info("pruned \(pruned) entries older than \(configuration.daemon.keepDays) days") }
        report.totalSeconds = Date().timeIntervalSince(started)
        return report
    }

    /// `prepare`, then hands the decision to the writer (a store failure fails the cycle there).
    func submit(_ result: FetchResult, feed: FeedState, settings: FeedPollDecision.Settings, to committer: PollCommitter) async {
        do throws(StoreError) {
            if let item = try prepare(result, feed: feed, settings: settings) { await committer.submit(item) }
        } catch {
            committer.fail(error)
        }
    }

    /// Parses (timed), reads the feed's history if the decision needs it, decide.
    func prepare(_ result: FetchResult, feed: FeedState, settings: FeedPollDecision.Settings) throws(StoreError) -> PollCommitter.Item? {
        let now = now()
        var parsed: Result<ParsedFeed, FeedParseError>?
        var parseSeconds: Double?
        if result.outcome == .fetched {
            let t0 = Date()
            parsed = FeedPollDecision.parse(result)
            parseSeconds = Date().timeIntervalSince(t0)
        }
        let history = FeedPollDecision.needsHistory(result, feed: feed, parsed: parsed) ? try store.recentPublicationTimes(feedID: feed.id) : []
        guard let decision = FeedPollDecision.decide(result, feed: feed, parsed: parsed, history: history,
                                                     settings: settings, now: now, jitter: random()) else { return nil }
        return PollCommitter.Item(decision: decision, parseSeconds: parseSeconds)
    }

    func settings(interval: Seconds?) -> FeedPollDecision.Settings {
        let d = configuration.daemon
        return .init(interval: interval ?? d.pollInterval, minInterval: d.minInterval, maxInterval: d.maxInterval)
    }

    var fetchOptions: FetchOptions {
        var o = FetchOptions()
        let d = configuration.daemon
        o.maxConcurrent = d.maxConcurrent
        o.perHost = d.perHost
        o.timeoutSeconds = d.timeout
        o.connectTimeoutSeconds = d.connectTimeout
        o.maxBytes = d.maxFeedSize
        o.userAgent = d.userAgent
        return o
    }
}
