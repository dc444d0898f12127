import FeedFetching
import FeedParsing
import Foundation
import Testing
import VeilleStore
@testable import VeilleCore

/// The per-feed decision on literal fetch results: no server, no database write, no clock.
@Suite("Feed poll decision")
struct FeedPollDecisionTests {
    let now = Date(timeIntervalSince1970: 1_795_860_000)   // Saturday 28 November 2026, 10:00 GMT
    let settings = FeedPollDecision.Settings(interval: 1800, minInterval: 900, maxInterval: 43_200)
    static let url = "https://www.example.fr/feed/"

    /// A feed as the store gives it, never polled.
    func feed(failures: Int = 0) throws -> FeedState {
        var f = try Store().syncFeeds([FeedSpec(url: Self.url, name: "Exemple", tags: ["tech"])])[0]
        f.consecutiveFailures = failures
        return f
    }

    func result(_ outcome: FetchOutcome, status: Int?, headers: [String: String] = [:], body: String = "",
                effectiveURL: String = url, permanentRedirect: String? = nil) -> FetchResult {
        FetchResult(request: FetchRequest(key: 1, url: Self.url), outcome: outcome, effectiveURL: effectiveURL,
                    permanentRedirect: permanentRedirect, status: status, headers: headers, body: Array(body.utf8))
    }

    func decide(_ r: FetchResult, feed: FeedState, history: [Date] = []) -> FeedPollDecision? {
        let parsed = r.outcome == .fetched ? FeedPollDecision.parse(r) : nil
        return FeedPollDecision.decide(r, feed: feed, parsed: parsed, history: history, settings: settings, now: now, jitter: 0.5)
    }

