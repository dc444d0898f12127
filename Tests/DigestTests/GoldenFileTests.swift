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

    @Test func emptyDayHTML() throws {
        let model = DigestFixture.build([])
        try Golden.check(HTMLRenderer.render(model), file: "empty-day.html")
    }
}
