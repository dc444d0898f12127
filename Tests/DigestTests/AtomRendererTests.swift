import Foundation
import Testing
@testable import Digest

@Suite("The rolling Atom feed")
struct AtomRendererTests {
    typealias F = DigestFixture
    let now = DigestFixture.date("2026-11-29T08:00:00+01:00")

    func render(_ days: [DigestModel], now: Date? = nil) throws -> AtomDocument {
        try AtomDocument(AtomRenderer.render(days: days, feedID: "urn:veille:digest", selfURL: nil, now: now ?? self.now))
    }

    func day(_ iso: String, _ stories: [DigestStoryInput], generatedAt: String) -> DigestModel {
        DigestBuilder.build(day: LocalDay(isoString: iso)!, stories: stories, language: .fr,
                            timeZone: F.paris, generatedAt: F.date(generatedAt))
    }

    /// The publisher writes the feed in parts; together they are the feed, whatever the part size.
    @Test(arguments: [1, 2, 256])
    func partsMakeTheWholeFeed(partEntries: Int) throws {
        let sources = (0..<5).map { F.source("e\($0)", outlet: "Média \($0)", at: "2026-11-28T0\($0 + 1):00:00+01:00") }
        let model = day("2026-11-28", sources.enumerated().map { DigestStoryInput(id: "s\($0.offset)", sources: [$0.element]) },
                        generatedAt: "2026-11-28T10:00:00+01:00")
        let whole = AtomRenderer.render(days: [model], feedID: "urn:veille:digest", selfURL: nil, now: now)
        let parts = AtomRenderer.renderParts(days: [model], feedID: "urn:veille:digest", selfURL: nil, now: now, partEntries: partEntries)
        #expect(parts.joined() == whole)
        #expect(parts.count == (5 + partEntries - 1) / partEntries)
        #expect(try AtomDocument(whole).entryIDs.count == 5)
    }

    @Test func entryUpdatedMovesOnlyWhenTheStoryGainsSources() throws {
        let a = F.source("a", outlet: "Numerama", at: "2026-11-28T08:00:00+01:00")
        let b = F.source("b", outlet: "Next", at: "2026-11-28T09:00:00+01:00")
        let c = F.source("c", outlet: "01net", at: "2026-11-28T15:30:00+01:00")
        let before = day("2026-11-28", [DigestStoryInput(id: "s1", sources: [a, b])], generatedAt: "2026-11-28T10:00:00+01:00")
        // The same day regenerated later, by a later cycle, with nothing new: byte-identical feed.
        let again = day("2026-11-28", [DigestStoryInput(id: "s1", sources: [b, a], representative: 1)], generatedAt: "2026-11-28T14:00:00+01:00")
        let text1 = AtomRenderer.render(days: [before], feedID: "urn:veille:digest", selfURL: nil, now: now)
        let text2 = AtomRenderer.render(days: [again], feedID: "urn:veille:digest", selfURL: nil,
                                        now: F.date("2026-11-29T09:00:00+01:00"))
        #expect(text1 == text2)
        let after = day("2026-11-28", [DigestStoryInput(id: "s1", sources: [a, b, c])], generatedAt: "2026-11-28T16:00:00+01:00")
        let first = try render([before]), second = try render([after])
        #expect(first.entryIDs == ["urn:veille:digest:story:s1"])
        #expect(second.entryIDs == first.entryIDs)
        #expect(first.entryUpdated == ["2026-11-28T08:00:00Z"])
        #expect(second.entryUpdated == ["2026-11-28T14:30:00Z"])
        #expect(second.feedUpdated == "2026-11-28T14:30:00Z")
    }

    @Test func severalDaysNewestFirstEachStoryOnce() throws {
        let yesterday = day("2026-11-27", [
            DigestStoryInput(id: "old", sources: [F.source("o", outlet: "Korben", at: "2026-11-27T10:00:00+01:00")]),
            DigestStoryInput(id: "moved", sources: [F.source("m1", outlet: "Next", at: "2026-11-27T23:00:00+01:00")]),
        ], generatedAt: "2026-11-27T23:30:00+01:00")
        let today = day("2026-11-28", [
            DigestStoryInput(id: "new", sources: [F.source("n", outlet: "Numerama", at: "2026-11-28T09:00:00+01:00")]),
            DigestStoryInput(id: "moved", sources: [F.source("m1", outlet: "Next", at: "2026-11-27T23:00:00+01:00"),
                                                    F.source("m2", outlet: "01net", at: "2026-11-28T07:00:00+01:00")]),
        ], generatedAt: "2026-11-28T20:00:00+01:00")
        let doc = try render([yesterday, today])
        #expect(doc.entryIDs == ["urn:veille:digest:story:moved", "urn:veille:digest:story:new", "urn:veille:digest:story:old"])
        #expect(doc.entryUpdated.first == "2026-11-28T06:00:00Z")  // as in the latest day that has it
    }

    @Test func fixtureFeedHasTheRequiredAtomElements() throws {
        let atom = AtomRenderer.render(days: [try F.model()], feedID: "urn:veille:digest",
                                       selfURL: "https://veille.example.org/digest.atom", now: now)
        #expect(atom.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""))
        let doc = try AtomDocument(atom)
        #expect(doc.entryIDs.count == 15)
        #expect(Set(doc.entryIDs).count == 15)
        #expect(doc.entryUpdated.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil })
        #expect(doc.contents.count == 15)
        #expect(doc.links.contains("https://veille.example.org/digest.atom"))
        // Required once per feed: id, title, updated, author.
        for element in ["<id>", "<title>", "<updated>", "<author>"] {
            let prefix = atom.components(separatedBy: "<entry>")[0]
            #expect(prefix.components(separatedBy: element).count == 2, "\(element)")
        }
    }
}
