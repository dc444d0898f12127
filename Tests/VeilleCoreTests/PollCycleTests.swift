import FeedFetching
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport
import VeilleStore
@testable import VeilleCore

/// A whole cycle against the loopback server: fetch, parse, store, schedule.
@Suite("Poll cycle")
struct PollCycleTests {
    let server = LoopbackServer.shared
    let t0 = Date(timeIntervalSince1970: 1_795_860_000)   // Saturday 28 November 2026, 10:00 GMT

    final class Clock: Sendable {
        let value: Mutex<Date>
        init(_ d: Date) { value = Mutex(d) }
        var now: Date { value.withLock { $0 } }
        func advance(_ s: Double) { value.withLock { $0 = $0.addingTimeInterval(s) } }
    }

    func config(_ feeds: [(String, String)]) throws -> Configuration {
        var c = Configuration()
        c.daemon.timeout = 5
        c.daemon.connectTimeout = 2
        c.feeds = try feeds.map { FeedConfig(name: $0.0, url: try #require(URL(string: server.url($0.1))), tags: ["tech"]) }
        return c
    }

    func cycle(_ c: Configuration, _ store: Store, _ clock: Clock) -> PollCycle {
        PollCycle(configuration: c, store: store, logger: Logger(label: "test"), now: { clock.now }, random: { 0.5 })
    }

    @Test func firstCycleStoresEntriesSecondIsNotModified() async throws {
        let store = try Store()
        let clock = Clock(t0)
        let c = try config([("Numerama", "/feed"), ("Réseau", "/feeds/reseau-latin1.xml?ct=application/rss%2Bxml")])
        let r1 = try await cycle(c, store, clock).run()
        #expect(r1.polled == 2 && r1.fetched == 2 && r1.failures.isEmpty)
        #expect(r1.newEntries == 4)
        let entries = try store.entries(firstSeenSince: .distantPast)
        #expect(entries.contains { $0.title == "OpenAI lance GPT-4.5, son modèle le plus « émotionnel »" })
        #expect(entries.contains { $0.title == "Fibre : l'Arcep publie son observatoire du troisième trimestre" }, "ISO-8859-1 decoded")
        let numerama = try #require(try store.feeds().first { $0.name == "Numerama" })
        #expect(numerama.etag == "W/\"numerama-42\"")
        #expect(numerama.hints.updatePeriod == "hourly")
        // Cache-Control max-age=1800 and the 30 min interval: next poll in 30 min ± spread, not before.
        #expect(numerama.nextPollAt! >= t0.addingTimeInterval(1800))

        // Nothing is due a minute later.
        clock.advance(60)
        #expect(try await cycle(c, store, clock).run().polled == 0)

        // Forced: the server answers 304 to the stored validators; nothing new.
        let r2 = try await cycle(c, store, clock).run(all: true)
        #expect(r2.notModified == 1 && r2.fetched == 1 && r2.newEntries == 0 && r2.updatedEntries == 0)
        #expect(try store.entries(firstSeenSince: .distantPast).count == 4)
    }

    @Test func aCycleWhoseFeedsAreInSyncReadsThemWithoutSyncing() async throws {
        let store = try Store()
        let clock = Clock(t0)
        let one = try config([("Numerama", "/feed")])
        try store.syncFeeds(one.feedSpecs)
        // The engine syncs on open and on reload; its cycles only read the feeds.
        let two = try config([("Numerama", "/feed"), ("Réseau", "/feeds/reseau-latin1.xml?ct=application/rss%2Bxml")])
        let inSync = PollCycle(configuration: two, store: store, logger: Logger(label: "test"), now: { clock.now }, random: { 0.5 },
                               feedsInSync: true)
        #expect(try await inSync.run(all: true).polled == 1)
        #expect(try store.feeds().map(\.name) == ["Numerama"])
        #expect(try await cycle(two, store, clock).run(all: true).polled == 2, "a cycle on its own syncs first")
    }

    @Test func failuresAreReportedPerFeedAndTheCycleGoesOn() async throws {
        let store = try Store()
        let clock = Clock(t0)
        let c = try config([("Ok", "/feed"), ("Absent", "/status/404"), ("Page", "/html"), ("Vide", "/empty"),
                            ("Surchargé", "/status/503?retry=3600")])
        let r = try await cycle(c, store, clock).run()
        #expect(r.fetched == 1)
        let byFeed = Dictionary(uniqueKeysWithValues: r.failures.map { ($0.feed, $0.message) })
        #expect(byFeed["Absent"] == "HTTP 404 Not Found")
        #expect(byFeed["Page"]?.hasPrefix("not a feed:") == true)
        #expect(byFeed["Page"]?.contains("/feed/") == true, "the page's advertised feeds are named")
        #expect(byFeed["Vide"] == "not a feed: empty response body")
        #expect(byFeed["Surchargé"] == "HTTP 503 Service Unavailable (Retry-After: 3600)")
        let feeds = try store.feeds()
        let busy = try #require(feeds.first { $0.name == "Surchargé" })
        #expect(busy.nextPollAt == t0.addingTimeInterval(3600), "Retry-After is obeyed")
        #expect(busy.consecutiveFailures == 1 && busy.lastError == byFeed["Surchargé"])
        let absent = try #require(feeds.first { $0.name == "Absent" })
        #expect(absent.nextPollAt == t0.addingTimeInterval(1800))
    }

    @Test func goneFeedsAreSkippedAfterwards() async throws {
        let store = try Store()
        let clock = Clock(t0)
        let c = try config([("Disparu", "/status/410")])
        let r = try await cycle(c, store, clock).run()
        #expect(r.failures.map(\.message) == ["HTTP 410 Gone"])
        #expect(try store.feeds()[0].gone)
        clock.advance(7 * 86_400)
        #expect(try await cycle(c, store, clock).run().polled == 0)
        #expect(try await cycle(c, store, clock).run(all: true).polled == 0)
    }

    @Test func permanentRedirectIsFollowedFromThenOnAndReported() async throws {
        let store = try Store()
        let clock = Clock(t0)
        let c = try config([("Déménagé", "/redirect/301/1")])
        let r = try await cycle(c, store, clock).run()
        #expect(r.fetched == 1)
        #expect(r.moves == [PollReport.Move(feed: "Déménagé", from: server.url("/redirect/301/1"), to: server.url("/feed"))])
        let f = try store.feeds()[0]
        #expect(f.effectiveURL == server.url("/feed"))
        #expect(f.url == server.url("/redirect/301/1"), "Feeds.toml's URL is not rewritten silently")
        let again = try await cycle(c, store, clock).run(all: true)
        #expect(again.moves.isEmpty && again.notModified == 1)
    }

    @Test func backoffGrowsWithConsecutiveFailures() async throws {
        let store = try Store()
        let clock = Clock(t0)
        let c = try config([("Cassé", "/status/500")])
        var delays: [Double] = []
        for _ in 0..<4 {
            _ = try await cycle(c, store, clock).run(all: true)
            delays.append(try store.feeds()[0].nextPollAt!.timeIntervalSince(clock.now))
        }
        #expect(delays == [1800, 3600, 7200, 14_400])
    }
}
