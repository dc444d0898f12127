import Foundation
import GRDB
import Testing
import TestSupport
@testable import VeilleStore

@Suite("SQLite store")
struct StoreTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)   // 2026-11-18

    func entry(_ id: String, _ title: String, summary: String = "Résumé", published: Date? = nil) -> EntryInput {
        EntryInput(identity: "guid:\(id)", guid: id, url: "https://www.numerama.com/\(id).html",
                   canonicalURL: "https://numerama.com/\(id).html", title: title, summary: summary, published: published)
    }

    func success(_ feedID: Int64, at date: Date, etag: String? = "\"e1\"") -> FeedPollRecord {
        FeedPollRecord(feedID: feedID, result: .success(etag: etag, lastModified: "Sat, 28 Nov 2026 10:00:00 GMT", title: "Numerama", siteURL: nil),
                       status: 200, polledAt: date, nextPollAt: date.addingTimeInterval(1800))
    }

    @Test func syncAddsRenamesMovesAndRetiresFeeds() throws {
        let store = try Store()
        var feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/feed", name: "A", tags: ["tech"]),
                                         FeedSpec(url: "https://b.example/feed", name: "B")])
        #expect(feeds.map(\.name) == ["A", "B"])
        #expect(feeds[0].tags == ["tech"])
        let idA = feeds[0].id, idB = feeds[1].id
        try store.recordPoll(success(idB, at: t0), entries: [entry("1", "Un")])

        // A renamed (same URL), B moved (same name, new URL), C new.
        feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/feed", name: "A prime"),
                                     FeedSpec(url: "https://b2.example/rss", name: "B"),
                                     FeedSpec(url: "https://c.example/feed", name: "C", enabled: false)])
        #expect(feeds.map(\.id).prefix(2) == [idA, idB])
        #expect(feeds[0].name == "A prime")
        #expect(feeds[1].url == "https://b2.example/rss")
        #expect(feeds[1].etag == nil, "validators of the old URL must not be sent to the new one")
        #expect(feeds[1].entryCount == 1, "history is kept across a URL edit")
        #expect(feeds[2].enabled == false)

        feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/feed", name: "A prime")])
        #expect(feeds.map(\.id) == [idA])
        #expect(try store.entries(firstSeenSince: .distantPast).count == 1, "a removed feed's entries stay for past digests")
    }

    @Test func dueFeedsRespectScheduleEnabledAndGone() throws {
        let store = try Store()
        let feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A"), FeedSpec(url: "https://b.example/", name: "B"),
                                         FeedSpec(url: "https://c.example/", name: "C", enabled: false), FeedSpec(url: "https://d.example/", name: "D")])
        #expect(try store.dueFeeds(at: t0).map(\.name) == ["A", "B", "D"])
        try store.recordPoll(success(feeds[0].id, at: t0))
        try store.recordPoll(FeedPollRecord(feedID: feeds[3].id, result: .failure(message: "HTTP 410 Gone", gone: true),
                                            status: 410, polledAt: t0, nextPollAt: nil))
        #expect(try store.dueFeeds(at: t0.addingTimeInterval(60)).map(\.name) == ["B"])
        #expect(try store.dueFeeds(at: t0.addingTimeInterval(1800)).map(\.name) == ["A", "B"])
        let d = try store.feeds().first { $0.name == "D" }!
        #expect(d.gone && d.lastError == "HTTP 410 Gone" && d.consecutiveFailures == 1 && d.lastStatus == 410)
    }

    @Test func validatorsAndHealthAreStoredByteExact() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        try store.recordPoll(success(id, at: t0, etag: "W/\"é-42\" "))
        var f = try store.feeds()[0]
        #expect(f.etag == "W/\"é-42\" ")
        #expect(f.lastModified == "Sat, 28 Nov 2026 10:00:00 GMT")
        #expect(f.lastSuccessAt == t0 && f.title == "Numerama")
        try store.recordPoll(FeedPollRecord(feedID: id, result: .failure(message: "timed out", gone: false), status: nil,
                                            polledAt: t0.addingTimeInterval(60), nextPollAt: nil))
        try store.recordPoll(FeedPollRecord(feedID: id, result: .failure(message: "HTTP 503 Service Unavailable", gone: false), status: 503,
                                            polledAt: t0.addingTimeInterval(120), nextPollAt: nil, movedTo: "https://a2.example/"))
        f = try store.feeds()[0]
        #expect(f.consecutiveFailures == 2)
        #expect(f.lastError == "HTTP 503 Service Unavailable")
        #expect(f.etag == "W/\"é-42\" ", "a failure keeps the validators")
        #expect(f.effectiveURL == "https://a2.example/")
        try store.recordPoll(FeedPollRecord(feedID: id, result: .notModified, status: 304, polledAt: t0.addingTimeInterval(180), nextPollAt: nil))
        f = try store.feeds()[0]
        #expect(f.consecutiveFailures == 0 && f.lastError == nil && f.lastStatus == 304)
    }

    @Test func hintsRoundTrip() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        let hints = StoredFeedHints(ttlMinutes: 60, updatePeriod: "hourly", updateFrequency: 2, skipHours: [0, 1, 23],
                                    skipDays: ["Sunday"], freshUntil: t0, retryAfter: t0.addingTimeInterval(120))
        var poll = success(id, at: t0)
        poll.hints = hints
        try store.recordPoll(poll)
        #expect(try store.feeds()[0].hints == hints)
    }

    @Test func recentPublicationTimesRoundTripAndAreKeptByAPollThatHasNone() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        #expect(try store.feeds()[0].recentPublications == nil, "never recorded")
        let times = [t0, t0.addingTimeInterval(-3600), t0.addingTimeInterval(-7200.5)]
        var poll = success(id, at: t0)
        poll.recentPublications = PublicationTimes.recent(times)
        try store.recordPoll(poll)
        let stored = [t0, t0.addingTimeInterval(-3600), t0.addingTimeInterval(-7201)]
        #expect(try store.activeFeeds()[0].recentPublications == stored, "whole seconds, newest first")
        try store.recordPoll(FeedPollRecord(feedID: id, result: .notModified, status: 304, polledAt: t0.addingTimeInterval(60),
                                            nextPollAt: t0.addingTimeInterval(1860)))
        #expect(try store.feeds()[0].recentPublications == stored)
        poll.recentPublications = []
        try store.recordPoll(poll)
        #expect(try store.feeds()[0].recentPublications == [], "recorded as none, not unknown")
    }

    /// An unchanged Feeds.toml costs no comparison at start; any change to the list, or to the synced
    /// columns by anything else, makes the next sync compare every row again.
    @Test func anUnchangedFeedListIsNotSyncedTwice() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veille-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("veille.sqlite").path
        let store = try Store(path: path)
        var specs = [FeedSpec(url: "https://www.numerama.com/feed/", name: "Numerama", tags: ["tech"]),
                     FeedSpec(url: "https://www.01net.com/feed/", name: "01net")]
        #expect(try store.syncFeedsIfChanged(specs))
        #expect(try !store.syncFeedsIfChanged(specs), "same list: nothing compared")
        specs[1].tags = ["tech", "télécoms"]
        #expect(try store.syncFeedsIfChanged(specs))
        #expect(try store.feeds().map(\.tags) == [["tech"], ["tech", "télécoms"]])
        #expect(try !store.syncFeedsIfChanged(specs))
        // Something else renames a feed in the database: the fingerprint is forgotten, the row mended.
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "UPDATE feed SET name = 'Autre' WHERE url = 'https://www.01net.com/feed/'") }
        try q.close()
        #expect(try store.syncFeedsIfChanged(specs))
        #expect(try store.feeds().map(\.name) == ["Numerama", "01net"])
        // A full sync leaves its fingerprint too.
        specs.removeLast()
        try store.syncFeeds(specs)
        #expect(try !store.syncFeedsIfChanged(specs))
        #expect(try store.feeds().map(\.name) == ["Numerama"])
    }

    @Test func recentPublicationsAreTheNewestDistinctTimes() {
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        let dates = (0..<40).map { base.addingTimeInterval(Double($0) * 60) } + [base, base.addingTimeInterval(0.4)]
        let recent = PublicationTimes.recent(dates.shuffled())
        #expect(recent.count == PublicationTimes.kept)
        #expect(recent.first == base.addingTimeInterval(39 * 60) && recent.last == base.addingTimeInterval(10 * 60))
        #expect(Set(recent).count == recent.count)
        #expect(PublicationTimes.recent([base, base.addingTimeInterval(0.4)]) == [base], "one second, one time")
        #expect(PublicationTimes.dates(nil) == nil && PublicationTimes.dates("") == [])
        #expect(PublicationTimes.dates(PublicationTimes.text(recent)) == recent)
        #expect(PublicationTimes.dates("1795000000 17x9 -60  1794990000") == [base, Date(timeIntervalSince1970: -60),
                                                                            base.addingTimeInterval(-10_000)],
                "an unreadable number is skipped, not misread")
    }

    @Test func sameIdentityUpdatesInPlaceNeverDuplicates() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        var c = try store.recordPoll(success(id, at: t0), entries: [entry("1", "OpenAI lance GPT-4.5"), entry("2", "Panne chez Orange")])
        #expect(c.inserted.count == 2 && c.updated.isEmpty)
        // Same content again: nothing changes.
        c = try store.recordPoll(success(id, at: t0.addingTimeInterval(1800)), entries: [entry("1", "OpenAI lance GPT-4.5")])
        #expect(c == EntryChanges())
        // A corrected title: updated in place, first-seen time kept.
        c = try store.recordPoll(success(id, at: t0.addingTimeInterval(3600)), entries: [entry("1", "OpenAI lance GPT-4.5, son modèle « émotionnel »")])
        #expect(c.inserted.isEmpty && c.updated.count == 1)
        let all = try store.entries(firstSeenSince: .distantPast)
        #expect(all.count == 2)
        let e = all.first { $0.guid == "1" }!
        #expect(e.title == "OpenAI lance GPT-4.5, son modèle « émotionnel »")
        #expect(e.firstSeen == t0)
    }

    @Test func duplicateIdentityWithinOneFetchIsStoredOnce() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        let c = try store.recordPoll(success(id, at: t0), entries: [entry("1", "Premier"), entry("1", "Doublon")])
        #expect(c.inserted.count == 1)
        #expect(try store.entries(firstSeenSince: .distantPast).map(\.title) == ["Premier"])
    }

    @Test func sameIdentityInTwoFeedsIsTwoEntries() throws {
        let store = try Store()
        let feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A"), FeedSpec(url: "https://b.example/", name: "B")])
        try store.recordPoll(success(feeds[0].id, at: t0), entries: [entry("1", "Même guid")])
        try store.recordPoll(success(feeds[1].id, at: t0), entries: [entry("1", "Même guid")])
        #expect(try store.entries(firstSeenSince: .distantPast).count == 2)
    }

    @Test func pruningRemovesOldEntriesAndEmptyStories() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        let old = try store.recordPoll(success(id, at: t0), entries: [entry("old", "Ancien")]).inserted[0]
        let new = try store.recordPoll(success(id, at: t0.addingTimeInterval(40 * 86_400)), entries: [entry("new", "Récent")]).inserted[0]
        try store.assignStories([StoryAssignment(entryID: old, storyID: "s-old", threadID: "t-old", score: 1, terms: [], reason: "new-story"),
                                 StoryAssignment(entryID: new, storyID: "s-new", threadID: "t-new", score: 1, terms: [], reason: "new-story")])
        #expect(try store.prune(firstSeenBefore: t0.addingTimeInterval(10 * 86_400)) == 1)
        #expect(try store.entries(firstSeenSince: .distantPast).map(\.guid) == ["new"])
        #expect(try store.stories(ids: ["s-old", "s-new"]).map(\.id) == ["s-new"])
    }

    @Test func pruningKeepsAStoryThatStillHasAnEntry() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        let old = try store.recordPoll(success(id, at: t0), entries: [entry("old", "Ancien")]).inserted[0]
        let new = try store.recordPoll(success(id, at: t0.addingTimeInterval(40 * 86_400)), entries: [entry("new", "Suite")]).inserted[0]
        try store.assignStories([StoryAssignment(entryID: old, storyID: "s-1", threadID: "t-1", score: 1, terms: [], reason: "new-story"),
                                 StoryAssignment(entryID: new, storyID: "s-1", threadID: "t-1", score: 0.8, terms: [], reason: "joined")])
        #expect(try store.prune(firstSeenBefore: t0.addingTimeInterval(10 * 86_400)) == 1)
        #expect(try store.stories(ids: ["s-1"]).map(\.id) == ["s-1"], "its other entry is still stored")
        #expect(try store.prune(firstSeenBefore: t0.addingTimeInterval(10 * 86_400)) == 0)
    }

    @Test func storiesTrackSourcesAndWhenTheyGrew() throws {
        let store = try Store()
        let feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A"), FeedSpec(url: "https://b.example/", name: "B")])
        let a = try store.recordPoll(success(feeds[0].id, at: t0), entries: [entry("a", "OpenAI lance GPT-4.5", published: t0.addingTimeInterval(-600))]).inserted[0]
        try store.assignStories([StoryAssignment(entryID: a, storyID: "s-a", threadID: "t-a", score: 1, terms: [], reason: "new-story")])
        var s = try store.stories(ids: ["s-a"])[0]
        #expect(s.sourceCount == 1 && s.firstReportAt == t0.addingTimeInterval(-600) && s.lastSourceAt == t0)
        let b = try store.recordPoll(success(feeds[1].id, at: t0.addingTimeInterval(900)), entries: [entry("b", "GPT-4.5 est là")]).inserted[0]
        try store.assignStories([StoryAssignment(entryID: b, storyID: "s-a", threadID: "t-a", score: 0.61, terms: ["gpt-4.5", "openai"], reason: "event")])
        s = try store.stories(ids: ["s-a"])[0]
        #expect(s.sourceCount == 2 && s.lastSourceAt == t0.addingTimeInterval(900))
        let stored = try store.entries(inStories: ["s-a"])
        #expect(stored.map(\.feedName) == ["A", "B"])
        #expect(stored[1].clusterTerms == ["gpt-4.5", "openai"] && stored[1].clusterScore == 0.61 && stored[1].clusterReason == "event")
    }

    @Test func backlogEntriesAreSettledAsTheyAreStoredAsTheClustererWouldHaveStoredThem() throws {
        let cutoff = BacklogCutoff(reportedBefore: t0.addingTimeInterval(-7 * 86_400), reason: "beforeDigestHorizon")
        let polled = [entry("vieux", "Free relève ses prix", published: t0.addingTimeInterval(-30 * 86_400)),
                      entry("récent", "Orange baisse les siens", published: t0.addingTimeInterval(-3600)),
                      // A date far in the future is not believed: reported when first seen, so not backlog.
                      entry("futur", "SFR annonce la 6G", published: t0.addingTimeInterval(400 * 86_400)),
                      entry("sans-date", "Bouygues rachète un réseau")]
        func stored(settling: Bool) throws -> (Store, EntryChanges) {
            let store = try Store()
            let id = try store.syncFeeds([FeedSpec(url: "https://numerama.example/", name: "Numerama")])[0].id
            let changes = try store.recordPolls([(success(id, at: t0), polled)], backlog: settling ? cutoff : nil)[0]
            return (store, changes)
        }
        let (settled, changes) = try stored(settling: true)
        #expect(changes.inserted.count == 4 && changes.settled == [changes.inserted[0]], "only the entry reported a month ago")
        let (assigned, _) = try stored(settling: false)
        let old = changes.inserted[0]
        try assigned.assignStories([StoryAssignment(entryID: old, storyID: OwnStory.storyID(entry: old), threadID: OwnStory.threadID(entry: old),
                                                    score: 1, terms: [], reason: "beforeDigestHorizon")])
        let a = try settled.entries(firstSeenSince: .distantPast), b = try assigned.entries(firstSeenSince: .distantPast)
        #expect(a == b, "the same rows as a later assignment")
        #expect(changes.insertedReportTimes == a.map(\.reportedAt), "each new entry's report time, as stored")
        #expect(a[0].storyID == "s-e\(old)" && a[0].threadID == "t-e\(old)" && a.dropFirst().allSatisfy { $0.storyID == nil })
        #expect(try settled.stories(ids: ["s-e\(old)"]) == (try assigned.stories(ids: ["s-e\(old)"])))
        #expect(try settled.stories(ids: ["s-e\(old)"]).first?.sourceCount == 1)

        // Polled again with new text: an update, never settled again (and the story made for it in
        // case it was new goes); an old entry seen for the first time is settled.
        let id = try settled.feeds()[0].id
        var edited = polled[0]
        edited.title = "Free relève encore ses prix"
        let late = entry("oublié", "SFR coupe la 2G", published: t0.addingTimeInterval(-20 * 86_400))
        let again = try settled.recordPolls([(success(id, at: t0.addingTimeInterval(600)), [edited, late, polled[1]])], backlog: cutoff)[0]
        #expect(again.updated == [old] && again.inserted.count == 1 && again.settled == again.inserted, "\(again)")
        let lateID = again.inserted[0]
        #expect(lateID == changes.inserted.max()! + 1)
        let stored = try settled.entries(firstSeenSince: .distantPast)
        #expect(stored.count == 5 && stored.first { $0.id == old }?.title == "Free relève encore ses prix")
        #expect(stored.first { $0.id == lateID }?.storyID == "s-e\(lateID)")
        #expect(try settled.stories(ids: ["s-e\(old)", "s-e\(lateID)"]).count == 2)
    }

    /// SQL reads report times as `StoredEntry.reportedAt` does: the entry's date, unless missing or
    /// more than an hour after veille first saw it.
    @Test func storiesAreFirstReportedWhenTheirEntryWas() throws {
        let store = try Store()
        let id = try store.syncFeeds([FeedSpec(url: "https://numerama.example/", name: "Numerama")])[0].id
        let dates: [Date?] = [t0.addingTimeInterval(-86_400), t0.addingTimeInterval(1800), t0.addingTimeInterval(7200), nil]
        let entries = dates.enumerated().map { entry("d\($0.offset)", "Article \($0.offset)", published: $0.element) }
        let ids = try store.recordPoll(success(id, at: t0), entries: entries).inserted
        try store.assignStories(ids.map { StoryAssignment(entryID: $0, storyID: "s-\($0)", threadID: "t-\($0)", score: 1, terms: [], reason: "newStory") })
        let stored = try store.entries(firstSeenSince: .distantPast)
        for e in stored {
            #expect(try store.stories(ids: ["s-\(e.id)"]).first?.firstReportAt == e.reportedAt)
        }
        #expect(stored.map(\.reportedAt) == [t0.addingTimeInterval(-86_400), t0.addingTimeInterval(1800), t0, t0])
        let day = DateInterval(start: t0.addingTimeInterval(-3600), duration: 7200)
        #expect(Set(try store.digestStories(reportedIn: day).stories.map(\.id)) == Set(ids.dropFirst().map { "s-\($0)" }))
    }

    /// After a checkpoint the database file holds every commit: the WAL has nothing left to copy.
    @Test func aCheckpointCopiesTheWholeWAL() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("veille.sqlite")
        let store = try Store(path: path)
        let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
        try store.recordPoll(success(id, at: t0), entries: (1...50).map { entry("\($0)", "Article n° \($0) de Numerama") })
        func size() throws -> Int { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let before = try size()
        try await store.checkpoint()
        // The commits were in the WAL only (a checkpoint every 10,000 pages): now in the file too.
        #expect(try size() > before, "\(before)")
        #expect(try store.entries(firstSeenSince: .distantPast).count == 50)
    }

    @Test func onDiskDatabaseIsWALAndSurvivesReopen() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veille-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state/veille.sqlite").path
        do {
            let store = try Store(path: path)
            let id = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])[0].id
            try store.recordPoll(success(id, at: t0), entries: [entry("1", "Été")])
        }
        let again = try Store(path: path)
        #expect(try again.entries(firstSeenSince: .distantPast).map(\.title) == ["Été"])
        #expect(try again.integrityCheck() == "ok")
        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        // synchronous NORMAL (1) and temporary data in memory (2) on every connection.
        #expect(try again.connectionSettings() == [[1, 2], [1, 2]])
    }

    @Test func aVersion4DatabaseLosesTheCanonicalURLIndexAndNoEntry() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veille-mig5-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("veille.sqlite").path
        let v4 = try Store.openForTesting(path: path, upTo: "v4-threads")
        try v4.write { db in
            try db.execute(sql: """
                INSERT INTO feed (url, name) VALUES ('https://a.example/', 'A');
                INSERT INTO entry (feed_id, identity, canonical_url, title, summary, first_seen_at, content_hash)
                VALUES (1, 'guid:1', 'https://a.example/1', 'Un', 'résumé', '2026-11-01 10:00:00.000', 'x');
                """)
        }
        #expect(try v4.read { db in try db.indexes(on: "entry").map(\.name) }.contains("entry_canonical_url"))
        try v4.close()
        let store = try Store(path: path)
        #expect(try store.entries(firstSeenSince: .distantPast).map(\.canonicalURL) == ["https://a.example/1"])
        let q = try DatabaseQueue(path: path)
        #expect(try q.read { db in try db.columns(in: "feed").map(\.name) }.contains("recent_publications"))
        #expect(try store.feeds().map(\.recentPublications) == [nil], "unknown until the feed is polled")
        let indexes = try q.read { db in try db.indexes(on: "entry").map(\.name) }
        #expect(!indexes.contains("entry_canonical_url"))
        #expect(Set(["entry_first_seen", "entry_story", "entry_feed_dates"]).isSubset(of: Set(indexes)))
    }

    @Test func aVersion7DatabaseLosesTheStorysEntryReferenceAndNothingElse() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("veille.sqlite")
        let v7 = try Store.openForTesting(path: path, upTo: "v7-feed-sync-fingerprint")
        try v7.write { db in
            try db.execute(sql: """
                INSERT INTO feed (url, name) VALUES ('https://a.example/', 'A');
                INSERT INTO entry (feed_id, identity, title, summary, first_seen_at, content_hash, cluster_reason)
                VALUES (1, 'guid:1', 'Orange rachète un opérateur', 'résumé', '2026-11-01 10:00:00.000', 'x', 'newStory');
                INSERT INTO story (id, thread_id, headline_entry_id, first_report_at, last_source_at, source_count)
                VALUES ('s-e1', 't-e1', 1, '2026-11-01 10:00:00.000', '2026-11-01 10:00:00.000', 1);
                UPDATE entry SET story_id = 's-e1';
                """)
        }
        try v7.close()
        let store = try Store(path: path)
        let q = try DatabaseQueue(path: path)
        #expect(try !q.read { db in try db.columns(in: "story").map(\.name) }.contains("headline_entry_id"))
        #expect(try q.read { db in try db.indexes(on: "story").map(\.name) }.sorted() == ["sqlite_autoindex_story_1", "story_thread"])
        #expect(try store.entries(firstSeenSince: .distantPast).map(\.storyID) == ["s-e1"])
        #expect(try store.stories(ids: ["s-e1"]).map(\.threadID) == ["t-e1"])
        #expect(try store.prune(firstSeenBefore: Date(timeIntervalSince1970: 1_900_000_000)) == 1)
        #expect(try store.stories(ids: ["s-e1"]).isEmpty, "an emptied story goes with its last entry")
    }

    @Test func aVersion1DatabaseIsMigratedWithoutLoss() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("veille-mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("veille.sqlite").path
        // A database as veille v1 left it: no story table, no story columns.
        let v1 = try Store.openForTesting(path: path, upTo: "v1-feeds-entries")
        try v1.write { db in
            try db.execute(sql: "INSERT INTO feed (url, name, etag) VALUES ('https://a.example/', 'A', '\"v1\"')")
            try db.execute(sql: """
                INSERT INTO entry (feed_id, identity, title, summary, first_seen_at, content_hash)
                VALUES (1, 'guid:1', 'Ancienne entrée', 'résumé', '2026-11-01 10:00:00.000', 'x')
                """)
        }
        try v1.close()
        let store = try Store(path: path)
        let feeds = try store.feeds()
        #expect(feeds.map(\.etag) == ["\"v1\""])
        let entries = try store.entries(firstSeenSince: .distantPast)
        #expect(entries.map(\.title) == ["Ancienne entrée"])
        #expect(entries[0].storyID == nil)
        try store.assignStories([StoryAssignment(entryID: entries[0].id, storyID: "s-1", threadID: "t-1", score: 1, terms: [], reason: "new-story")])
        #expect(try store.stories(ids: ["s-1"]).count == 1)
    }

    @Test func unopenableDatabaseIsAClearError() {
        let error = #expect(throws: StoreError.self) { try Store(path: "/proc/veille-cannot-write-here/veille.sqlite") }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description.hasPrefix("cannot open the database /proc/veille-cannot-write-here/veille.sqlite: ") == true)
    }

    @Test func severalFeedsInOneTransactionEachWithItsOwnChanges() throws {
        let store = try Store()
        let feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A"), FeedSpec(url: "https://b.example/", name: "B"),
                                         FeedSpec(url: "https://c.example/", name: "C")])
        let first = try store.recordPolls([
            (poll: success(feeds[0].id, at: t0), entries: [entry("1", "Un"), entry("2", "Deux"), entry("1", "Un, répété")]),
            (poll: success(feeds[1].id, at: t0), entries: [entry("1", "Un chez B")]),
            (poll: FeedPollRecord(feedID: feeds[2].id, result: .failure(message: "HTTP 500 Internal Server Error", gone: false),
                                  status: 500, polledAt: t0, nextPollAt: nil), entries: []),
        ])
        #expect(first.map(\.inserted.count) == [2, 1, 0], "an identity twice in one document is stored once")
        #expect(first.allSatisfy { $0.updated.isEmpty })
        // Next poll: A's entry 2 changed, 1 did not, 3 is new; B unchanged.
        let later = t0.addingTimeInterval(1800)
        let second = try store.recordPolls([
            (poll: success(feeds[0].id, at: later), entries: [entry("1", "Un"), entry("2", "Deux (mis à jour)"), entry("3", "Trois")]),
            (poll: success(feeds[1].id, at: later), entries: [entry("1", "Un chez B")]),
        ])
        let stored = Dictionary(uniqueKeysWithValues: try store.entries(firstSeenSince: .distantPast).map { ("\($0.feedName)/\($0.title)", $0) })
        #expect(second[0].updated == [try #require(stored["A/Deux (mis à jour)"]).id])
        #expect(second[0].inserted == [try #require(stored["A/Trois"]).id])
        #expect(second[1] == EntryChanges())
        #expect(stored["A/Deux (mis à jour)"]?.firstSeen == t0, "an update keeps the first sighting")
        #expect(stored.count == 4)
        let c = try #require(try store.feeds().first { $0.name == "C" })
        #expect(c.consecutiveFailures == 1 && c.lastError == "HTTP 500 Internal Server Error")
    }

    @Test func aFailedBatchStoresNoneOfItsFeeds() throws {
        let store = try Store()
        let feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A")])
        // The second poll names a feed that does not exist: the entry's foreign key fails the whole batch.
        #expect(throws: StoreError.self) {
            try store.recordPolls([(poll: success(feeds[0].id, at: t0), entries: [entry("1", "Un")]),
                                   (poll: success(9999, at: t0), entries: [entry("2", "Deux")])])
        }
        #expect(try store.entries(firstSeenSince: .distantPast).isEmpty)
        #expect(try store.feeds()[0].lastSuccessAt == nil)
    }
}

