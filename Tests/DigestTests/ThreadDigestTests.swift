import Foundation
import Testing
@testable import Digest

/// Threads in the digest: one thread's stories of the day together at the best one's rank, earlier
/// events linked to their day's file, in every format and both languages.
@Suite("Developing stories in the digest")
struct ThreadDigestTests {
    typealias F = DigestFixture

    func story(_ id: String, thread: String?, outlets: [String], lastAt: String, tags: [String] = ["tech"],
               title: String? = nil, earlier: [EarlierEvent] = []) -> DigestStoryInput {
        var sources = outlets.dropLast().enumerated().map { i, outlet in
            F.source("\(id)-\(i)", outlet: outlet, at: "2026-11-28T08:0\(i):00+01:00", tags: tags)
        }
        sources.append(F.source("\(id)-last", outlet: outlets.last!, at: lastAt, title: title, tags: tags))
        return DigestStoryInput(id: id, sources: sources, threadID: thread, earlier: earlier)
    }

    func earlier(_ id: String, _ time: String, headline: String? = nil) -> EarlierEvent {
        EarlierEvent(id: id, headline: headline ?? "Titre \(id)", url: "https://www.lesechos.fr/\(id)", firstReported: F.date(time))
    }

    @Test func aThreadTakesItsBestStorysRankAndKeepsItsStoriesTogether() {
        let model = F.build([
            story("ipo-priced", thread: "t-ipo", outlets: ["Les Echos", "BFM Business", "Le Figaro"], lastAt: "2026-11-28T09:00:00+01:00"),
            story("sfr", thread: "t-sfr", outlets: ["01net", "Frandroid"], lastAt: "2026-11-28T18:00:00+01:00"),
            story("ipo-jump", thread: "t-ipo", outlets: ["Numerama", "Le Figaro"], lastAt: "2026-11-28T17:00:00+01:00"),
            story("ipo-ceo", thread: "t-ipo", outlets: ["Maddyness"], lastAt: "2026-11-28T19:00:00+01:00", tags: ["startups"]),
            story("orange", thread: nil, outlets: ["Next", "Numerama", "01net", "Le Monde"], lastAt: "2026-11-28T10:00:00+01:00"),
        ])
        // Ranked alone: orange, ipo-priced, sfr, ipo-jump (sfr is more recent), ipo-ceo in the topics.
        #expect(model.topStories.map(\.id) == ["orange", "ipo-priced", "ipo-jump", "ipo-ceo", "sfr"])
        #expect(model.topThreads.map(\.id) == [nil, "t-ipo", "t-sfr"])
        #expect(model.topThreads[1].isGrouped && !model.topThreads[2].isGrouped)
        #expect(model.topicGroups.isEmpty, "a single-outlet story follows its thread into the top stories")
        #expect(model.allStories.map(\.threadID) == [nil, "t-ipo", "t-ipo", "t-ipo", "t-sfr"])
    }

    @Test func aThreadOfSingleOutletStoriesGoesUnderItsLeadsTag() {
        let model = F.build([
            story("cert", thread: "t-ivanti", outlets: ["CERT-FR"], lastAt: "2026-11-28T08:00:00+01:00", tags: ["security"]),
            story("blog", thread: "t-blog", outlets: ["Un blog"], lastAt: "2026-11-28T12:00:00+01:00", tags: ["web"]),
            story("patch", thread: "t-ivanti", outlets: ["IT-Connect"], lastAt: "2026-11-28T16:00:00+01:00", tags: ["sysadmin"]),
        ])
        let groups = model.topicGroups.map { ($0.tag ?? "-") + ":" + $0.threads.map { $0.stories.map(\.id).joined(separator: "+") }.joined(separator: ",") }
        #expect(groups == ["sysadmin:patch+cert", "web:blog"], "the latest story leads its thread and chooses the tag")
    }

    @Test func earlierEventsAreTheNewestFiveBeforeTheDayAndNotShownToday() {
        let events = [
            earlier("s-1", "2026-11-20T09:00:00+01:00", headline: "Le tout premier"),
            earlier("s-2", "2026-11-22T09:00:00+01:00"), earlier("s-3", "2026-11-23T09:00:00+01:00"),
            earlier("s-4", "2026-11-24T09:00:00+01:00"), earlier("s-5", "2026-11-25T09:00:00+01:00"),
            earlier("s-6", "2026-11-27T23:30:00+01:00"),
            earlier("same-day", "2026-11-28T01:00:00+01:00"),   // not an earlier day: no digest to link yet
            earlier("today", "2026-11-26T09:00:00+01:00"),      // shown today: not "earlier"
        ]
        let model = F.build([
            story("today", thread: "t", outlets: ["Numerama", "Next"], lastAt: "2026-11-28T10:00:00+01:00", earlier: events),
            story("other", thread: "t", outlets: ["Korben"], lastAt: "2026-11-28T11:00:00+01:00", earlier: Array(events.prefix(2))),
        ])
        let thread = model.topThreads[0]
        #expect(thread.earlier.map(\.id) == ["s-6", "s-5", "s-4", "s-3", "s-2"])
        #expect(thread.earlier[0].day == LocalDay(isoString: "2026-11-27"), "the day in the digest's time zone")
        #expect(thread.title == "Le tout premier", "a thread is named after its first event, even one no longer listed")
    }

