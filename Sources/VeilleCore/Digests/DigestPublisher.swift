import Digest
import Foundation
import Synchronization
import TextFormats
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
        try DayStories.read(days: [day], from: store, timeZone: settings.timeZone, timings: timings)
            .model(for: day, now: now, navigation: navigation, settings: settings, language: language, timings: timings)
    }

    /// What the digests of some days are made of, read from the store once for all of them, each
    /// story's input to the builder made once however many days show it (as a story or as an earlier
    /// event of its thread). Read-only once made, so days can be built side by side.
    struct DayStories: Sendable {
        let timeZone: TimeZoneRules
        /// Each day's stories (an entry reported that day).
        private(set) var storiesByDay: [LocalDay: [StoredStory]] = [:]
        /// Every story read, by thread, oldest first report first: a day's threads' earlier events.
        private(set) var storiesByThread: [String: [StoredStory]] = [:]
        /// Each story's input to the builder, less its thread and the thread's earlier events (they
        /// depend on the day). None for a story without entries.
        private(set) var inputs: [String: DigestStoryInput] = [:]

        static func read(days: Set<LocalDay>, from store: Store, timeZone: TimeZoneRules,
                         timings: DigestTimings) throws(StoreError) -> DayStories {
            var out = DayStories(timeZone: timeZone)
            guard !days.isEmpty else { return out }
            let intervals = days.sorted().map { ($0, $0.interval(in: timeZone)) }
            let span = DateInterval(start: intervals[0].1.start, end: intervals[intervals.count - 1].1.end)
            let (stories, entries) = try timings.measure("read") { () throws(StoreError) in
                try store.digestStories(reportedIn: span)
            }
            timings.measure("inputs") {
                var members: [String: [StoredEntry]] = [:]
                var dayOf: [String: Set<LocalDay>] = [:]
                for e in entries {
                    guard let s = e.storyID else { continue }
                    members[s, default: []].append(e)
                    let time = e.reportedAt
                    guard time >= span.start, time < span.end else { continue }
                    for (day, interval) in intervals where time >= interval.start && time < interval.end {
                        dayOf[s, default: []].insert(day)
                    }
                }
                for story in stories {
                    out.storiesByThread[story.threadID, default: []].append(story)
                    for day in dayOf[story.id] ?? [] { out.storiesByDay[day, default: []].append(story) }
                }
                // Each story's input is its own (headline choice, deal flags): built on every core, each
                // worker filling its own slots.
                let withMembers = stories.compactMap { story in members[story.id].map { (story.id, $0) } }
                var built = [DigestStoryInput?](repeating: nil, count: withMembers.count)
                let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
                built.withUnsafeMutableBufferPointer { buffer in
                    nonisolated(unsafe) let slots = buffer
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        for i in stride(from: w, to: withMembers.count, by: workers) {
                            let (id, list) = withMembers[i]
                            slots[i] = DigestPublisher.input(id: id, members: list.sorted { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) })
                        }
                    }
                }
                for (i, input) in built.enumerated() { out.inputs[withMembers[i].0] = input }
                for (thread, list) in out.storiesByThread {
                    out.storiesByThread[thread] = list.sorted { ($0.firstReportAt, $0.id) < ($1.firstReportAt, $1.id) }
                }
            }
            return out
        }

        /// Each of these threads' events first reported before `start`, with their headlines. All of
        /// them: the builder keeps the newest few, and names the thread after the oldest.
        func earlierEvents(threads: Set<String>, before start: Date) -> [String: [EarlierEvent]] {
            var out: [String: [EarlierEvent]] = [:]
            for thread in threads {
                for s in storiesByThread[thread] ?? [] where s.firstReportAt < start {
                    guard let input = inputs[s.id] else { continue }
                    let headline = input.sources[input.representative]
                    out[thread, default: []].append(EarlierEvent(id: s.id, headline: headline.title, url: headline.url,
                                                                 firstReported: s.firstReportAt))
                }
            }
            return out
        }

        func model(for day: LocalDay, now: Date, navigation: DigestNavigation, settings: DigestSettings,
                   language: DigestLanguage, timings: DigestTimings? = nil) -> DigestModel {
            let start = ContinuousClock.now
            defer { timings?.add("build", ContinuousClock.now - start) }
            let stories = storiesByDay[day] ?? []
            let earlier = earlierEvents(threads: Set(stories.map(\.threadID)), before: day.interval(in: timeZone).start)
            let dayInputs = stories.compactMap { s -> DigestStoryInput? in
                guard var input = inputs[s.id] else { return nil }
                input.threadID = s.threadID
                input.earlier = earlier[s.threadID] ?? []
                return input
            }
            return DigestBuilder.build(day: day, stories: dayInputs, language: language, timeZone: settings.timeZone, generatedAt: now,
                                       tagLabels: settings.tagLabels, navigation: navigation)
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
        // One read of the store for every day shown; each day's model built once, then each file
        // rendered once, the days and the files side by side (the builder and the renderers are pure).
        let needed = (needsRecent ? days.union(recentDays) : days).sorted()
        let models = try buildModels(days: needed, pageDays: days, known: known, hasIndex: hasIndex, now: now, timings: timings)
        // The files in the order they are written: each day's pages, then the Atom feed and the index.
        var files: [(name: String, phase: String, render: @Sendable () -> [String])] = []
        for day in days.sorted() {
            let model = models[day]!
            for format in pageFormats {
                files.append((DigestFileName.page(day, format.rawValue), "render \(format.rawValue)", { [render(model, format)] }))
            }
        }
        if settings.formats.contains(.atom) {
            let recent = recentDays.compactMap { models[$0] }
            files.append((DigestFileName.atom, "render atom", {
                AtomRenderer.renderParts(days: recent, feedID: Self.atomFeedID, selfURL: nil, now: now)
            }))
        }
        if hasIndex {
            // Every day with a page, the recent ones (the Atom feed's days) with their first headlines.
            let listed = known.filter { $0 <= today }.map { IndexRenderer.Day(day: $0, model: recentDays.contains($0) ? models[$0] : nil) }
            let language = language, timeZone = settings.timeZone
            files.append((DigestFileName.index, "render index", {
                [IndexRenderer.render(days: listed, language: language, timeZone: timeZone, generatedAt: now)]
            }))
        }
        // Each file is written as soon as it is rendered (atomically, on its own), so that no more than
        // two files' text is held at once; `written` keeps the order above.
        let failures = Mutex<[Int: AtomicFileWriter.WriteError]>([:])
        let jobs = files
        let directory = directory
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let start = ContinuousClock.now
            let parts = jobs[i].render()
            let rendered = ContinuousClock.now
            timings.add(jobs[i].phase, rendered - start)
            do throws(AtomicFileWriter.WriteError) {
                try AtomicFileWriter.write(parts: parts, to: (directory as NSString).appendingPathComponent(jobs[i].name))
            } catch {
                failures.withLock { $0[i] = error }
            }
            timings.add("write", ContinuousClock.now - rendered)
        }
        if let first = failures.withLock({ $0.min { $0.key < $1.key } }) { throw first.value }
        written = files.map { (directory as NSString).appendingPathComponent($0.name) }
        try timings.measure("write") { () throws(AtomicFileWriter.WriteError) in
            for format in pageFormats where days.contains(today) {
                try AtomicFileWriter.updateLink(named: DigestFileName.latest(format.rawValue), to: DigestFileName.page(today, format.rawValue),
                                                in: directory)
            }
        }
        return written
    }

    /// Each day's model, built side by side from one read of the store. The rows read are dropped
    /// when this returns, before the files are rendered: the cycle's memory peaks at the rendering.
    private func buildModels(days needed: [LocalDay], pageDays: Set<LocalDay>, known: Set<LocalDay>, hasIndex: Bool, now: Date,
                             timings: DigestTimings) throws -> [LocalDay: DigestModel] {
        let stories = try DayStories.read(days: Set(needed), from: store, timeZone: settings.timeZone, timings: timings)
        let built = Mutex<[LocalDay: DigestModel]>([:])
        DispatchQueue.concurrentPerform(iterations: needed.count) { i in
            let day = needed[i]
            // The recent days not written this time are only read by the Atom feed and the index.
            let navigation = pageDays.contains(day)
                ? DigestNavigation(previous: known.filter { $0 < day }.max(), next: known.filter { $0 > day }.min(), hasIndex: hasIndex)
                : DigestNavigation()
            let model = stories.model(for: day, now: now, navigation: navigation, settings: settings, language: language,
                                      timings: timings)
            built.withLock { $0[day] = model }
        }
        return built.withLock { $0 }
    }

    static let atomFeedID = "urn:veille:digest"

    /// The days that already have a digest page in the folder (any page format).
    func existingDays() -> Set<LocalDay> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let pageExtensions = Set(settings.formats.filter { $0 != .atom }.map(\.rawValue))
        return Set(names.compactMap { DigestFileName.day(ofPage: $0, extensions: pageExtensions) })
    }

    /// The path of the page a reader opens: `latest.html`, else the first page format's `latest.*`.
    public var latestPage: String? {
        let formats = settings.formats.filter { $0 != .atom }
        guard let format = formats.contains(.html) ? .html : formats.first else { return nil }
        return (directory as NSString).appendingPathComponent(DigestFileName.latest(format.rawValue))
    }

    public func render(_ model: DigestModel, _ format: DigestSettings.Format) -> String {
        switch format {
        case .md: return MarkdownRenderer.render(model)
        case .html: return HTMLRenderer.render(model)
        case .json: return JSONRenderer.render(model)
        case .atom: return AtomRenderer.render(days: [model], feedID: Self.atomFeedID, selfURL: nil, now: model.generatedAt)
        }
    }
}