@Suite("Next poll date")
struct NextPollDateTests {
    @Test func earliestActiveFeedOrNeverPolled() throws {
        let store = try Store()
        #expect(try store.nextPollDate() == nil)
        let feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A"), FeedSpec(url: "https://b.example/", name: "B")])
        #expect(try store.nextPollDate() == .distantPast)
        let t = Date(timeIntervalSince1970: 1_795_000_000)
        for (i, f) in feeds.enumerated() {
            try store.recordPoll(FeedPollRecord(feedID: f.id, result: .notModified, status: 304, polledAt: t,
                                                nextPollAt: t.addingTimeInterval(Double(600 * (i + 1)))))
        }
        #expect(try store.nextPollDate() == t.addingTimeInterval(600))
        try store.recordPoll(FeedPollRecord(feedID: feeds[0].id, result: .failure(message: "HTTP 410 Gone", gone: true), status: 410, polledAt: t, nextPollAt: nil))
        #expect(try store.nextPollDate() == t.addingTimeInterval(1200))
    }
}

@Suite("Story merges")
struct StoryMergeTests {
    @Test func mergedStoryMovesItsEntriesAndDisappears() throws {
        let store = try Store()
        let t = Date(timeIntervalSince1970: 1_795_000_000)
        let feeds = try store.syncFeeds([FeedSpec(url: "https://a.example/", name: "A"), FeedSpec(url: "https://b.example/", name: "B")])
        let a = try store.recordPoll(FeedPollRecord(feedID: feeds[0].id, result: .notModified, status: 200, polledAt: t, nextPollAt: nil),
                                     entries: [EntryInput(identity: "guid:a", title: "Panne géante chez Orange", summary: "")]).inserted[0]
        let b = try store.recordPoll(FeedPollRecord(feedID: feeds[1].id, result: .notModified, status: 200, polledAt: t.addingTimeInterval(600), nextPollAt: nil),
                                     entries: [EntryInput(identity: "guid:b", title: "Le 112 inaccessible", summary: "")]).inserted[0]
        try store.assignStories([StoryAssignment(entryID: a, storyID: "s-a", threadID: "t-a", score: 1, terms: [], reason: "newStory"),
                                 StoryAssignment(entryID: b, storyID: "s-b", threadID: "t-b", score: 1, terms: [], reason: "newStory")])
        try store.mergeStory("s-b", into: "s-a")
        #expect(try store.stories(ids: ["s-a", "s-b"]).map(\.id) == ["s-a"])
        let s = try store.stories(ids: ["s-a"])[0]
        #expect(s.sourceCount == 2)
        #expect(s.lastSourceAt == t.addingTimeInterval(600), "the survivor gained a source")
        #expect(try store.entries(inStories: ["s-a"]).map(\.id) == [a, b])
    }
}
