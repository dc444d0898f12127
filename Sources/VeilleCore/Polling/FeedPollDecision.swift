import FeedFetching
import FeedParsing
import Foundation
import VeilleStore

/// What one fetch result means for its feed: a pure function of the result, the feed as stored, the
/// parsed document, the feed's recent publication times, the settings, the time and a random number.
/// No I/O and no clock, so every HTTP outcome is tested with a literal `FetchResult`.
///
/// The poll cycle parses (`parse`), reads the feed's history when `needsHistory` says so, calls
/// `decide`, and hands the decision to the store writer.
public struct FeedPollDecision: Sendable {
    /// The schedule's inputs that come from the configuration.
    public struct Settings: Sendable, Equatable {
        /// The feed's own interval, else `[daemon] poll_interval`.
        public var interval: Seconds
        public var minInterval: Seconds
        public var maxInterval: Seconds
        public init(interval: Seconds, minInterval: Seconds, maxInterval: Seconds) {
            self.interval = interval
            self.minInterval = minInterval
            self.maxInterval = maxInterval
        }
    }

    /// The feed's row as it must be stored (outcome, validators, schedule, hints, move).
    public var record: FeedPollRecord
    /// The parsed entries to store (empty unless the feed was fetched and parsed).
    public var entries: [EntryInput]
    /// `fetched` or `notModified` (the report's counts).
    public var counted: Counted?
    /// The failure line for the report and the logs.
    public var failure: PollReport.Failure?
    /// A permanent redirect to a URL other than the one fetched: reported, and fetched from now on.
    public var move: PollReport.Move?
    /// Why the next poll is when it is (SchedulePolicy's reason).
    public var scheduleReason: String

    public enum Counted: Sendable, Equatable { case fetched, notModified }

    /// Whether `decide` needs the feed's recent publication times read from its entries: for a
    /// document that parsed (its new entries join them), and for a 304 when the feed's row has none
    /// recorded yet (a database from before v6). Failures back off without them, and a feed never
    /// fetched has no entries to read (a first cycle asked the store 2,000 times for nothing).
    public static func needsHistory(_ result: FetchResult, feed: FeedState, parsed: Result<ParsedFeed, FeedParseError>?) -> Bool {
        switch result.outcome {
        case .notModified: feed.recentPublications == nil
        case .fetched: if case .some(.success) = parsed { feed.lastSuccessAt != nil } else { false }
        case .failed: false
        }
    }

    /// The body of a `fetched` result as a feed, or why it is none: an empty body and a body that
    /// is certainly something else (an image, a PDF…) are refused before the parser sees them.
    public static func parse(_ result: FetchResult) -> Result<ParsedFeed, FeedParseError> {
        if result.body.isEmpty {
            return .failure(FeedParseError(.notAFeed, code: .emptyBody, "empty response body"))
        }
        if let what = BodySniffer.notAFeed(result.body, contentType: result.contentType) {
            return .failure(FeedParseError(.notAFeed, code: .notFeedContent, what))
        }
        return Result { () throws(FeedParseError) in
            // Entries are stored without their content: it is read only for a summary's text.
            try FeedParser.parse(result.body, contentType: result.contentType, baseURL: URL(string: result.effectiveURL), contentHTML: false)
        }
    }

    /// The decision for `result`, or nil when nothing happened to the feed (a cancelled transfer:
    /// the feed stays due, its row untouched).
    ///
    /// - Parameters:
    ///   - parsed: `parse(result)` for a `fetched` result (ignored otherwise; nil counts as a failure
    ///     to parse an empty body).
    ///   - history: the publication times of the feed's stored entries (read when `needsHistory`).
    ///   - jitter: a random number in [0, 1) for the schedule's spread.
    public static func decide(_ result: FetchResult, feed: FeedState, parsed: Result<ParsedFeed, FeedParseError>?,
                              history: [Date], settings: Settings, now: Date, jitter: Double) -> FeedPollDecision? {
        let http = HTTPCacheHints(headers: result.headers, receivedAt: now)
        var hints = feed.hints
        hints.freshUntil = http.freshUntil
        hints.retryAfter = http.retryAfter
        let outcome: SchedulePolicy.Outcome
        let stored: FeedPollRecord.Result
        var entries: [EntryInput] = []
        var publications: [Date] = []
        var recordedPublications: [Date]?
        var counted: Counted?

        switch result.outcome {
        case .failed(let e) where e.kind == .cancelled:
            return nil
        case .failed(let e):
            let gone = result.status == 410
            outcome = gone ? .gone : .failed(consecutiveFailures: feed.consecutiveFailures + 1)
            stored = .failure(message: e.message, gone: gone)
        case .notModified:
            outcome = .notModified
            stored = .notModified
            counted = .notModified
            // Nothing new was published: the times recorded at the last fetch still hold.
            if let recorded = feed.recentPublications {
                publications = recorded
            } else {
                publications = PublicationTimes.recent(history)
                recordedPublications = publications
            }
        case .fetched:
            switch parsed ?? .failure(FeedParseError(.notAFeed, code: .emptyBody, "empty response body")) {
            case .failure(let e):
                outcome = .failed(consecutiveFailures: feed.consecutiveFailures + 1)
                stored = .failure(message: e.feedFailureMessage, gone: false)
            case .success(let doc):
                outcome = .fetched
                counted = .fetched
                stored = .success(etag: result.etag, lastModified: result.lastModified,
                                  title: doc.title.isEmpty ? nil : doc.title, siteURL: doc.link)
                hints.ttlMinutes = doc.hints.ttlMinutes
                hints.updatePeriod = doc.hints.updatePeriod
                hints.updateFrequency = doc.hints.updateFrequency
                hints.skipHours = doc.hints.skipHours
                hints.skipDays = doc.hints.skipDays
                entries = doc.entries.map(entryInput)
                publications = PublicationTimes.recent(history + entries.compactMap(\.published))
                recordedPublications = publications
            }
        }

        let schedule = SchedulePolicy.next(.init(
            now: now, outcome: outcome, interval: settings.interval, minInterval: settings.minInterval,
            maxInterval: settings.maxInterval, publications: publications, hints: hints, jitter: jitter))
        let moved = result.permanentRedirect.flatMap { $0 == feed.effectiveURL ? nil : $0 }
        var failure: PollReport.Failure?
        if case .failure(let message, _) = stored {
            failure = .init(feed: feed.name, url: feed.effectiveURL, message: message)
        }
        return FeedPollDecision(
            record: FeedPollRecord(feedID: feed.id, result: stored, status: result.status, polledAt: now,
                                   nextPollAt: schedule.next, movedTo: moved, hints: hints,
                                   recentPublications: recordedPublications),
            entries: entries, counted: counted, failure: failure,
            move: moved.map { .init(feed: feed.name, from: feed.effectiveURL, to: $0) },
            scheduleReason: schedule.reason)
    }

    /// Summaries are kept short in the database: the digest shows 280 characters at most. No
    /// canonical URL is stored: nothing reads it (the clusterer canonicalises each entry's URL
    /// itself), and computing it was a third of the parsing threads' decisions.
    static func entryInput(_ e: ParsedEntry) -> EntryInput {
        EntryInput(identity: EntryIdentity.of(e), guid: e.id, url: e.link,
                   title: e.title, summary: String(e.summary.prefix(2000)), authors: e.authors, categories: e.categories,
                   published: e.published, updated: e.updated)
    }
}
