import Digest
import Foundation
import StoryClustering
import VeilleStore

/// Turns the store's stories into digest files: each local day's `.md`/`.html`/`.json`, the rolling
/// `digest.atom`, and the `latest.*` links. A story belongs to the day of its first report and lists
/// every source it has gained since, so a late source rewrites that day's files too.
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
        let stories = try store.stories(firstReportedIn: day.interval(in: settings.timeZone))
        let entries = try store.entries(inStories: Set(stories.map(\.id)))
        var byStory: [String: [StoredEntry]] = [:]
        for e in entries { if let s = e.storyID { byStory[s, default: []].append(e) } }
        let inputs = stories.compactMap { s -> DigestStoryInput? in
            guard let members = byStory[s.id]?.sorted(by: { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) }), !members.isEmpty else { return nil }
            return Self.input(id: s.id, members: members)
        }
        return DigestBuilder.build(day: day, stories: inputs, language: language, timeZone: settings.timeZone, generatedAt: now)
    }

    static func input(id: String, members: [StoredEntry]) -> DigestStoryInput {
        let sources = members.map {
            DigestSource(entryID: "e\($0.id)", outlet: $0.feedName, feedTags: $0.feedTags, title: $0.title,
                         url: $0.url, summary: $0.summary, published: $0.reportedAt)
        }
        let representative = Headline.representative(members.map(\.title))
        // Why the sources were merged: the terms that carried each join, most frequent first.
        let joins = members.filter { $0.clusterReason != nil && $0.clusterReason != "newStory" }
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
