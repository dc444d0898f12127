import Foundation
import Testing
@testable import Digest

/// The fixture day in every format, compared byte for byte with the reviewed golden files.
@Suite("Golden files for the fixture day")
struct GoldenFileTests {
    @Test func markdown() throws {
        try Golden.check(MarkdownRenderer.render(DigestFixture.model()), file: "fixture-day.md")
    }

    @Test func markdownInEnglish() throws {
        try Golden.check(MarkdownRenderer.render(DigestFixture.model(language: .en)), file: "fixture-day.en.md")
    }

    @Test func html() throws {
        try Golden.check(HTMLRenderer.render(DigestFixture.model()), file: "fixture-day.html")
    }

    @Test func json() throws {
        try Golden.check(JSONRenderer.render(DigestFixture.model()), file: "fixture-day.json.golden")
    }

    @Test func atom() throws {
        let model = try DigestFixture.model()
        let atom = AtomRenderer.render(days: [model], feedID: "urn:veille:digest",
                                       selfURL: "https://veille.example.org/digest.atom",
                                       now: DigestFixture.date("2026-11-28T18:30:00+01:00"))
        try Golden.check(atom, file: "fixture-day.atom")
    }

    @Test func threadDayMarkdown() throws {
        try Golden.check(MarkdownRenderer.render(DigestFixture.threadModel()), file: "fixture-thread-day.md")
    }

    @Test func threadDayMarkdownInEnglish() throws {
        try Golden.check(MarkdownRenderer.render(DigestFixture.threadModel(language: .en)), file: "fixture-thread-day.en.md")
    }

    @Test func threadDayHTML() throws {
        try Golden.check(HTMLRenderer.render(DigestFixture.threadModel()), file: "fixture-thread-day.html")
    }

    @Test func threadDayJSON() throws {
        try Golden.check(JSONRenderer.render(DigestFixture.threadModel()), file: "fixture-thread-day.json.golden")
    }

    @Test func threadDayAtom() throws {
        let atom = AtomRenderer.render(days: [try DigestFixture.threadModel()], feedID: "urn:veille:digest",
                                       selfURL: "https://veille.example.org/digest.atom",
                                       now: DigestFixture.date("2026-11-30T21:15:00+01:00"))
        try Golden.check(atom, file: "fixture-thread-day.atom")
    }

    // The day around midnight: Thursday with the continuing outage, the 12-source card, the deals,
    // the navigation; Wednesday's page as it was that evening.
    @Test func midnightHTML() throws {
        try Golden.check(HTMLRenderer.render(DigestFixture.midnightModel()), file: "fixture-midnight.html")
    }

    @Test func midnightEveHTML() throws {
        try Golden.check(HTMLRenderer.render(DigestFixture.midnightModel(day: "2026-12-02")), file: "fixture-midnight-eve.html")
    }

    @Test func midnightMarkdown() throws {
        try Golden.check(MarkdownRenderer.render(DigestFixture.midnightModel()), file: "fixture-midnight.md")
    }

    @Test func midnightMarkdownInEnglish() throws {
        try Golden.check(MarkdownRenderer.render(DigestFixture.midnightModel(language: .en)), file: "fixture-midnight.en.md")
    }

    @Test func midnightJSON() throws {
        try Golden.check(JSONRenderer.render(DigestFixture.midnightModel()), file: "fixture-midnight.json.golden")
    }

    @Test func midnightIndex() throws {
        let days = [IndexRenderer.Day(day: LocalDay(isoString: "2026-12-03")!, model: try DigestFixture.midnightModel()),
                    IndexRenderer.Day(day: LocalDay(isoString: "2026-12-02")!, model: try DigestFixture.midnightModel(day: "2026-12-02")),
                    IndexRenderer.Day(day: LocalDay(isoString: "2026-11-20")!)]
        let html = IndexRenderer.render(days: days, language: .fr, timeZone: DigestFixture.paris,
                                        generatedAt: DigestFixture.date("2026-12-03T18:45:00+01:00"))
        try Golden.check(html, file: "fixture-index.html")
    }

    @Test func emptyDayHTML() throws {
        let model = DigestFixture.build([])
        try Golden.check(HTMLRenderer.render(model), file: "empty-day.html")
    }
}
