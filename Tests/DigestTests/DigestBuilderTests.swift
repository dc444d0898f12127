import Foundation
import Testing
@testable import Digest

@Suite("Ranking and grouping the day's stories")
struct DigestBuilderTests {
    typealias F = DigestFixture

    func story(_ id: String, outlets: [String], lastAt: String, tags: [String] = ["tech"]) -> DigestStoryInput {
        var sources = outlets.dropLast().enumerated().map { i, outlet in
            F.source("\(id)-\(i)", outlet: outlet, at: "2026-11-28T08:0\(i):00+01:00", tags: tags)
        }
        sources.append(F.source("\(id)-last", outlet: outlets.last!, at: lastAt, tags: tags))
        return DigestStoryInput(id: id, sources: sources)
    }

    @Test func topStoriesByOutletCountThenRecency() {
        let model = F.build([
            story("two-late", outlets: ["Numerama", "01net"], lastAt: "2026-11-28T22:00:00+01:00"),
            story("three-early", outlets: ["Numerama", "01net", "Next"], lastAt: "2026-11-28T09:00:00+01:00"),
            story("four", outlets: ["Numerama", "01net", "Next", "Le Monde"], lastAt: "2026-11-28T10:00:00+01:00"),
            story("three-late", outlets: ["Numerama", "01net", "Next"], lastAt: "2026-11-28T18:00:00+01:00"),
            story("two-early", outlets: ["Numerama", "01net"], lastAt: "2026-11-28T12:00:00+01:00"),
            story("two-b-tie", outlets: ["Korben", "Clubic"], lastAt: "2026-11-28T12:00:00+01:00"),
            story("single", outlets: ["Korben"], lastAt: "2026-11-28T23:00:00+01:00"),
        ])
        #expect(model.topStories.map(\.id) == ["four", "three-late", "three-early", "two-late", "two-b-tie", "two-early"])
        #expect(model.topicGroups.flatMap(\.stories).map(\.id) == ["single"])
    }

    @Test func outletsAreCountedOnce() {
        // Two articles from Numerama and one from "le monde"/"Le Monde" feeds: two outlets, four sources.
        let model = F.build([DigestStoryInput(id: "s", sources: [
            F.source("a", outlet: "Numerama", at: "2026-11-28T08:00:00+01:00"),
            F.source("b", outlet: "Numerama", at: "2026-11-28T09:00:00+01:00"),
            F.source("c", outlet: "Le Monde", at: "2026-11-28T10:00:00+01:00"),
            F.source("d", outlet: "le monde", at: "2026-11-28T11:00:00+01:00"),
        ])])
        #expect(model.topStories.first?.outletCount == 2)
        #expect(model.topStories.first?.sources.count == 4)
        // One outlet with two articles is still a single-source item.
        let single = F.build([DigestStoryInput(id: "s", sources: [
            F.source("a", outlet: "Next", at: "2026-11-28T08:00:00+01:00"),
            F.source("b", outlet: "Next", at: "2026-11-28T09:00:00+01:00"),
        ])])
        #expect(single.topStories.isEmpty)
        #expect(single.topicGroups.first?.stories.first?.sources.count == 2)
    }

    @Test func representativeHeadlineSummaryAndTimes() {
        let model = F.build([DigestStoryInput(id: "s", sources: [
            F.source("late", outlet: "Next", at: "2026-11-28T11:00:00+01:00", title: "Titre de Next",
                     url: "https://next.ink/1", summary: "  Résumé   de\nNext "),
            F.source("early", outlet: "Numerama", at: "2026-11-28T08:00:00+01:00", title: "Titre de Numerama",
                     url: "javascript:alert(1)", summary: ""),
        ], representative: 1, joinReasons: ["event"], score: .nan)])
        let story = model.topStories[0]
        #expect(story.headline == "Titre de Numerama")
        #expect(story.url == nil)  // the representative's link was not http(s): no fallback to another article
        #expect(story.outlet == "Numerama")
        #expect(story.summary == "Résumé de Next")  // the representative has none: the earliest that has one…
        #expect(story.summaryOutlet == "Next")     // …and the card says whose it is
        #expect(story.sources.map(\.entryID) == ["early", "late"])
        #expect(story.sources.map(\.isRepresentative) == [true, false])
        #expect(story.firstReported == F.date("2026-11-28T08:00:00+01:00"))
        #expect(story.updated == F.date("2026-11-28T11:00:00+01:00"))
        #expect(story.reason == GroupingReason(sharedWords: ["Titre"], hasCopies: false, confidence: nil))
        #expect(story.score == nil)
    }

