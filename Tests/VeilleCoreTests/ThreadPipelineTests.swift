import Digest
import Foundation
import TextFormats
import Testing
import TestSupport
import VeilleStore
@testable import VeilleCore

/// Threads through the store, the digest publisher and a restart. The assignments sharing a thread
/// are written directly: which events the clusterer links is its own tests' business.
@Suite("Threads from the store to the digest")
struct ThreadPipelineTests {
    let thursday = Date(timeIntervalSince1970: 1_795_676_400)   // Thursday 26 November 2026, 08:00 in Paris
    let paris = ZoneInfoDirectory.rules(named: "Europe/Paris")!

    func poll(_ store: Store, feed: Int64, at date: Date, _ entries: [EntryInput]) throws -> [Int64] {
        try store.recordPoll(FeedPollRecord(feedID: feed, result: .notModified, status: 200, polledAt: date, nextPollAt: nil),
                             entries: entries).inserted
    }

    func entry(_ id: String, _ title: String, _ host: String, published: Date) -> EntryInput {
        EntryInput(identity: "guid:\(id)", guid: id, url: "https://www.\(host)/\(id).html", title: title,
                   summary: "« \(title) », résume l’article.", published: published)
    }

    /// The clusterer's fragment-merge fixture through the store: the background news first, then the
    /// breakdown's reports in one cycle. The apology founds an event that is merged into the
    /// breakdown's: the store must show one story, the absorbed one gone.
    @Test func fragmentsTheClustererMergesAreOneStoredStory() throws {
        struct Line: Decodable { var id, source, title, published, event: String; var summary: String? }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StoryClusteringTests/Fixtures")
        func lines(_ name: String) throws -> [Line] {
            try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
                .map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        }
        let background = try lines("developing-stories.jsonl"), fragments = try lines("fragments.jsonl")
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("state/veille.sqlite"))
        let hosts = Array(Set((background + fragments).map(\.source))).sorted()
        let feeds = try store.syncFeeds(hosts.map { FeedSpec(url: "https://\($0)/rss", name: $0) })
        let feedByHost = Dictionary(uniqueKeysWithValues: zip(hosts, feeds.map(\.id)))
        let iso = ISO8601DateFormatter()
        let day = try #require(iso.date(from: fragments[0].published))
        // The background's days moved to the week before the breakdown (inside the digest horizon).
        let shift = day.timeIntervalSince(try #require(background.compactMap { iso.date(from: $0.published) }.max())) - 3600
        var ids: [String: Int64] = [:]
        for (list, offset) in [(background, shift), (fragments, 0)] {
            for l in list {
                let published = try #require(iso.date(from: l.published)).addingTimeInterval(offset)
                ids[l.id] = try poll(store, feed: feedByHost[l.source]!, at: published.addingTimeInterval(60),
                                     [EntryInput(identity: "guid:\(l.id)", guid: l.id, url: "https://\(l.source)/\(l.id).html",
                                                 title: l.title, summary: l.summary ?? "", published: published)])[0]
            }
        }
        let assigner = StoryAssigner(store: store, window: 72 * 3600, digestDays: 7)
        try assigner.assign(entryIDs: background.map { ids[$0.id]! }, now: day)
        try assigner.assign(entryIDs: fragments.map { ids[$0.id]! }, now: day.addingTimeInterval(4 * 3600))
        let stored = Dictionary(uniqueKeysWithValues: try store.entries(firstSeenSince: .distantPast).map { ($0.id, $0) })
        let outage = fragments.filter { $0.event == "outage" }.map { ids[$0.id]! }
        let story = try #require(stored[outage[0]]?.storyID)
        for id in outage { #expect(stored[id]?.storyID == story) }
        // One report founded the event that was absorbed (the merge, not a join, brought it here).
        #expect(outage.contains { stored[$0]?.clusterReason == "newStory" && stored[$0]?.storyID != "s-e\($0)" })
        let rows = try store.stories(ids: Set(outage.map { "s-e\($0)" }))
        #expect(rows.map(\.id) == [story])
        #expect(rows.first?.sourceCount == outage.count)
        #expect(stored[ids["x1"]!]?.storyID != story)
    }

    @Test func aSecondDaysDigestListsTheFirstDaysEventAndARestartKeepsTheIDs() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("state/veille.sqlite"))
        let feeds = try store.syncFeeds([FeedSpec(url: "https://www.lesechos.fr/rss", name: "Les Echos"),
                                         FeedSpec(url: "https://www.numerama.com/feed/", name: "Numerama"),
                                         FeedSpec(url: "https://korben.info/feed", name: "Korben")]).map(\.id)
        let friday = thursday.addingTimeInterval(86_400)
        let filed = try poll(store, feed: feeds[0], at: thursday.addingTimeInterval(600),
                             [entry("depot", "Mistral AI dépose son dossier d'introduction en Bourse auprès de l'AMF", "lesechos.fr", published: thursday)])[0]
        let priced = try poll(store, feed: feeds[0], at: friday.addingTimeInterval(600),
                              [entry("prix", "Mistral AI fixe le prix de son action à 38 euros", "lesechos.fr", published: friday)])[0]
        let valued = try poll(store, feed: feeds[1], at: friday.addingTimeInterval(1200),
                              [entry("valo", "Introduction en Bourse : Mistral AI valorisée 21 milliards d'euros", "numerama.com",
                                     published: friday.addingTimeInterval(900))])[0]
        let link = StoredThreadLink(eventID: "s-e\(filed)", score: 0.71, terms: ["Mistral AI", "introduction en Bourse"])
        try store.assignStories([
            StoryAssignment(entryID: filed, storyID: "s-e\(filed)", threadID: "t-e\(filed)", score: 1, terms: [], reason: "newStory"),
            StoryAssignment(entryID: priced, storyID: "s-e\(priced)", threadID: "t-e\(filed)", score: 1, terms: [], reason: "newStory", threadLink: link),
            StoryAssignment(entryID: valued, storyID: "s-e\(priced)", threadID: "t-e\(filed)", score: 0.8, terms: ["Mistral AI"], reason: "event"),
        ])

