import FeedFetching
import FeedParsing
import Foundation
import StoryClustering
import Logging
import Synchronization
import VeilleStore

/// One poll cycle: the due feeds are fetched together, and each response is parsed and committed
/// (one transaction per feed) as soon as it arrives, while the other transfers go on.
public struct PollCycle: Sendable {
    public let configuration: Configuration
    public let store: Store
    public let logger: Logger
    /// The clock, injected so the cycle can be tested at a fixed time.
    public let now: @Sendable () -> Date
    public let random: @Sendable () -> Double

    public init(configuration: Configuration, store: Store, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.now = now
        self.random = random
    }

    /// Fetches and stores the due feeds (every enabled feed with `all`). Throws only when the store
    /// itself is unusable; each feed's failure is reported in the result, and the cycle goes on.
    public func run(all: Bool = false, cancellation: FetchCancellation? = nil) async throws(StoreError) -> PollReport {
        let started = Date()
        let specs = configuration.feeds.map { FeedSpec(url: $0.url.absoluteString, name: $0.name, tags: $0.tags, enabled: $0.enabled) }
        let synced = try store.syncFeeds(specs, withEntryCounts: false)
        let due = all ? synced.filter { $0.enabled && !$0.gone } : try store.dueFeeds(at: now())
        var report = PollReport()
        report.polled = due.count
        guard !due.isEmpty else {
            report.totalSeconds = Date().timeIntervalSince(started)
            return report
        }
        let byID = Dictionary(uniqueKeysWithValues: due.map { ($0.id, $0) })
        let intervals = Dictionary(uniqueKeysWithValues: configuration.feeds.map { ($0.url.absoluteString, $0.pollInterval ?? configuration.daemon.pollInterval) })
        let requests = due.map { FetchRequest(key: $0.id, url: $0.effectiveURL, etag: $0.etag, lastModified: $0.lastModified) }
        let fetcher = Fetcher(options: fetchOptions)
        let shared = Mutex(report)
        let storeFailure = Mutex<StoreError?>(nil)
        // Bounded hand-off between the transfer thread and the processing queue: memory stays
        // proportional to a few bodies even when the parser falls behind.
        let inFlight = DispatchSemaphore(value: 16)
        // Parsing runs on every core while the transfer thread goes on; the store's writer
        // serialises the commits itself.
        let queue = DispatchQueue(label: "veille.poll.process", attributes: .concurrent)
        let group = DispatchGroup()
        let processor = ResultProcessor(cycle: self, intervals: intervals)

        let fetchSeconds: Double = await withCheckedContinuation { continuation in
            let thread = Thread {
                let t0 = Date()
                fetcher.run(requests, cancellation: cancellation) { result in
                    inFlight.wait()
                    queue.async(group: group) {
                        defer { inFlight.signal() }
                        guard let feed = byID[result.request.key] else { return }
                        do {
                            let partial = try processor.process(result, feed: feed)
                            shared.withLock { $0.merge(partial) }
                        } catch {
                            storeFailure.withLock { $0 = error as? StoreError ?? StoreError(.writeFailed, "\(error)") }
                        }
                    }
                }
                let elapsed = Date().timeIntervalSince(t0)
                group.notify(queue: .global()) { continuation.resume(returning: elapsed) }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        if let e = storeFailure.withLock({ $0 }) { throw e }
        report = shared.withLock { $0 }
        report.timings.insert(("fetch", fetchSeconds), at: 0)
        let cutoff = now().addingTimeInterval(-Double(configuration.daemon.keepDays) * 86_400)
        let pruned = try store.prune(firstSeenBefore: cutoff)
        if pruned > 0 { logger.info("pruned \(pruned) entries older than \(configuration.daemon.keepDays) days") }
        report.totalSeconds = Date().timeIntervalSince(started)
        return report
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

extension PollReport {
    mutating func merge(_ p: PollReport) {
        fetched += p.fetched
        notModified += p.notModified
        failures += p.failures
        moves += p.moves
        newEntries += p.newEntries
        updatedEntries += p.updatedEntries
        newEntryIDs += p.newEntryIDs
        updatedEntryIDs += p.updatedEntryIDs
        for t in p.timings { addTiming(t.stage, t.seconds) }
    }
}

/// Turns one fetch result into a stored poll: parse, schedule, commit.
struct ResultProcessor: Sendable {
    let cycle: PollCycle
    let intervals: [String: Seconds]

    func process(_ result: FetchResult, feed: FeedState) throws(StoreError) -> PollReport {
        var report = PollReport()
        let now = cycle.now()
        let daemon = cycle.configuration.daemon
        let interval = intervals[feed.url] ?? daemon.pollInterval
        let http = HTTPCacheHints(headers: result.headers, receivedAt: now)
        var hints = feed.hints
        hints.freshUntil = http.freshUntil
        hints.retryAfter = http.retryAfter
        var outcome: SchedulePolicy.Outcome
        var record: FeedPollRecord.Result
        var entries: [EntryInput] = []
        var publications: [Date] = []

        switch result.outcome {
        case .failed(let e) where e.kind == .cancelled:
            return report   // the feed stays due; nothing happened to it
        case .failed(let e):
            let gone = result.status == 410
            outcome = gone ? .gone : .failed(consecutiveFailures: feed.consecutiveFailures + 1)
            record = .failure(message: e.message, gone: gone)
        case .notModified:
            outcome = .notModified
            record = .notModified
            report.notModified = 1
            publications = try cycle.store.recentPublicationTimes(feedID: feed.id)
        case .fetched:
            let t0 = Date()
            let parsed: Result<ParsedFeed, FeedParseError>
            if result.body.isEmpty {
                parsed = .failure(FeedParseError(.notAFeed, code: .emptyBody, "empty response body"))
            } else if let what = BodySniffer.notAFeed(result.body, contentType: result.contentType) {
                parsed = .failure(FeedParseError(.notAFeed, code: .notFeedContent, what))
            } else {
                parsed = Result { () throws(FeedParseError) in
                    try FeedParser.parse(result.body, contentType: result.contentType, baseURL: URL(string: result.effectiveURL))
                }
            }
            report.addTiming("parse", Date().timeIntervalSince(t0))
            switch parsed {
            case .failure(let e):
                outcome = .failed(consecutiveFailures: feed.consecutiveFailures + 1)
                record = .failure(message: e.feedFailureMessage, gone: false)
            case .success(let doc):
                outcome = .fetched
                report.fetched = 1
                record = .success(etag: result.etag, lastModified: result.lastModified,
                                  title: doc.title.isEmpty ? nil : doc.title, siteURL: doc.link)
                hints.ttlMinutes = doc.hints.ttlMinutes
                hints.updatePeriod = doc.hints.updatePeriod
                hints.updateFrequency = doc.hints.updateFrequency
                hints.skipHours = doc.hints.skipHours
                hints.skipDays = doc.hints.skipDays
                entries = doc.entries.map(Self.entryInput)
                publications = try cycle.store.recentPublicationTimes(feedID: feed.id) + entries.compactMap(\.published)
            }
        }

        let decision = SchedulePolicy.next(.init(
            now: now, outcome: outcome, interval: interval, minInterval: daemon.minInterval, maxInterval: daemon.maxInterval,
            publications: publications, hints: hints, jitter: cycle.random()))
        let moved = result.permanentRedirect.flatMap { $0 == feed.effectiveURL ? nil : $0 }
        let t1 = Date()
        let changes = try cycle.store.recordPoll(
            FeedPollRecord(feedID: feed.id, result: record, status: result.status, polledAt: now, nextPollAt: decision.next,
                           movedTo: moved, hints: hints),
            entries: entries)
        report.addTiming("store", Date().timeIntervalSince(t1))
        report.newEntries = changes.inserted.count
        report.updatedEntries = changes.updated.count
        report.newEntryIDs = changes.inserted
        report.updatedEntryIDs = changes.updated
        if case .failure(let message, _) = record {
            report.failures.append(.init(feed: feed.name, url: feed.effectiveURL, message: message))
            cycle.logger.warning("feed failed: \(message)", metadata: ["feed": "\(feed.name)", "url": "\(feed.effectiveURL)"])
        }
        if let to = moved {
            report.moves.append(.init(feed: feed.name, from: feed.effectiveURL, to: to))
            cycle.logger.notice("feed moved permanently; edit Feeds.toml", metadata: ["feed": "\(feed.name)", "to": "\(to)"])
        }
        return report
    }

    /// Summaries are kept short in the database: the digest shows 280 characters at most.
    static func entryInput(_ e: ParsedEntry) -> EntryInput {
        EntryInput(identity: EntryIdentity.of(e), guid: e.id, url: e.link, canonicalURL: e.link.map(CanonicalURL.canonicalize),
                   title: e.title, summary: String(e.summary.prefix(2000)), authors: e.authors, categories: e.categories,
                   published: e.published, updated: e.updated)
    }
}