    @Test func badRepresentativeIndexAndEmptyTitles() {
        let model = F.build([
            DigestStoryInput(id: "s", sources: [
                F.source("b", outlet: "Next", at: "2026-11-28T11:00:00+01:00", title: "Plus tard"),
                F.source("a", outlet: "Numerama", at: "2026-11-28T08:00:00+01:00", title: " "),
            ], representative: 7),
            DigestStoryInput(id: "empty", sources: []),
            DigestStoryInput(id: "untitled", sources: [F.source("u", outlet: "Korben", at: "2026-11-28T09:00:00+01:00", title: "")]),
        ])
        // Out of range: the earliest article represents the story; its empty title falls back to another's.
        #expect(model.topStories[0].outlet == "Numerama")
        #expect(model.topStories[0].headline == "Plus tard")
        #expect(model.allStories.map(\.id) == ["s", "untitled"])
        #expect(model.allStories[1].headline == "(sans titre)")
        #expect(MarkdownRenderer.render(model).contains("(sans titre)"))
    }

    @Test func singleSourceItemsAreGroupedBySpecificTags() {
        let model = F.build([
            story("pixel", outlets: ["Frandroid"], lastAt: "2026-11-28T10:00:00+01:00", tags: ["tech", "mobile"]),
            story("freebox", outlets: ["Phonandroid"], lastAt: "2026-11-28T11:00:00+01:00", tags: ["tech", "mobile"]),
            story("ios", outlets: ["MacG"], lastAt: "2026-11-28T12:00:00+01:00", tags: ["tech", "apple", "mobile"]),
            story("cert", outlets: ["CERT-FR"], lastAt: "2026-11-28T09:00:00+01:00", tags: ["security", "alerts"]),
            story("veeam", outlets: ["IT-Connect"], lastAt: "2026-11-28T08:00:00+01:00", tags: ["tech", "sysadmin", "security"]),
            story("korben", outlets: ["Korben"], lastAt: "2026-11-28T13:00:00+01:00", tags: ["tech"]),
            story("blog", outlets: ["Un blog"], lastAt: "2026-11-28T14:00:00+01:00", tags: []),
        ])
        let groups = model.topicGroups.map { ($0.tag ?? "-") + ":" + $0.stories.map(\.id).joined(separator: ",") }
        // "tech" is on 5 of 7 items: a catch-all, used only by the item that has nothing else.
        // "mobile" (3) beats "apple" (1); "security" (2) beats "alerts" and "sysadmin" (1).
        #expect(groups == ["mobile:ios,freebox,pixel", "security:cert,veeam", "tech:korben", "-:blog"])
        #expect(MarkdownRenderer.render(model).contains("### Divers"))
        #expect(MarkdownRenderer.render(DigestFixture.build([story("blog", outlets: ["B"], lastAt: "2026-11-28T14:00:00+01:00", tags: [])], language: .en))
            .contains("### Other"))
    }

    @Test func tagTiesGoToTheFirstListedTag() {
        let model = F.build([
            story("a", outlets: ["Le Big Data"], lastAt: "2026-11-28T10:00:00+01:00", tags: ["data", "ai"]),
            story("b", outlets: ["X"], lastAt: "2026-11-28T10:00:00+01:00", tags: ["science"]),
            story("c", outlets: ["Y"], lastAt: "2026-11-28T10:00:00+01:00", tags: ["dev"]),
        ])
        #expect(model.topicGroups.map(\.tag) == ["data", "dev", "science"])
    }

    @Test func emptyDaySaysSoInEveryFormat() throws {
        for (language, phrase) in [(DigestLanguage.fr, "Rien de nouveau aujourd'hui."), (.en, "Nothing new today.")] {
            let model = F.build([], language: language)
            #expect(model.isEmpty)
            #expect(MarkdownRenderer.render(model).contains(phrase))
            #expect(HTMLRenderer.render(model).contains(MarkupEscaping.escape(phrase)))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(model).utf8)) as? [String: Any])
            #expect((json["top_stories"] as? [Any])?.isEmpty == true)
            #expect((json["topics"] as? [Any])?.isEmpty == true)
            #expect(json["article_count"] as? Int == 0)
            let atom = try AtomDocument(AtomRenderer.render(days: [model], feedID: "urn:veille:digest", selfURL: nil,
                                                            now: F.date("2026-11-28T20:00:00+01:00")))
            #expect(atom.entryIDs.isEmpty)
            #expect(atom.feedUpdated == "2026-11-28T19:00:00Z")
        }
        let md = MarkdownRenderer.render(F.build([]))
        #expect(md == """
            # veille — samedi 28 novembre 2026

            Rien de nouveau aujourd'hui.

            ---

            *Généré par veille le samedi 28 novembre 2026 à 20\u{A0}h\u{A0}00.*

            """)
    }

    @Test func dayWithOnlySingleSourceItems() {
        let model = F.build([story("k", outlets: ["Korben"], lastAt: "2026-11-28T10:00:00+01:00")])
        #expect(!model.isEmpty)
        #expect(MarkdownRenderer.render(model).contains("Aucun sujet n'a été repris par plusieurs médias."))
        #expect(HTMLRenderer.render(model).contains("Aucun sujet n&#39;a été repris par plusieurs médias."))
    }

    @Test func buildingIsDeterministic() throws {
        let f = try F.load()
        let shuffled = DigestBuilder.build(day: f.day, stories: f.stories.reversed(), language: .fr,
                                           timeZone: f.timeZone, generatedAt: f.generatedAt)
        #expect(shuffled == (try F.model()))
    }
}