        var settings = DigestSettings()
        settings.formats = [.md, .html, .json]
        let publisher = DigestPublisher(store: store, settings: settings, directory: dir.file("digests"))
        let day1 = LocalDay(date: thursday, timeZone: paris), day2 = LocalDay(date: friday, timeZone: paris)
        let model = try publisher.model(for: day2, now: friday.addingTimeInterval(3600))
        #expect(model.allThreads.count == 1)
        let thread = try #require(model.allThreads.first)
        #expect(thread.id == "t-e\(filed)")
        #expect(thread.stories.map(\.id) == ["s-e\(priced)"])
        #expect(thread.stories[0].outletCount == 2)
        #expect(thread.earlier.map(\.id) == ["s-e\(filed)"])
        #expect(thread.earlier.first?.day == day1)
        #expect(thread.earlier.first?.headline == "Mistral AI dépose son dossier d'introduction en Bourse auprès de l'AMF")
        #expect(thread.earlier.first?.url == "https://www.lesechos.fr/depot.html")
        #expect(thread.title == "Mistral AI dépose son dossier d'introduction en Bourse auprès de l'AMF")
        let first = try publisher.model(for: day1, now: friday)
        #expect(first.allThreads.map(\.id) == ["t-e\(filed)"] && first.allThreads[0].earlier.isEmpty, "no event before the first")

        try publisher.publish(days: [day1, day2], now: friday.addingTimeInterval(3600))
        let md = try String(contentsOfFile: dir.file("digests/\(day2.isoString).md"), encoding: .utf8)
        #expect(md.contains("](\(day1.isoString).md)"))
        let html = try String(contentsOfFile: dir.file("digests/\(day2.isoString).html"), encoding: .utf8)
        #expect(html.contains("href=\"\(day1.isoString).html#s-e\(filed)\""))
        let previous = try String(contentsOfFile: dir.file("digests/\(day1.isoString).html"), encoding: .utf8)
        #expect(previous.contains("id=\"s-e\(filed)\""), "the link lands on the event in its day's page")

