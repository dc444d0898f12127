import Foundation
import Testing
@testable import Digest

/// Previous and next days, the index of days, and themes that read as words.
@Suite("Navigation and themes")
struct NavigationTests {
    @Test func pagesLinkTheNeighbouringDaysAndTheIndex() throws {
        let html = HTMLRenderer.render(try DigestFixture.midnightModel())
        #expect(html.contains("<nav class=\"days\"><a rel=\"prev\" href=\"2026-12-02.html\">← Jour précédent <span class=\"day\">mer.\u{A0}2\u{A0}déc.</span></a><a href=\"index.html\">Tous les jours</a></nav>"))
        #expect(!html.contains("rel=\"next\""), "no page for tomorrow yet")
        let eve = HTMLRenderer.render(try DigestFixture.midnightModel(day: "2026-12-02"))
        #expect(eve.contains("<a rel=\"next\" href=\"2026-12-03.html\">Jour suivant <span class=\"day\">jeu.\u{A0}3\u{A0}déc.</span> →</a>"))
        let md = MarkdownRenderer.render(try DigestFixture.midnightModel(day: "2026-12-02", language: .en))
        #expect(md.contains("[← Previous day (Tue, Dec\u{A0}1)](2026-12-01.md) · [All days](index.html) · [Next day (Thu, Dec\u{A0}3) →](2026-12-03.md)"))
        let alone = HTMLRenderer.render(try DigestFixture.midnightModel(navigation: DigestNavigation()))
        #expect(!alone.contains("<nav"))
    }

    @Test func theIndexListsDaysNewestFirst() throws {
        let html = IndexRenderer.render(
            days: [IndexRenderer.Day(day: LocalDay(isoString: "2026-12-02")!, model: try DigestFixture.midnightModel(day: "2026-12-02")),
                   IndexRenderer.Day(day: LocalDay(isoString: "2026-12-03")!, model: try DigestFixture.midnightModel())],
            language: .fr, timeZone: DigestFixture.paris, generatedAt: DigestFixture.date("2026-12-03T19:00:00+01:00"))
        let thursday = try #require(html.range(of: "href=\"2026-12-03.html\"")).lowerBound
        let wednesday = try #require(html.range(of: "href=\"2026-12-02.html\"")).lowerBound
        #expect(thursday < wednesday)
        #expect(html.contains("<a href=\"2026-12-03.html#s-e940\">La Commission européenne inflige une amende record de 1,8 milliard d&#39;euros à Meta</a>"))
    }

    @Test func tagsReadAsWords() {
        #expect(TagLabel.label(for: "politique-numerique", labels: [:]) == "Politique numerique")
        #expect(TagLabel.label(for: "politique-numerique", labels: ["politique-numerique": "Politique numérique"]) == "Politique numérique")
        #expect(TagLabel.label(for: "enterprise_it", labels: [:]) == "Enterprise it")
        #expect(TagLabel.label(for: "IA", labels: [:]) == "IA")
    }

    @Test func anArticlesOwnCategoryBeatsItsFeedsTag() throws {
        let model = try DigestFixture.midnightModel()
        let groups = model.topicGroups.map { ($0.label ?? "-", $0.stories.map(\.id)) }
        // Numerama's feed is tagged "tech", but the leak article's own category is "Sécurité": the label of "security".
        #expect(groups.first { $0.0 == "Sécurité" }?.1.sorted() == ["s-e973", "s-e974"])
        #expect(groups.first { $0.0 == "Politique numérique" }?.1 == ["s-e975", "s-e972"])
        #expect(HTMLRenderer.render(model).contains("<h3>Politique numérique</h3>"))
    }
}
