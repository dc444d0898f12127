import Testing
@testable import Digest

/// A card lists the first four other sources with their headlines, then names the rest in one line.
@Suite("Compact sources")
struct CompactSourcesTests {
    @Test func aTwelveSourceCardListsFourAndNamesTheOthers() throws {
        let model = try DigestFixture.midnightModel()
        let meta = try #require(model.allStories.first { $0.id == "s-e940" })
        #expect(meta.sources.count == 12)
        #expect(meta.outletCount == 12)
        #expect(meta.headline == "La Commission européenne inflige une amende record de 1,8 milliard d'euros à Meta")
        #expect(meta.listedSources.map(\.outlet) == ["Numerama", "01net", "Next", "Les Echos"], "the headline's own article is the heading")
        #expect(meta.moreSources.map(\.outlet) == ["Frandroid", "Clubic", "ZDNet", "BFM Business — Tech & Co, l'émission",
                                                   "Siècle Digital", "L'Informé", "Journal du Geek"])
        let html = HTMLRenderer.render(model)
        let card = try #require(html.range(of: "id=\"s-e940\"").map { html[$0.lowerBound...] }?.prefix { _ in true })
        let cardText = String(card.prefix(upTo: card.range(of: "</article>")!.lowerBound))
        #expect(cardText.components(separatedBy: "<span class=\"src\">").count - 1 == 4)
        #expect(cardText.contains("<p class=\"also-outlets\">Aussi\u{A0}: <span class=\"outlet-name\"><a href=\"https://www.frandroid.com/applications/2610100_amende-meta\">Frandroid</a></span>, "))
        #expect(cardText.contains("<span class=\"outlet-name\"><a href=\"https://www.journaldugeek.com/2026/12/03/meta-amende-ue/\">Journal du Geek</a></span> (7)</p>"))
        #expect(MarkdownRenderer.render(model).contains("- Aussi\u{A0}: [Frandroid](<https://www.frandroid.com/applications/2610100_amende-meta>), "))
        // The card's headline appears once as the heading, not again as a summary or a source row.
        // Le Monde's summary is its headline again: the day's first other summary is shown, and named.
        #expect(meta.summary == "La Commission européenne sanctionne le modèle « payer ou consentir » de Facebook et Instagram.")
        #expect(meta.summaryOutlet == "Numerama")
    }

    @Test func outletNamesNeverBreakTheRow() throws {
        let html = HTMLRenderer.render(try DigestFixture.midnightModel())
        #expect(html.contains(".src{display:block;color:var(--muted);font-size:.85rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"))
        #expect(html.contains(".outlet-name{white-space:nowrap}"))
    }
}
