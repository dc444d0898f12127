import Foundation
import Logging
import Testing
import TestSupport
import StoryClustering
import VeilleStore
@testable import VeilleCore

/// Clustering inside the poll cycle: stories across outlets, stable across cycles and restarts.
@Suite("Stories in the pipeline", .serialized)
struct StoryAssignmentTests {
    let server = LoopbackServer.shared

    func config(_ dir: TemporaryDirectory, _ feeds: [(String, String)]) throws -> Configuration {
        var c = Configuration()
        c.daemon.stateDir = dir.path
        c.feeds = try feeds.map { FeedConfig(name: $0.0, url: try #require(URL(string: server.url($0.1)))) }
        return c
    }

    func engine(_ c: Configuration, now: Date) throws -> VeilleEngine {
        try VeilleEngine(configuration: c, paths: StatePaths.resolve(c, environment: [:]), logger: Logger(label: "t"), now: { now })
    }

    func story(_ store: Store, titled prefix: String) throws -> String? {
        try store.entries(firstSeenSince: .distantPast).first { $0.title.hasPrefix(prefix) }?.storyID
    }

    @Test func sameEventAcrossOutletsIsOneStoryDifferentEventsStayApart() async throws {
        let dir = TemporaryDirectory()
        let now = Date(timeIntervalSince1970: 1_795_860_000)   // 28 Nov 2026 10:00 GMT
        let c = try config(dir, [("Numerama", "/feeds/numerama.xml"), ("01net", "/feeds/01net.xml")])
        let e = try engine(c, now: now)
        let report = try await e.pollOnce()
        #expect(report.newEntries == 6)
        #expect(report.timings.contains { $0.stage == "cluster" })
        let store = e.store
        let all = try store.entries(firstSeenSince: .distantPast)
        #expect(all.allSatisfy { $0.storyID != nil })
        let gptNumerama = try story(store, titled: "OpenAI lance GPT-4.5")
        let gpt01 = try story(store, titled: "GPT-4.5 : OpenAI lance")
        let muskNumerama = try story(store, titled: "Elon Musk propose")
        let musk01 = try story(store, titled: "Elon Musk offre")
        #expect(gptNumerama != nil && gptNumerama == gpt01)
        #expect(muskNumerama != nil && muskNumerama == musk01)
        #expect(gptNumerama != muskNumerama, "same company, different events")
        let pixel = try story(store, titled: "Test du Pixel 10")
        #expect(pixel != gptNumerama && pixel != muskNumerama)
        let s = try store.stories(ids: [gptNumerama!])
        #expect(s.first?.sourceCount == 2)
        let joined = all.first { $0.title.hasPrefix("GPT-4.5 : OpenAI lance") || $0.title.hasPrefix("OpenAI lance GPT-4.5") && $0.clusterReason != "newStory" }
        #expect(joined != nil)
    }

    @Test func storiesSurviveARestart() async throws {
        let dir = TemporaryDirectory()
        let now = Date(timeIntervalSince1970: 1_795_860_000)
        var c = try config(dir, [("Numerama", "/feeds/numerama.xml")])
        let first = try engine(c, now: now)
        _ = try await first.pollOnce()
        let before = try story(first.store, titled: "OpenAI lance GPT-4.5")
        #expect(before != nil)

        // A new process: the 01net feed arrives later and joins the stored story.
        c.feeds.append(FeedConfig(name: "01net", url: URL(string: server.url("/feeds/01net.xml"))!))
        let second = try engine(c, now: now.addingTimeInterval(1800))
        _ = try await second.pollOnce()
        #expect(try story(second.store, titled: "OpenAI lance GPT-4.5") == before, "stored stories keep their ids")
        #expect(try story(second.store, titled: "GPT-4.5 : OpenAI lance") == before)
    }

    @Test func entriesBeforeTheDigestHorizonGetTheirOwnStoryWithoutAnalysis() async throws {
        let dir = TemporaryDirectory()
        let monthLater = Date(timeIntervalSince1970: 1_795_860_000 + 35 * 86_400)
        let c = try config(dir, [("Numerama", "/feeds/numerama.xml"), ("01net", "/feeds/01net.xml")])
        let e = try engine(c, now: monthLater)
        let report = try await e.pollOnce()
        let all = try e.store.entries(firstSeenSince: .distantPast)
        #expect(all.count == 6)
        #expect(Set(report.settledEntryIDs) == Set(all.map(\.id)), "settled as they were stored, not read back to be clustered")
        // Published a month before this first poll: no digest will show them, so no analysis.
        #expect(all.allSatisfy { $0.clusterReason == ClusterAssignment.Reason.beforeDigestHorizon.rawValue && $0.storyID == "s-e\($0.id)" })
        #expect(all.allSatisfy { $0.threadID == "t-e\($0.id)" }, "and a thread of their own")
    }

    /// Entries stored but never clustered (a crash between the two commits) are healed by the next
    /// process: clustered if a digest can still show them, given a story of their own if they were
    /// reported before the digest horizon, as a poll settles such entries.
    @Test func crashOrphansAreHealedOnRestart() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("state/veille.sqlite"))
        let feed = try store.syncFeeds([FeedSpec(url: "https://www.numerama.com/feed/", name: "Numerama")])[0].id
        let now = Date(timeIntervalSince1970: 1_795_860_000)
        func insert(_ id: String, _ title: String, daysAgo: Double) throws -> Int64 {
            let date = now.addingTimeInterval(-daysAgo * 86_400)
            return try store.recordPoll(FeedPollRecord(feedID: feed, result: .notModified, status: 200, polledAt: date, nextPollAt: nil),
                                        entries: [EntryInput(identity: "guid:\(id)", guid: id, url: "https://www.numerama.com/\(id).html",
                                                             title: title, summary: "", published: date)]).inserted[0]
        }
        let old = try insert("vieux", "La Cnil inflige une amende de 5 millions d'euros à un courtier en données", daysAgo: 10)
        let recent = try insert("hier", "Free relève le prix de sa Freebox Pop de trois euros par mois", daysAgo: 1)
        let new = try insert("neuf", "Orvane rachète l'éditeur Brelis pour 2 milliards d'euros", daysAgo: 0)
        try StoryAssigner(store: store, window: 72 * 3600, digestDays: 7).assign(entryIDs: [new], now: now)
        let stored = Dictionary(uniqueKeysWithValues: try store.entries(firstSeenSince: .distantPast).map { ($0.id, $0) })
        #expect(stored[new]?.clusterReason == ClusterAssignment.Reason.newStory.rawValue)
        #expect(stored[recent]?.clusterReason == ClusterAssignment.Reason.newStory.rawValue && stored[recent]?.threadID != nil)
        #expect(stored[old]?.clusterReason == ClusterAssignment.Reason.beforeDigestHorizon.rawValue)
        #expect(stored[old]?.storyID == "s-e\(old)" && stored[old]?.threadID == "t-e\(old)")
    }
}