    static let frenchRSS = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel>
        <title>Le Journal du Numérique</title><link>https://www.example.fr/</link><ttl>120</ttl>
        <item><title>L’Arcep publie son observatoire : la fibre dépasse le cuivre</title>
          <link>https://www.example.fr/2026/11/28/fibre/</link><guid>https://www.example.fr/?p=1</guid>
          <pubDate>sam., 28 nov. 2026 09:30:00 +0100</pubDate><description>Les abonnés à la fibre sont désormais majoritaires.</description></item>
        <item><title>Mistral AI lève 600 millions d’euros</title><link>https://www.example.fr/2026/11/27/mistral/</link>
          <pubDate>Fri, 27 Nov 2026 18:00:00 +0100</pubDate></item>
        </channel></rss>
        """

    /// Identities are trimmed as Foundation trims, whether or not Foundation is asked.
    @Test func identitiesAreTrimmedOfUnicodeWhiteSpace() {
        for s in ["https://www.numerama.com/?p=1", "  tag:next.ink,2026:1 ", "\u{A0}guid-é\u{A0}", "\tx\n", "\u{2003}", "",
                  "urn:uuid:1\u{202F}", "é", "a\u{301}", "\r\nhttps://01net.com/a\r\n"] {
            #expect(EntryIdentity.trimmed(s) == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s)")
        }
    }

    /// A feed fetched before has entries whose dates give its rhythm; one never fetched has none to read.
    @Test func onlyAFeedFetchedBeforeHasAHistoryToRead() throws {
        let r = result(.fetched, status: 200, headers: ["content-type": "application/rss+xml"], body: Self.frenchRSS)
        let parsed = FeedPollDecision.parse(r)
        var f = try feed()
        #expect(!FeedPollDecision.needsHistory(r, feed: f, parsed: parsed), "never fetched")
        f.lastSuccessAt = now.addingTimeInterval(-3600)
        #expect(FeedPollDecision.needsHistory(r, feed: f, parsed: parsed))
        f.consecutiveFailures = 3
        #expect(FeedPollDecision.needsHistory(r, feed: f, parsed: parsed), "failing now, but its entries are stored")
    }

    @Test func fetchedFrenchFeedIsStoredWithValidatorsEntriesAndHints() throws {
        let r = result(.fetched, status: 200, headers: ["etag": "W/\"abc\"", "last-modified": "Sat, 28 Nov 2026 09:45:00 GMT",
                                                       "content-type": "application/rss+xml; charset=utf-8"], body: Self.frenchRSS)
        let d = try #require(decide(r, feed: try feed(failures: 2)))
        #expect(d.record.result == .success(etag: "W/\"abc\"", lastModified: "Sat, 28 Nov 2026 09:45:00 GMT",
                                            title: "Le Journal du Numérique", siteURL: "https://www.example.fr/"))
        #expect(d.counted == .fetched && d.failure == nil && d.move == nil)
        #expect(d.record.status == 200 && d.record.polledAt == now && d.record.movedTo == nil)
        #expect(d.entries.map(\.title) == ["L’Arcep publie son observatoire : la fibre dépasse le cuivre", "Mistral AI lève 600 millions d’euros"])
        #expect(d.entries[0].identity != d.entries[1].identity)
        #expect(d.entries[0].published == Date(timeIntervalSince1970: 1_795_854_600), "French RFC 822 date")
        #expect(d.record.hints?.ttlMinutes == 120)
        // <ttl>120 is obeyed: not before two hours.
        #expect(try #require(d.record.nextPollAt) >= now.addingTimeInterval(7200))
    }

    @Test func notModifiedKeepsTheFeedAndUsesItsHistory() throws {
        let r = result(.notModified, status: 304, headers: ["cache-control": "max-age=3600"])
        #expect(FeedPollDecision.needsHistory(r, feed: try feed(), parsed: nil))
        let d = try #require(decide(r, feed: try feed(failures: 3)))
        #expect(d.record.result == .notModified)
        #expect(d.counted == .notModified && d.entries.isEmpty && d.failure == nil)
        #expect(d.record.hints?.freshUntil == now.addingTimeInterval(3600))
        #expect(try #require(d.record.nextPollAt) >= now.addingTimeInterval(3600), "max-age is obeyed")
    }

    /// Regression: the stored entries' dates and the same entries parsed again were counted twice, so
    /// half the gaps were zero and a feed publishing every 15 h was polled as if it published every 4 h.
    @Test func refetchedEntriesCountOnceInThePublishingRhythm() throws {
        let r = result(.fetched, status: 200, headers: ["content-type": "application/rss+xml"],
                       body: Self.frenchRSS.replacingOccurrences(of: "<ttl>120</ttl>", with: ""))
        let item1 = Date(timeIntervalSince1970: 1_795_854_600)            // 28 Nov 08:30 GMT
        let item2 = Date(timeIntervalSince1970: 1_795_798_800)            // 27 Nov 17:00 GMT
        let earlier = item2.addingTimeInterval(-15.5 * 3600)
        let loose = FeedPollDecision.Settings(interval: 1800, minInterval: 900, maxInterval: 86_400)
        let d = try #require(FeedPollDecision.decide(r, feed: try feed(), parsed: FeedPollDecision.parse(r),
                                                      history: [item1, item2, earlier], settings: loose, now: now, jitter: 0.5))
        #expect(d.record.recentPublications == [item1, item2, earlier], "each time once, newest first")
        #expect(d.scheduleReason == "publishing rhythm")
        // Gaps 15.5 h and 15.5 h: half the median, 7.75 h (the duplicated dates gave 3.9 h).
        #expect(d.record.nextPollAt == now.addingTimeInterval(7.75 * 3600))
    }

    /// A 304 is decided from the times the feed's row recorded: no read of its entries.
    @Test func notModifiedUsesTheRecordedPublicationTimes() throws {
        var f = try feed()
        let r = result(.notModified, status: 304)
        #expect(FeedPollDecision.needsHistory(r, feed: f, parsed: nil), "nothing recorded yet: read the entries")
        f.recentPublications = [now.addingTimeInterval(-3600), now.addingTimeInterval(-5 * 3600), now.addingTimeInterval(-9 * 3600)]
        #expect(!FeedPollDecision.needsHistory(r, feed: f, parsed: nil))
        let loose = FeedPollDecision.Settings(interval: 1800, minInterval: 900, maxInterval: 86_400)
        let d = try #require(FeedPollDecision.decide(r, feed: f, parsed: nil, history: [], settings: loose, now: now, jitter: 0.5))
        #expect(d.scheduleReason == "publishing rhythm")
        #expect(d.record.nextPollAt == now.addingTimeInterval(2 * 3600), "half the 4 h gaps")
        #expect(d.record.recentPublications == nil, "the row keeps what it has")
        // Without recorded times, those read from the entries are decided on and recorded.
        f.recentPublications = nil
        let first = try #require(FeedPollDecision.decide(r, feed: f, parsed: nil, history: [now.addingTimeInterval(-3600)],
                                                          settings: loose, now: now, jitter: 0.5))
        #expect(first.record.recentPublications == [now.addingTimeInterval(-3600)])
    }

    @Test func goneIsNeverPolledAgain() throws {
        let r = result(.failed(FetchError(.http, "HTTP 410 Gone")), status: 410)
        #expect(!FeedPollDecision.needsHistory(r, feed: try feed(), parsed: nil))
        let d = try #require(decide(r, feed: try feed()))
        #expect(d.record.result == .failure(message: "HTTP 410 Gone", gone: true))
        #expect(d.record.nextPollAt == nil)
        #expect(d.failure == PollReport.Failure(feed: "Exemple", url: Self.url, message: "HTTP 410 Gone"))
        #expect(d.counted == nil)
    }

    @Test func tooManyRequestsWaitsForRetryAfter() throws {
        let r = result(.failed(FetchError(.http, "HTTP 429 Too Many Requests (Retry-After: 7200)")), status: 429,
                       headers: ["retry-after": "7200"])
        let d = try #require(decide(r, feed: try feed()))
        #expect(d.record.result == .failure(message: "HTTP 429 Too Many Requests (Retry-After: 7200)", gone: false))
        #expect(d.record.hints?.retryAfter == now.addingTimeInterval(7200))
        #expect(d.record.nextPollAt == now.addingTimeInterval(7200))
    }

    @Test func timeoutBacksOffWithTheFeedsFailures() throws {
        let r = result(.failed(FetchError(.timeout, "timed out after 30 s")), status: nil)
        let first = try #require(decide(r, feed: try feed()))
        let third = try #require(decide(r, feed: try feed(failures: 2)))
        #expect(first.record.result == .failure(message: "timed out after 30 s", gone: false))
        #expect(first.record.nextPollAt == now.addingTimeInterval(1800))
        #expect(third.record.nextPollAt == now.addingTimeInterval(7200), "×2 per consecutive failure")
        #expect(third.scheduleReason == "backoff after 3 failures")
    }

    @Test func htmlPageIsNotAFeedAndNamesTheFeedsItAdvertises() throws {
        let page = """
            <!DOCTYPE html><html><head><title>Accueil</title>
            <link rel="alternate" type="application/rss+xml" href="/feed/"></head><body><p>Bonjour</p></body></html>
            """
        let r = result(.fetched, status: 200, headers: ["content-type": "text/html; charset=utf-8"], body: page,
                       effectiveURL: "https://www.example.fr/")
        let parsed = FeedPollDecision.parse(r)
        #expect(!FeedPollDecision.needsHistory(r, feed: try feed(), parsed: parsed))
        let d = try #require(FeedPollDecision.decide(r, feed: try feed(), parsed: parsed, history: [], settings: settings,
                                                      now: now, jitter: 0.5))
        #expect(d.record.result == .failure(message: "not a feed: an HTML page; the page advertises: https://www.example.fr/feed/", gone: false))
        #expect(d.entries.isEmpty && d.counted == nil)
        #expect(d.record.nextPollAt == now.addingTimeInterval(1800))
    }

    @Test func sniffedAndEmptyBodiesSayWhatTheyAreOnce() throws {
        let png = FetchResult(request: FetchRequest(key: 1, url: Self.url), outcome: .fetched, effectiveURL: Self.url, status: 200,
                              headers: ["content-type": "image/png"], body: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        let d = try #require(decide(png, feed: try feed()))
        #expect(d.failure?.message == "not a feed: the server sent a PNG image (image/png, 10 bytes)")
        let empty = try #require(decide(result(.fetched, status: 200), feed: try feed()))
        #expect(empty.failure?.message == "not a feed: empty response body")
        let blank = try #require(decide(result(.fetched, status: 200, body: " \n"), feed: try feed()))
        #expect(blank.failure?.message == "not a feed: empty document", "the parser's reason is not prefixed twice")
    }

    @Test func permanentRedirectIsReportedOnce() throws {
        let target = "https://www.example.fr/rss.xml"
        let r = result(.fetched, status: 200, headers: ["content-type": "application/rss+xml"], body: Self.frenchRSS,
                       effectiveURL: target, permanentRedirect: target)
        let d = try #require(decide(r, feed: try feed()))
        #expect(d.record.movedTo == target)
        #expect(d.move == PollReport.Move(feed: "Exemple", from: Self.url, to: target))
        // Once followed, the same redirect is no news.
        var moved = try feed()
        moved.fetchURL = target
        let again = try #require(decide(r, feed: moved))
        #expect(again.move == nil && again.record.movedTo == nil)
    }

    @Test func cancelledTransferLeavesTheFeedUntouched() throws {
        let r = result(.failed(FetchError(.cancelled, "cancelled")), status: nil)
        #expect(decide(r, feed: try feed()) == nil)
    }

    @Test func historyAndNewEntriesSetTheRhythm() throws {
        // A feed that publishes every 10 minutes is polled at min_interval, not every 30 min.
        let history = (1...20).map { now.addingTimeInterval(Double(-600 * $0)) }
        let d = try #require(decide(result(.notModified, status: 304), feed: try feed(), history: history))
        let next = try #require(d.record.nextPollAt)
        #expect(next < now.addingTimeInterval(1800))
        #expect(d.scheduleReason == "publishing rhythm")
    }
}