    @Test func previouslyLinksToEachDaysFileInEveryFormat() throws {
        let model = try F.threadModel()
        let md = MarkdownRenderer.render(model)
        #expect(md.contains("*Précédemment\u{A0}:*\n\n- ven.\u{A0}27\u{A0}nov. · [Mistral AI & l'AMF : le prospectus approuvé « sans réserve »](2026-11-27.md)\n- jeu.\u{A0}26\u{A0}nov. · "))
        #expect(md.contains("](2026-11-28.md)"))
        let html = HTMLRenderer.render(model)
        #expect(html.contains("<a href=\"2026-11-27.html#s-e560\">Mistral AI &amp; l&#39;AMF"))
        #expect(html.contains("<li class=\"story\" id=\"s-e601\">"), "each story is an anchor that later days link to")
        #expect(html.contains("<time datetime=\"2026-11-26\">jeu.\u{A0}26\u{A0}nov.</time>"))
        let atom = try AtomDocument(AtomRenderer.render(days: [model], feedID: "urn:veille:digest", selfURL: nil, now: model.generatedAt))
        let ipo = try #require(atom.contents.first { $0.contains("Arthur Mensch") })
        #expect(ipo.contains("<b>Sujet suivi\u{A0}:</b> Mistral AI dépose son dossier"))
        #expect(ipo.contains("Précédemment\u{A0}:</p><ul><li>ven.\u{A0}27\u{A0}nov. · <a href=\"https://www.bfmtv.com/"))
        let sfr = try #require(atom.contents.first { $0.contains("Panne SFR") })
        #expect(!sfr.contains("Sujet suivi"), "a story alone in its thread without history says nothing of threads")
    }

    @Test func theThreadsWordsAreInTheDigestsLanguage() throws {
        let fr = try F.threadModel(language: .fr), en = try F.threadModel(language: .en)
        for text in [MarkdownRenderer.render(fr), HTMLRenderer.render(fr)] {
            #expect(text.contains("Sujet suivi\u{A0}:") && text.contains("Précédemment"))
            #expect(!text.contains("Developing story") && !text.contains("Previously"))
        }
        for text in [MarkdownRenderer.render(en), HTMLRenderer.render(en)] {
            #expect(text.contains("Developing story:") && text.contains("Previously"))
            #expect(!text.contains("Sujet suivi") && !text.contains("Précédemment"))
        }
        #expect(MarkdownRenderer.render(en).contains("- Fri, Nov\u{A0}27 · [Mistral AI & l'AMF"))
        let lastYear = F.build([story("s", thread: "t", outlets: ["A"], lastAt: "2026-01-02T10:00:00+01:00",
                                      earlier: [earlier("old", "2025-12-31T10:00:00+01:00")])], day: "2026-01-02", language: .en)
        #expect(MarkdownRenderer.render(lastYear).contains("- Wed, Dec\u{A0}31, 2025 · [Titre old](2025-12-31.md)"))
    }

    @Test func hostileThreadTitlesAndEarlierHeadlinesAreEscaped() throws {
        let attack = "<script>alert(1)</script> **gras** [lien](javascript:alert(1)) & « cité »"
        let model = F.build([
            story("a\"<x>", thread: "t-<b>", outlets: ["Numerama", "Next"], lastAt: "2026-11-28T10:00:00+01:00",
                  earlier: [EarlierEvent(id: "old\"><img src=x>", headline: attack, url: "javascript:alert(1)",
                                         firstReported: F.date("2026-11-27T10:00:00+01:00"))]),
            story("b", thread: "t-<b>", outlets: ["Korben"], lastAt: "2026-11-28T11:00:00+01:00"),
        ])
        #expect(model.topThreads[0].title == attack)
        #expect(model.topThreads[0].earlier[0].url == nil, "only http(s) links are kept")
        let html = HTMLRenderer.render(model)
        #expect(!html.contains("<script>") && !html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; **gras**"))
        #expect(html.contains("href=\"2026-11-27.html#old%22%3E%3Cimg%20src%3Dx%3E\""))
        #expect(html.contains("id=\"a%22%3Cx%3E\""))
        let md = MarkdownRenderer.render(model)
        #expect(md.contains("Sujet suivi\u{A0}: \\<script\\>alert(1)\\</script\\> \\*\\*gras\\*\\* \\[lien\\](javascript:alert(1)) & « cité »"))
        #expect(!md.contains("(javascript:alert(1))\n") && !md.contains("[lien](javascript"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(model).utf8)) as? [String: Any])
        let thread = try #require((json["threads"] as? [[String: Any]])?.first)
        #expect(thread["id"] as? String == "t-<b>")
        #expect((thread["earlier"] as? [[String: Any]])?.first?["headline"] as? String == attack)
        let atom = AtomRenderer.render(days: [model], feedID: "urn:veille:digest", selfURL: nil, now: model.generatedAt)
        let parsed = try AtomDocument(atom)
        for content in parsed.contents {
            #expect(!content.contains("<script") && !content.contains("javascript:alert(1)\""))
        }
    }
}
