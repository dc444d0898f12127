import Digest
import Foundation
import StoryClustering
import VeilleStore

/// Turns the store's stories into digest files: each local day's `.md`/`.html`/`.json`, the rolling
/// `digest.atom`, and the `latest.*` links. A story belongs to the day of its first report and lists
/// every source it has gained since, so a late source rewrites that day's files too. Each story comes
/// with its thread and the thread's events of earlier days ("Précédemment").
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
    public func model(for day: LocalDay, now: Date) throws(StoreError) -> DigestModel {
        let interval = day.interval(in: settings.timeZone)
        let stories = try store.stories(firstReportedIn: interval)
        let earlier = try earlierEvents(threads: Set(stories.map(\.threadID)), before: interval.start)
        let byStory = try members(of: Set(stories.map(\.id)))
        let inputs = stories.compactMap { s -> DigestStoryInput? in
            guard let members = byStory[s.id], !members.isEmpty else { return nil }
            var input = Self.input(id: s.id, members: members)
            input.threadID = s.threadID
            input.earlier = earlier[s.threadID] ?? []
            return input
        }
        return DigestBuilder.build(day: day, stories: inputs, language: language, timeZone: settings.timeZone, generatedAt: now)
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
                         url: $0.url, summary: $0.summary, published: $0.reportedAt)
        }
        let representative = Headline.representative(members.map(\.title))
        // Why the sources were merged: the terms that carried each join, most frequent first.
        // Founders and entries stored without analysis joined nothing.
        let alone: Set<String> = [ClusterAssignment.Reason.newStory.rawValue, ClusterAssignment.Reason.beforeDigestHorizon.rawValue]
        let joins = members.filter { $0.clusterReason.map { !alone.contains($0) } ?? false }
        var explanation: String?
        var score: Double?
        if !joins.isEmpty {
            var counts: [String: Int] = [:]
            for j in joins { for t in j.clusterTerms { counts[t, default: 0] += 1 } }
            let terms = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(6).map(\.key)
            let reasons = Set(joins.compactMap(\.clusterReason)).sorted()
            score = joins.compactMap(\.clusterScore).max()
            explanation = reasons.joined(separator: ", ") + (terms.isEmpty ? "" : ": " + terms.joined(separator: ", "))
        }
        return DigestStoryInput(id: id, sources: sources, representative: representative, explanation: explanation, score: score)
    }

    /// Writes the given days in the configured formats, then the rolling Atom feed and the links.
    /// Returns the paths written.
    @discardableResult
    public func publish(days: Set<LocalDay>, now: Date) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        AtomicFileWriter.removeStaleTemporaries(in: directory)
        var written: [String] = []
        let today = LocalDay(date: now, timeZone: settings.timeZone)
        for day in days.sorted() {
            let model = try model(for: day, now: now)
            for format in settings.formats where format != .atom {
                let path = (directory as NSString).appendingPathComponent("\(day.isoString).\(format.rawValue)")
                try AtomicFileWriter.write(Data(render(model, format).utf8), to: path)
                written.append(path)
                if day == today { try AtomicFileWriter.updateLink(named: "latest.\(format.rawValue)", to: "\(day.isoString).\(format.rawValue)", in: directory) }
            }
        }
        if settings.formats.contains(.atom) {
            let models = try (0..<settings.atomDays).map { i throws(StoreError) in try model(for: today.adding(days: -i), now: now) }
            let atom = AtomRenderer.render(days: models, feedID: "urn:veille:digest", selfURL: nil, now: now)
            let path = (directory as NSString).appendingPathComponent("digest.atom")
            try AtomicFileWriter.write(Data(atom.utf8), to: path)
            written.append(path)
        }
        return written
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
