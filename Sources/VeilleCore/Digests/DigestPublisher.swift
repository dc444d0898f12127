import Digest
import Foundation
import StoryClustering
import VeilleStore

/// Turns the store's stories into digest files: each local day's `.md`/`.html`/`.json`, the rolling
/// `digest.atom`, `index.html` and the `latest.*` links. An article belongs to the local day of its
/// report (published date, else first sighting); a day's digest shows every story with an article
/// that day, its earlier days' articles folded, so an event that grows after midnight appears on both
/// days, each file showing it as it was that day. Each story comes with its thread and the thread's
/// events of earlier days ("Précédemment").
public struct DigestPublisher: Sendable {
    public let store: Store
    public let settings: DigestSettings
    public let directory: String

    public init(store: Store, settings: DigestSettings, directory: String) {
        self.store = store
        self.settings = settings
        self.directory = directory
    }

    var language: DigestLanguage { settings.language == .en ? .en : .fr }

    /// The digest model of one local day, from the store.
    public func model(for day: LocalDay, now: Date, navigation: DigestNavigation = DigestNavigation()) throws(StoreError) -> DigestModel {
        let interval = day.interval(in: settings.timeZone)
        let stories = try store.stories(ids: Set(try store.storyIDs(withEntriesReportedIn: interval)))
        let earlier = try earlierEvents(threads: Set(stories.map(\.threadID)), before: interval.start)
        let byStory = try members(of: Set(stories.map(\.id)))
        let inputs = stories.compactMap { s -> DigestStoryInput? in
            guard let members = byStory[s.id], !members.isEmpty else { return nil }
            var input = Self.input(id: s.id, members: members)
            input.threadID = s.threadID
            input.earlier = earlier[s.threadID] ?? []
            return input
        }
        return DigestBuilder.build(day: day, stories: inputs, language: language, timeZone: settings.timeZone, generatedAt: now,
                                   tagLabels: settings.tagLabels, navigation: navigation)
    }

    /// Each thread's events first reported before `start`, with their headlines. All of them: the
    /// builder keeps the newest few, and names the thread after the oldest.
    func earlierEvents(threads: Set<String>, before start: Date) throws(StoreError) -> [String: [EarlierEvent]] {
        let stories = try store.stories(inThreads: threads, firstReportedBefore: start)
        let byStory = try members(of: Set(stories.map(\.id)))
        var out: [String: [EarlierEvent]] = [:]
        for s in stories {
            guard let members = byStory[s.id], !members.isEmpty else { continue }
            let headline = members[Headline.representative(members.map(\.title))]
            out[s.threadID, default: []].append(EarlierEvent(id: s.id, headline: headline.title, url: headline.url,
                                                             firstReported: s.firstReportAt))
        }
        return out
    }

