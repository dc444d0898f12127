import Foundation
import TextFormats
import Testing
@testable import Digest

/// The realistic French days in Fixtures (fixture-day.json; fixture-thread-day.json, a day with
/// developing stories), and helpers shared by the tests.
enum DigestFixture {
    static let paris = ZoneInfoDirectory.rules(named: "Europe/Paris")!

    struct Day: Decodable {
        var day: String
        var timeZone: String
        var generatedAt: Date
        var tagLabels: [String: String]?
        var stories: [Story]
    }

    struct Story: Decodable {
        var id: String
        var representative: Int?
        /// The clusterer's join reasons; a fixture story of several sources joined as "event" unless it says.
        var reasons: [String]?
        var score: Double?
        var thread: String?
        var earlier: [Earlier]?
        var sources: [Source]
    }

    struct Earlier: Decodable {
        var id: String
        var headline: String
        var url: String?
        var firstReported: Date
    }

    struct Source: Decodable {
        var entryID: String
        var outlet: String
        var feedTags: [String]
        var title: String
        var url: String?
        var summary: String
        var published: Date
        var categories: [String]?
    }

    static func fixturesURL() -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    static func load(_ name: String = "fixture-day.json") throws -> (day: LocalDay, timeZone: TimeZoneRules, generatedAt: Date,
                                                                     stories: [DigestStoryInput], tagLabels: [String: String]) {
        let data = try Data(contentsOf: fixturesURL().appendingPathComponent(name))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let raw = try decoder.decode(Day.self, from: data)
        let stories = raw.stories.map { story in
            DigestStoryInput(
                id: story.id,
                sources: story.sources.map {
                    DigestSource(entryID: $0.entryID, outlet: $0.outlet, feedTags: $0.feedTags, title: $0.title,
                                 url: $0.url, summary: $0.summary, published: $0.published, categories: $0.categories ?? [])
                },
                representative: story.representative ?? 0,
                joinReasons: Set(story.reasons ?? (story.sources.count > 1 ? ["event"] : [])), score: story.score,
                threadID: story.thread,
                earlier: (story.earlier ?? []).map { EarlierEvent(id: $0.id, headline: $0.headline, url: $0.url, firstReported: $0.firstReported) })
        }
        return (LocalDay(isoString: raw.day)!, ZoneInfoDirectory.rules(named: raw.timeZone)!, raw.generatedAt, stories, raw.tagLabels ?? [:])
    }

    static func model(language: DigestLanguage = .fr) throws -> DigestModel {
        let f = try load()
        return DigestBuilder.build(day: f.day, stories: f.stories, language: language,
                                   timeZone: f.timeZone, generatedAt: f.generatedAt)
    }

    /// The day with developing stories: a three-event thread with two earlier events, a lone event
    /// with an earlier one, a two-event thread of single-outlet stories.
    static func threadModel(language: DigestLanguage = .fr) throws -> DigestModel {
        let f = try load("fixture-thread-day.json")
        return DigestBuilder.build(day: f.day, stories: f.stories, language: language,
                                   timeZone: f.timeZone, generatedAt: f.generatedAt)
    }

    /// The day around midnight (fixture-midnight.json): an outage that began on the evening of
    /// Wednesday 2 December and gained sources on Thursday (and one on Friday), a 12-source story,
    /// deal posts (two of them once clustered together) beside news that merely mentions prices,
    /// publisher boilerplate, and an article whose own category names a theme. `day` picks the
    /// digest: Thursday by default, or Wednesday's as it was that evening.
    static func midnightModel(day: String = "2026-12-03", language: DigestLanguage = .fr,
                              navigation: DigestNavigation? = nil) throws -> DigestModel {
        let f = try load("fixture-midnight.json")
        let local = LocalDay(isoString: day)!
        let nav = navigation ?? DigestNavigation(previous: local.previous, next: local < f.day ? local.next : nil, hasIndex: true)
        let generatedAt = local < f.day ? date("2026-12-02T23:50:00+01:00") : f.generatedAt
        return DigestBuilder.build(day: local, stories: f.stories, language: language, timeZone: f.timeZone,
                                   generatedAt: generatedAt, tagLabels: f.tagLabels, navigation: nav)
    }

    /// "2026-11-28T08:12:00+01:00" → Date.
    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func source(_ id: String, outlet: String, at time: String, title: String? = nil,
                       url: String? = nil, summary: String = "", tags: [String] = []) -> DigestSource {
        DigestSource(entryID: id, outlet: outlet, feedTags: tags, title: title ?? "Titre \(id)",
                     url: url ?? "https://example.org/\(id)", summary: summary, published: date(time))
    }

    static func build(_ stories: [DigestStoryInput], day: String = "2026-11-28",
                      language: DigestLanguage = .fr) -> DigestModel {
        DigestBuilder.build(day: LocalDay(isoString: day)!, stories: stories, language: language,
                            timeZone: paris, generatedAt: date("2026-11-28T20:00:00+01:00"))
    }
}

/// Compares output with a golden file in Fixtures; `VEILLE_UPDATE_GOLDEN=1 swift test` rewrites
/// the golden files in the source tree instead (then review the diff and commit it).
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["VEILLE_UPDATE_GOLDEN"] == "1" }

    static func check(_ actual: String, file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if updating {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures").appendingPathComponent(name)
            try Data(actual.utf8).write(to: source)
            return
        }
        let url = DigestFixture.fixturesURL().appendingPathComponent(name)
        let expected = try String(contentsOf: url, encoding: .utf8)
        if actual != expected {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name)
            try Data(actual.utf8).write(to: out)
            let message = "\(name) differs from its golden file; actual output in \(out.path) "
                + "(diff it; VEILLE_UPDATE_GOLDEN=1 swift test rewrites the golden files)"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }
}
