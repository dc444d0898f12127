import Foundation
import GRDB
import Testing
@testable import VeilleStore

/// Threads in the store: the v4 migration, the thread and link each assignment writes, thread merges
/// and the queries the digest makes.
@Suite("Threads in the store")
struct ThreadStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)   // 2026-11-18

    /// A store with one feed per name and one entry per (feed index, title, first-seen offset in hours).
    func store(_ entries: [(feed: Int, title: String, hours: Double)]) throws -> (Store, [Int64]) {
        let store = try Store()
        let feeds = try store.syncFeeds([FeedSpec(url: "https://www.lesechos.fr/rss", name: "Les Echos"),
                                         FeedSpec(url: "https://www.numerama.com/feed/", name: "Numerama")])
        var ids: [Int64] = []
        for (i, e) in entries.enumerated() {
            let at = t0.addingTimeInterval(e.hours * 3600)
            ids += try store.recordPoll(FeedPollRecord(feedID: feeds[e.feed].id, result: .notModified, status: 200, polledAt: at, nextPollAt: nil),
                                        entries: [EntryInput(identity: "guid:\(i)", title: e.title, summary: "")]).inserted
        }
        return (store, ids)
    }

    @Test func aVersion3DatabaseIsMigratedWithEveryStoryInAThreadOfItsOwn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veille-mig4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("veille.sqlite").path
        // A database as veille left it before threads: stories, entries assigned to them, one orphan entry.
        let v3 = try Store.openForTesting(path: path, upTo: "v3-entry-feed-dates")
        try v3.write { db in
            try db.execute(sql: "INSERT INTO feed (url, name) VALUES ('https://www.lesechos.fr/rss', 'Les Echos')")
            try db.execute(sql: """
                INSERT INTO story (id, first_report_at, last_source_at, source_count)
                VALUES ('s-e1', '2026-11-26 08:00:00.000', '2026-11-26 09:00:00.000', 1);
                INSERT INTO entry (feed_id, identity, title, summary, first_seen_at, content_hash, story_id, cluster_score, cluster_terms, cluster_reason)
                VALUES (1, 'guid:1', 'Mistral AI dépose son dossier d''introduction en Bourse', 'résumé', '2026-11-26 08:00:00.000', 'x',
                        's-e1', 1, '', 'newStory');
                INSERT INTO entry (feed_id, identity, title, summary, first_seen_at, content_hash, story_id, cluster_score, cluster_terms, cluster_reason)
                VALUES (1, 'guid:2', 'Mistral AI en Bourse : le dossier déposé', 'résumé', '2026-11-26 09:00:00.000', 'y',
                        's-e1', 0.8, 'Mistral AI' || char(9) || 'Bourse', 'event');
                INSERT INTO entry (feed_id, identity, title, summary, first_seen_at, content_hash)
                VALUES (1, 'guid:3', 'Sans histoire', 'résumé', '2026-11-26 10:00:00.000', 'z');
                """)
        }
        try v3.close()

        let store = try Store(path: path)
        let story = try #require(try store.stories(ids: ["s-e1"]).first)
        #expect(story.threadID == "t-e1")
        #expect(story.threadLink == nil)
        #expect(story.sourceCount == 1)
        let entries = try store.entries(firstSeenSince: .distantPast)
        #expect(entries.map(\.title).count == 3, "no entry is lost")
        #expect(entries.map(\.storyID) == ["s-e1", "s-e1", nil])
        #expect(entries.map(\.threadID) == ["t-e1", "t-e1", nil], "the restore path reads each entry's thread")
        #expect(entries[1].clusterTerms == ["Mistral AI", "Bourse"] && entries[1].clusterReason == "event")
        #expect(try store.stories(inThreads: ["t-e1"]).map(\.id) == ["s-e1"])
        let indexes = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'story'") }
        #expect(indexes.contains("story_thread"))

        // The orphan gets a story in a thread of its own, as new entries do.
        try store.assignStories([StoryAssignment(entryID: entries[2].id, storyID: "s-e3", threadID: "t-e3", score: 1, terms: [], reason: "newStory")])
        #expect(try store.stories(ids: ["s-e3"]).map(\.threadID) == ["t-e3"])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func assignmentsWriteTheLatestThreadAndKeepTheLink() throws {
        let (store, ids) = try store([(0, "Mistral AI dépose son dossier d'introduction en Bourse", 0),
                                      (1, "Mistral AI fixe le prix de son introduction en Bourse", 48),
                                      (0, "Introduction de Mistral AI : le prix fixé à 38 euros", 49)])
        try store.assignStories([StoryAssignment(entryID: ids[0], storyID: "s-a", threadID: "t-a", score: 1, terms: [], reason: "newStory")])
        // The second event founds its own story and is linked to the first event's thread.
        let link = StoredThreadLink(eventID: "s-a", score: 0.72, terms: ["Mistral AI", "introduction en Bourse"])
        try store.assignStories([StoryAssignment(entryID: ids[1], storyID: "s-b", threadID: "t-a", score: 1, terms: [], reason: "newStory", threadLink: link)])
        var b = try #require(try store.stories(ids: ["s-b"]).first)
        #expect(b.threadID == "t-a" && b.threadLink == link)
        // A later source of the event, without a link of its own, keeps the event's link.
        try store.assignStories([StoryAssignment(entryID: ids[2], storyID: "s-b", threadID: "t-a", score: 0.8, terms: ["38 euros"], reason: "event")])
        b = try #require(try store.stories(ids: ["s-b"]).first)
        #expect(b.threadLink == link && b.sourceCount == 2)
        #expect(try store.entries(inStories: ["s-b"]).map(\.threadID) == ["t-a", "t-a"])
        // The story row's thread is the latest assignment's thread.
        try store.assignStories([StoryAssignment(entryID: ids[2], storyID: "s-b", threadID: "t-z", score: 0.8, terms: [], reason: "event")])
        #expect(try store.stories(ids: ["s-b"]).map(\.threadID) == ["t-z"])
        #expect(try store.stories(inThreads: ["t-a", "t-z"]).map(\.id) == ["s-a", "s-b"], "oldest first")
    }

    @Test func mergingAThreadMovesAllItsEvents() throws {
        let (store, ids) = try store([(0, "Free annonce une hausse du prix de la Freebox Pop", 0),
                                      (1, "Freebox Pop : les abonnés dénoncent la hausse", 30),
                                      (1, "Free recule sur la hausse de la Freebox Pop", 60),
                                      (0, "Panne chez Orange : le 112 inaccessible", 61)])
        try store.assignStories([
            StoryAssignment(entryID: ids[0], storyID: "s-a", threadID: "t-a", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[1], storyID: "s-b", threadID: "t-b", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[2], storyID: "s-c", threadID: "t-b", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[3], storyID: "s-d", threadID: "t-d", score: 1, terms: [], reason: "newStory"),
        ])
        try store.mergeThread("t-b", into: "t-a")
        #expect(try store.stories(inThreads: ["t-a"]).map(\.id) == ["s-a", "s-b", "s-c"])
        #expect(try store.stories(inThreads: ["t-b"]).isEmpty)
        #expect(try store.stories(ids: ["s-d"]).map(\.threadID) == ["t-d"], "other threads are untouched")
        #expect(try store.entries(inStories: ["s-b", "s-c"]).allSatisfy { $0.threadID == "t-a" })
        try store.mergeThread("t-a", into: "t-a")
        #expect(try store.stories(inThreads: ["t-a"]).count == 3)
    }

    @Test func earlierEventsOfAThreadAreThoseFirstReportedBeforeADay() throws {
        let (store, ids) = try store([(0, "Jour 1", 0), (0, "Jour 2", 24), (1, "Jour 3", 48), (1, "Autre sujet", 10)])
        try store.assignStories([
            StoryAssignment(entryID: ids[0], storyID: "s-1", threadID: "t-1", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[1], storyID: "s-2", threadID: "t-1", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[2], storyID: "s-3", threadID: "t-1", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[3], storyID: "s-4", threadID: "t-4", score: 1, terms: [], reason: "newStory"),
        ])
        let before = try store.stories(inThreads: ["t-1", "t-4"], firstReportedBefore: t0.addingTimeInterval(48 * 3600))
        #expect(before.map(\.id) == ["s-1", "s-4", "s-2"])
        #expect(before.map(\.firstReportAt) == [t0, t0.addingTimeInterval(10 * 3600), t0.addingTimeInterval(24 * 3600)])
        #expect(try store.stories(inThreads: []).isEmpty)
        #expect(try store.stories(inThreads: ["t-nul"]).isEmpty)
    }

    @Test func aMergedStoryKeepsItsThreadAndInheritsALink() throws {
        let (store, ids) = try store([(0, "Mistral AI fixe le prix", 0), (1, "Le prix de Mistral AI", 1)])
        let link = StoredThreadLink(eventID: "s-0", score: 0.6, terms: ["Mistral AI"])
        try store.assignStories([
            StoryAssignment(entryID: ids[0], storyID: "s-a", threadID: "t-0", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[1], storyID: "s-b", threadID: "t-b", score: 1, terms: [], reason: "newStory", threadLink: link),
        ])
        try store.mergeStory("s-b", into: "s-a")
        let a = try #require(try store.stories(ids: ["s-a"]).first)
        #expect(a.threadID == "t-0" && a.threadLink == link)
        #expect(try store.entries(inStories: ["s-a"]).map(\.threadID) == ["t-0", "t-0"])
    }

    /// A later event's link to an event that was then absorbed names the survivor ("Précédemment" would
    /// otherwise point at a story that is gone).
    @Test func linksToAnAbsorbedStoryNameTheSurvivor() throws {
        let (store, ids) = try store([(0, "Panne géante chez Telcora", 0), (1, "Telcora s’excuse pour un incident", 1),
                                      (0, "Telcora promet un dédommagement", 30)])
        try store.assignStories([
            StoryAssignment(entryID: ids[0], storyID: "s-a", threadID: "t-a", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[1], storyID: "s-b", threadID: "t-a", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: ids[2], storyID: "s-c", threadID: "t-a", score: 1, terms: [], reason: "newStory",
                            threadLink: StoredThreadLink(eventID: "s-b", score: 0.8, terms: ["Telcora"])),
        ])
        // The moved entries are returned: the digests of their days change (VeilleEngine rewrites them).
        #expect(try store.mergeStory("s-b", into: "s-a") == [ids[1]])
        #expect(try store.stories(ids: ["s-c"]).first?.threadLink?.eventID == "s-a")
        #expect(try store.stories(ids: ["s-b"]).isEmpty)
        #expect(try store.entries(inStories: ["s-a"]).count == 2)
    }
}