    /// The stored entries of each story, oldest report first.
    private func members(of stories: Set<String>) throws(StoreError) -> [String: [StoredEntry]] {
        var byStory: [String: [StoredEntry]] = [:]
        for e in try store.entries(inStories: stories) { if let s = e.storyID { byStory[s, default: []].append(e) } }
        return byStory.mapValues { $0.sorted { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) } }
    }

    static func input(id: String, members: [StoredEntry]) -> DigestStoryInput {
        let sources = members.map {
            DigestSource(entryID: "e\($0.id)", outlet: $0.feedName, feedTags: $0.feedTags, title: $0.title,
                         url: $0.url, summary: $0.summary, published: $0.reportedAt, categories: $0.categories)
        }
        let representative = Headline.representative(members.map(\.title))
        // Why the sources were merged: how each joined. Founders and entries stored without analysis
        // joined nothing; the digest words the rest from the titles themselves.
        let alone: Set<String> = [ClusterAssignment.Reason.newStory.rawValue, ClusterAssignment.Reason.beforeDigestHorizon.rawValue,
                                  StoryAssigner.dealReason]
        let joins = members.filter { $0.clusterReason.map { !alone.contains($0) } ?? false }
        return DigestStoryInput(id: id, sources: sources, representative: representative,
                                joinReasons: Set(joins.compactMap(\.clusterReason)),
                                score: joins.compactMap(\.clusterScore).max())
    }

    /// Writes the given days in the configured formats, then the rolling Atom feed, the index of days
    /// and the links. A day written for the first time also rewrites the day before it that has a
    /// digest, so that its "next day" link appears. Returns the paths written.
    @discardableResult
    public func publish(days requested: Set<LocalDay>, now: Date) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        AtomicFileWriter.removeStaleTemporaries(in: directory)
        var written: [String] = []
        let today = LocalDay(date: now, timeZone: settings.timeZone)
        let existing = existingDays()
        var days = requested
        for day in requested where !existing.contains(day) {
            if let before = existing.filter({ $0 < day }).max() { days.insert(before) }
        }
        let known = existing.union(days)
        let pageFormats = settings.formats.filter { $0 != .atom }
        let hasIndex = settings.formats.contains(.html)
        var built: [LocalDay: DigestModel] = [:]
        for day in days.sorted() {
            let navigation = DigestNavigation(previous: known.filter { $0 < day }.max(), next: known.filter { $0 > day }.min(),
                                              hasIndex: hasIndex)
            let model = try model(for: day, now: now, navigation: navigation)
            built[day] = model
            for format in pageFormats {
                let path = (directory as NSString).appendingPathComponent("\(day.isoString).\(format.rawValue)")
                try AtomicFileWriter.write(Data(render(model, format).utf8), to: path)
                written.append(path)
                if day == today { try AtomicFileWriter.updateLink(named: "latest.\(format.rawValue)", to: "\(day.isoString).\(format.rawValue)", in: directory) }
            }
        }
        let recentDays = (0..<max(settings.atomDays, 1)).map { today.adding(days: -$0) }
        var recent: [LocalDay: DigestModel] = [:]
        if settings.formats.contains(.atom) || hasIndex {
            for day in recentDays { recent[day] = try built[day] ?? model(for: day, now: now) }
        }
        if settings.formats.contains(.atom) {
            let atom = AtomRenderer.render(days: recentDays.compactMap { recent[$0] }, feedID: "urn:veille:digest", selfURL: nil, now: now)
            let path = (directory as NSString).appendingPathComponent("digest.atom")
            try AtomicFileWriter.write(Data(atom.utf8), to: path)
            written.append(path)
        }
        if hasIndex {
            // Every day with a page, the recent ones (the Atom feed's days) with their first headlines.
            let listed = known.filter { $0 <= today }
            let index = IndexRenderer.render(days: listed.map { IndexRenderer.Day(day: $0, model: recent[$0]) },
                                             language: language, timeZone: settings.timeZone, generatedAt: now)
            let path = (directory as NSString).appendingPathComponent("index.html")
            try AtomicFileWriter.write(Data(index.utf8), to: path)
            written.append(path)
        }
        return written
    }

    /// The days that already have a digest page in the folder (any page format).
    func existingDays() -> Set<LocalDay> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let pageExtensions = Set(settings.formats.filter { $0 != .atom }.map { "." + $0.rawValue })
        return Set(names.compactMap { name -> LocalDay? in
            guard name.count > 10, pageExtensions.contains(String(name.dropFirst(10))) else { return nil }
            return LocalDay(isoString: String(name.prefix(10)))
        })
    }

    /// The path of the page a reader opens: `latest.html`, else the first page format's `latest.*`.
    public var latestPage: String? {
        let formats = settings.formats.filter { $0 != .atom }
        guard let format = formats.contains(.html) ? .html : formats.first else { return nil }
        return (directory as NSString).appendingPathComponent("latest.\(format.rawValue)")
    }

    public func render(_ model: DigestModel, _ format: DigestSettings.Format) -> String {
        switch format {
        case .md: return MarkdownRenderer.render(model)
        case .html: return HTMLRenderer.render(model)
        case .json: return JSONRenderer.render(model)
        case .atom: return AtomRenderer.render(days: [model], feedID: "urn:veille:digest", selfURL: nil, now: model.generatedAt)
        }
    }
}
