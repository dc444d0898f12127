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
    public func model(for day: LocalDay, now: Date, navigation: DigestNavigation = DigestNavigation(),
                      timings: DigestTimings = DigestTimings()) throws(StoreError) -> DigestModel {
        var stories = try DayStories.read(days: [day], from: store, timeZone: settings.timeZone, timings: timings)
        return stories.model(for: day, now: now, navigation: navigation, settings: settings, language: language, timings: timings)
    }

    /// What the digests of some days are made of, read from the store once for all of them: each
    /// story's entries (and so its input to the builder) is worked out once however many days show it.
    struct DayStories {
        let timeZone: TimeZone
        /// Each day's stories (an entry reported that day), by id.
        private(set) var storiesByDay: [LocalDay: [StoredStory]] = [:]
        /// Every story read, by thread, oldest first report first: a day's threads' earlier events.
        private(set) var storiesByThread: [String: [StoredStory]] = [:]
        /// The stored entries of each story, oldest report first.
        private(set) var members: [String: [StoredEntry]] = [:]
        /// Each story's input to the builder, less its thread's earlier events (they depend on the day).
        private var inputs: [String: DigestStoryInput] = [:]

        static func read(days: Set<LocalDay>, from store: Store, timeZone: TimeZone,
                         timings: DigestTimings) throws(StoreError) -> DayStories {
            var out = DayStories(timeZone: timeZone)
            guard let first = days.min(), let last = days.max() else { return out }
            let intervals = days.sorted().map { ($0, $0.interval(in: timeZone)) }
            let span = DateInterval(start: intervals[0].1.start, end: intervals[intervals.count - 1].1.end)
            let (stories, entries) = try timings.measure("read") { () throws(StoreError) in
                try store.digestStories(reportedIn: span)
            }
            precondition(first <= last)
            timings.measure("sort") {
                var dayOf: [String: Set<LocalDay>] = [:]
                for e in entries {
                    guard let s = e.storyID else { continue }
                    out.members[s, default: []].append(e)
                    let time = e.reportedAt
                    guard time >= span.start, time < span.end else { continue }
                    for (day, interval) in intervals where interval.contains(time) && time < interval.end {
                        dayOf[s, default: []].insert(day)
                    }
                }
                for (s, list) in out.members {
                    out.members[s] = list.sorted { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) }
                }
                for story in stories {
                    out.storiesByThread[story.threadID, default: []].append(story)
                    for day in dayOf[story.id] ?? [] { out.storiesByDay[day, default: []].append(story) }
                }
                for (thread, list) in out.storiesByThread {
                    out.storiesByThread[thread] = list.sorted { ($0.firstReportAt, $0.id) < ($1.firstReportAt, $1.id) }
                }
            }
            return out
        }

        /// The story's input, made once.
        mutating func input(_ story: StoredStory) -> DigestStoryInput? {
            if let made = inputs[story.id] { return made }
            guard let members = members[story.id], !members.isEmpty else { return nil }
            let made = DigestPublisher.input(id: story.id, members: members)
            inputs[story.id] = made
            return made
        }

        /// Each of these threads' events first reported before `start`, with their headlines. All of
        /// them: the builder keeps the newest few, and names the thread after the oldest.
        mutating func earlierEvents(threads: Set<String>, before start: Date) -> [String: [EarlierEvent]] {
            var out: [String: [EarlierEvent]] = [:]
            for thread in threads {
                for s in storiesByThread[thread] ?? [] where s.firstReportAt < start {
                    guard let input = input(s) else { continue }
                    let headline = input.sources[input.representative]
                    out[thread, default: []].append(EarlierEvent(id: s.id, headline: headline.title, url: headline.url,
                                                                 firstReported: s.firstReportAt))
                }
            }
            return out
        }

        mutating func model(for day: LocalDay, now: Date, navigation: DigestNavigation, settings: DigestSettings,
                            language: DigestLanguage, timings: DigestTimings) -> DigestModel {
            let stories = storiesByDay[day] ?? []
            let inputs = timings.measure("inputs") { () -> [DigestStoryInput] in
                let earlier = earlierEvents(threads: Set(stories.map(\.threadID)), before: day.interval(in: timeZone).start)
                return stories.compactMap { s -> DigestStoryInput? in
                    guard var input = input(s) else { return nil }
                    input.threadID = s.threadID
                    input.earlier = earlier[s.threadID] ?? []
                    return input
                }
            }
            return timings.measure("build") {
                DigestBuilder.build(day: day, stories: inputs, language: language, timeZone: settings.timeZone, generatedAt: now,
                                    tagLabels: settings.tagLabels, navigation: navigation)
            }
        }
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
    public func publish(days requested: Set<LocalDay>, now: Date, timings: DigestTimings = DigestTimings()) throws -> [String] {
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
        // The Atom feed and the index show the recent days too, written this time or not.
        let recentDays = (0..<max(settings.atomDays, 1)).map { today.adding(days: -$0) }
        let needsRecent = settings.formats.contains(.atom) || hasIndex
        // One read of the store for every day shown, each day's model built once.
        var stories = try DayStories.read(days: needsRecent ? days.union(recentDays) : days, from: store,
                                          timeZone: settings.timeZone, timings: timings)
        var built: [LocalDay: DigestModel] = [:]
        for day in days.sorted() {
            let navigation = DigestNavigation(previous: known.filter { $0 < day }.max(), next: known.filter { $0 > day }.min(),
                                              hasIndex: hasIndex)
            let model = stories.model(for: day, now: now, navigation: navigation, settings: settings, language: language,
                                      timings: timings)
            built[day] = model
            for format in pageFormats {
                let path = (directory as NSString).appendingPathComponent("\(day.isoString).\(format.rawValue)")
                let data = timings.measure("render \(format.rawValue)") { Data(render(model, format).utf8) }
                try timings.measure("write") { () throws(AtomicFileWriter.WriteError) in try AtomicFileWriter.write(data, to: path) }
                written.append(path)
                if day == today {
                    try timings.measure("write") { () throws(AtomicFileWriter.WriteError) in
                        try AtomicFileWriter.updateLink(named: "latest.\(format.rawValue)", to: "\(day.isoString).\(format.rawValue)", in: directory)
                    }
                }
            }
        }
        var recent: [LocalDay: DigestModel] = [:]
        if needsRecent {
            for day in recentDays {
                recent[day] = built[day] ?? stories.model(for: day, now: now, navigation: DigestNavigation(), settings: settings,
                                                          language: language, timings: timings)
            }
        }
        if settings.formats.contains(.atom) {
            let atom = timings.measure("render atom") {
                Data(AtomRenderer.render(days: recentDays.compactMap { recent[$0] }, feedID: "urn:veille:digest", selfURL: nil, now: now).utf8)
            }
            let path = (directory as NSString).appendingPathComponent("digest.atom")
            try timings.measure("write") { () throws(AtomicFileWriter.WriteError) in try AtomicFileWriter.write(atom, to: path) }
            written.append(path)
        }
        if hasIndex {
            // Every day with a page, the recent ones (the Atom feed's days) with their first headlines.
            let listed = known.filter { $0 <= today }
            let index = timings.measure("render index") {
                Data(IndexRenderer.render(days: listed.map { IndexRenderer.Day(day: $0, model: recent[$0]) },
                                          language: language, timeZone: settings.timeZone, generatedAt: now).utf8)
            }
            let path = (directory as NSString).appendingPathComponent("index.html")
            try timings.measure("write") { () throws(AtomicFileWriter.WriteError) in try AtomicFileWriter.write(index, to: path) }
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
