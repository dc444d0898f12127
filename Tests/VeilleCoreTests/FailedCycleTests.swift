import Foundation
import GRDB
import Testing
import TestSupport
import VeilleStore
@testable import VeilleCore

@Suite("A failed clustering cycle")
struct FailedCycleTests {
    /// A cycle whose writes fail part-way must not keep a clusterer holding decisions the store lacks:
    /// it is dropped, and the next cycle rebuilds it from the store (a write is refused here by a
    /// trigger another connection adds, as a full disk or a corrupted page would refuse it).
    @Test func aCycleThatFailsDropsTheClustererAndTheNextRebuildsIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("state/veille.sqlite")
        let store = try Store(path: path)
        let feed = try store.syncFeeds([FeedSpec(url: "https://www.numerama.com/feed/", name: "Numerama")])[0].id
        let now = Date(timeIntervalSince1970: 1_795_860_000)
        func insert(_ id: String, _ title: String, at date: Date) throws -> Int64 {
            try store.recordPoll(FeedPollRecord(feedID: feed, result: .notModified, status: 200, polledAt: date, nextPollAt: nil),
                                 entries: [EntryInput(identity: "guid:\(id)", guid: id, url: "https://www.numerama.com/\(id).html",
                                                      title: title, summary: "", published: date)]).inserted[0]
        }
        let assigner = StoryAssigner(store: store, window: 72 * 3600, digestDays: 7)
        let first = try insert("free", "Free relève le prix de sa Freebox Pop de trois euros par mois", at: now)
        try assigner.assign(entryIDs: [first], now: now)
        #expect(assigner.clustererBuiltAt == now)

        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "CREATE TRIGGER refuse BEFORE UPDATE OF story_id ON entry BEGIN SELECT RAISE(ABORT, 'refused'); END") }
        let second = try insert("cnil", "La Cnil inflige une amende de 5 millions d'euros à un courtier en données", at: now.addingTimeInterval(600))
        #expect(throws: StoreError.self) { try assigner.assign(entryIDs: [second], now: now.addingTimeInterval(600)) }
        #expect(assigner.clustererBuiltAt == nil, "dropped: it had clustered an entry the store did not take")

        try other.write { try $0.execute(sql: "DROP TRIGGER refuse") }
        let later = now.addingTimeInterval(1200)
        try assigner.assign(entryIDs: [second], now: later)
        #expect(assigner.clustererBuiltAt == later, "rebuilt from the store")
        let stored = Dictionary(uniqueKeysWithValues: try store.entries(firstSeenSince: .distantPast).map { ($0.id, $0) })
        #expect(stored[first]?.storyID == "s-e\(first)")
        #expect(stored[second]?.storyID == "s-e\(second)" && stored[second]?.threadID == "t-e\(second)")
    }
}
