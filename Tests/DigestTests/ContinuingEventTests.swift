import Testing
@testable import Digest

/// Every article appears in the digest of its own day, once: an event that began the evening before
/// shows again the next day, marked as continuing, its earlier sources folded; the earlier day's file
/// shows it as it was that day.
@Suite("A continuing event across midnight")
struct ContinuingEventTests {
    @Test func theEveningsDigestShowsTheEventAsItWasThen() throws {
        let eve = try DigestFixture.midnightModel(day: "2026-12-02")
        let outage = try #require(eve.allStories.first { $0.id == "s-e900" })
        #expect(outage.sources.map(\.entryID) == ["e900", "e901"])
        #expect(!outage.isContinuing)
        #expect(outage.outletCount == 2)
        #expect(eve.articleCount == 2, "Thursday's articles are not in Wednesday's file")
        #expect(eve.deals.isEmpty)
    }

    @Test func theNextDayShowsItAgainContinuingWithItsEarlierSourcesFolded() throws {
        let model = try DigestFixture.midnightModel()
        let outage = try #require(model.allStories.first { $0.id == "s-e900" })
        #expect(outage.isContinuing)
        #expect(outage.firstDay == LocalDay(isoString: "2026-12-02"))
        #expect(outage.earlierSources.map(\.entryID) == ["e900", "e901"])
        #expect(outage.sources.map(\.entryID) == ["e902", "e903", "e904", "e905"], "Friday's Clubic article is not yet there")
        #expect(outage.outletCount == 6)
        #expect(outage.outletCountToday == 4)
        // Each article once across the two days.
        let eve = try DigestFixture.midnightModel(day: "2026-12-02")
        let thursday = Set(model.allStories.flatMap(\.sources).map(\.entryID) + model.deals.map(\.entryID))
        let wednesday = Set(eve.allStories.flatMap(\.sources).map(\.entryID))
        #expect(thursday.isDisjoint(with: wednesday))
        #expect(model.articleCount == thursday.count)
    }

    @Test func itRanksByWhatItGainedThatDayAndSitsWithItsThread() throws {
        let model = try DigestFixture.midnightModel()
        // Meta's fine has 12 outlets today; the outage 4 today (6 in all).
        #expect(model.topThreads.map { $0.stories.map(\.id) } == [["s-e940"], ["s-e900", "s-e920"]])
        #expect(model.topThreads[1].isGrouped)
    }

    @Test func everyFormatSaysItContinuesAndLinksToTheDayItBegan() throws {
        let model = try DigestFixture.midnightModel()
        let html = HTMLRenderer.render(model)
        #expect(html.contains("<span class=\"badge continuing\">Suite</span>"))
        #expect(html.contains("<summary>Suite\u{A0}: 2\u{A0}articles depuis mer.\u{A0}2\u{A0}déc.</summary>"))
        #expect(html.contains("<a href=\"2026-12-02.html#s-e900\">mercredi 2 décembre 2026</a>"))
        let md = MarkdownRenderer.render(model)
        #expect(md.contains("*Suite\u{A0}:* [2\u{A0}articles depuis mer.\u{A0}2\u{A0}déc.](2026-12-02.md)"))
        let en = MarkdownRenderer.render(try DigestFixture.midnightModel(language: .en))
        #expect(en.contains("*Continuing:* [2\u{A0}articles since Wed, Dec\u{A0}2](2026-12-02.md)"))
        let json = JSONRenderer.render(model)
        #expect(json.contains("\"continuing\": true"))
        #expect(json.contains("\"first_day\": \"2026-12-02\""))
        // The Atom entry lists every source, the earlier ones too.
        let atom = AtomRenderer.render(days: [model], feedID: "urn:veille:digest", selfURL: nil, now: model.generatedAt)
        #expect(atom.contains("Orange : une panne du réseau fixe prive d&amp;#39;Internet des milliers de foyers dans l&amp;#39;Ouest"))
    }

    @Test func aStoryWithOnlyLaterArticlesIsNotShown() {
        let model = DigestFixture.build([DigestStoryInput(id: "s", sources: [
            DigestFixture.source("a", outlet: "Next", at: "2026-11-29T08:00:00+01:00"),
        ])])
        #expect(model.isEmpty)
    }
}