        // A new process: the clusterer is rebuilt from the store, and a new, unrelated entry is clustered.
        let restarted = StoryAssigner(store: store, window: 72 * 3600, digestDays: 7)
        let unrelated = try poll(store, feed: feeds[2], at: friday.addingTimeInterval(7200),
                                 [entry("immich", "Comment j'ai remplacé Google Photos par Immich sur un vieux NAS", "korben.info",
                                        published: friday.addingTimeInterval(6000))])[0]
        try restarted.assign(entryIDs: [unrelated], now: friday.addingTimeInterval(7200))
        let stored = Dictionary(uniqueKeysWithValues: try store.entries(firstSeenSince: .distantPast).map { ($0.id, $0) })
        #expect(stored[filed]?.storyID == "s-e\(filed)" && stored[filed]?.threadID == "t-e\(filed)")
        #expect(stored[priced]?.storyID == "s-e\(priced)" && stored[priced]?.threadID == "t-e\(filed)")
        #expect(stored[valued]?.storyID == "s-e\(priced)" && stored[valued]?.threadID == "t-e\(filed)")
        #expect(stored[unrelated]?.storyID != nil && stored[unrelated]?.threadID != "t-e\(filed)")
        #expect(try store.stories(inThreads: ["t-e\(filed)"]).map(\.id) == ["s-e\(filed)", "s-e\(priced)"])
        #expect(try store.stories(ids: ["s-e\(priced)"]).first?.threadLink == link)
        let again = try publisher.model(for: day2, now: friday.addingTimeInterval(7200))
        #expect(again.allThreads.first { $0.id == "t-e\(filed)" }?.earlier.map(\.id) == ["s-e\(filed)"])
    }

    /// A thread stays open 14 days after its latest article; an event, 3 days. Neither a restart nor the
    /// weekly rebuild of a long-running process's clusterer (`StoryAssigner.rebuildInterval`) may forget
    /// the thread: the follow-up eight days later links to it (the clusterer once restored only the event
    /// window's days).
    @Test(arguments: [true, false]) func aFollowUpEightDaysLaterLinksItsThreadAfterARestartOrARebuild(restart: Bool) throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("state/veille.sqlite"))
        let hosts = ["lesechos.fr", "numerama.com", "korben.info", "01net.com", "next.ink", "lemonde.fr"]
        let feeds = try store.syncFeeds(hosts.map { FeedSpec(url: "https://www.\($0)/rss", name: $0) }).map(\.id)
        let monday = thursday.addingTimeInterval(-10 * 86_400)
        func at(_ days: Double, _ hours: Double) -> Date { monday.addingTimeInterval(days * 86_400 + hours * 3600) }
        func add(_ host: Int, _ id: String, _ title: String, _ date: Date) throws -> Int64 {
            try poll(store, feed: feeds[host], at: date.addingTimeInterval(300), [entry(id, title, hosts[host], published: date)])[0]
        }
        let first = StoryAssigner(store: store, window: 72 * 3600, digestDays: 10)
        let deal = [try add(0, "rachat", "Orvane annonce le rachat de Brelis pour 2 milliards d'euros", at(0, 0)),
                    try add(1, "rachete", "Orvane rachète l'éditeur Brelis pour 2 milliards d'euros", at(0, 1))]
        try first.assign(entryIDs: deal, now: at(0, 2))
        let others = [try add(2, "immich", "Comment j'ai remplacé Google Photos par Immich sur un vieux NAS", at(0, 2)),
                      try add(3, "freebox", "Free relève le prix de sa Freebox Pop de trois euros par mois", at(1, 2)),
                      try add(4, "cnil", "La Cnil inflige une amende de 5 millions d'euros à un courtier en données", at(3, 2))]
        try first.assign(entryIDs: others, now: at(3, 4))
        #expect(first.clustererBuiltAt == at(0, 2))

        let probe = [try add(1, "enquete", "Bruxelles ouvre une enquête approfondie sur le rachat de Brelis par Orvane", at(8, 0)),
                     try add(5, "commission", "Rachat de Brelis : la Commission européenne enquête sur Orvane", at(8, 2))]
        let assigner = restart ? StoryAssigner(store: store, window: 72 * 3600, digestDays: 10) : first
        try assigner.assign(entryIDs: probe, now: at(8, 3))
        #expect(assigner.clustererBuiltAt == at(8, 3), "rebuilt from the store: more than a week since the last build")
        let stored = Dictionary(uniqueKeysWithValues: try store.entries(firstSeenSince: .distantPast).map { ($0.id, $0) })
        let thread = try #require(stored[deal[0]]?.threadID)
        #expect(stored[deal[1]]?.storyID == stored[deal[0]]?.storyID)
        #expect(stored[probe[0]]?.storyID != stored[deal[0]]?.storyID, "a new event")
        #expect(stored[probe[1]]?.storyID == stored[probe[0]]?.storyID)
        #expect(stored[probe[0]]?.threadID == thread && stored[probe[1]]?.threadID == thread, "of the deal's thread")
        let probeStory = try #require(stored[probe[0]]?.storyID)
        #expect(try store.stories(ids: [probeStory]).first?.threadLink?.eventID == stored[deal[0]]?.storyID)
        #expect(others.allSatisfy { stored[$0]?.threadID != thread })
    }
}
