import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Digest

/// A hostile feed must not be able to inject markup or links in any format: its text shows as
/// text, and only http(s) links survive.
@Suite("Escaping hostile feed text")
struct EscapingTests {
    static let scriptTitle = "<script>alert(1)</script>"
    static let imgSummary = "\"><img src=x onerror=alert(1)>"
    static let evilOutlet = "<b onmouseover=alert(1)>Evil</b> & \"Co\""

    static let badURLs: [String?] = [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x",
        "/relative/path", "https:/evil.example", "https://", "file:///etc/passwd", nil,
    ]

    /// One multi-outlet story and one single-outlet item, every string an attack.
    static func hostileModel(language: DigestLanguage = .fr) -> DigestModel {
        var sources = badURLs.enumerated().map { i, url in
            DigestSource(entryID: "e\(i)\"'<>", outlet: i == 0 ? evilOutlet : "Outlet \(i) <i>",
                         feedTags: ["<tag>", "sec\"urity"], title: i % 2 == 0 ? scriptTitle : imgSummary,
                         url: url, summary: imgSummary, published: DigestFixture.date("2026-11-28T09:00:00+01:00"))
        }
        sources.append(DigestSource(
            entryID: "quote", outlet: "Q", title: "Quote in URL",
            url: "https://example.org/a\"><script>alert(1)</script>?q='x' y(1)",
            summary: "", published: DigestFixture.date("2026-11-28T10:00:00+01:00")))
        let top = DigestStoryInput(id: "s1\"<x>", sources: sources, representative: 0,
                                   joinReasons: ["event"], score: 0.5)
        let single = DigestStoryInput(id: "s2", sources: [DigestSource(
            entryID: "x", outlet: "\u{202E}Outlet\u{0}", feedTags: ["<svg onload=alert(1)>"],
            title: "[click](javascript:alert(1)) **bold** `code` # <b>x</b> &lt;i&gt;",
            url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            summary: "1. not a list <script>alert(1)</script>", published: DigestFixture.date("2026-11-28T11:00:00+01:00"))])
        return DigestFixture.build([top, single], language: language)
    }

    @Test(arguments: badURLs)
    func nonHTTPLinksAreDropped(url: String?) {
        #expect(SafeLink.http(url) == nil)
    }

    @Test func httpLinksAreKeptAndMadeSafe() {
        #expect(SafeLink.http("https://www.numerama.com/tech/x.html") == "https://www.numerama.com/tech/x.html")
        #expect(SafeLink.http(" HTTP://Example.org/a ") == "http://Example.org/a")
        #expect(SafeLink.http("https://fr.wikipedia.org/wiki/Next_(site web)") == "https://fr.wikipedia.org/wiki/Next_(site%20web)")
        #expect(SafeLink.http("https://example.org/a\"><b>") == "https://example.org/a%22%3E%3Cb%3E")
        #expect(SafeLink.http("https://linuxfr.org/news/dépêche") == "https://linuxfr.org/news/d%C3%A9p%C3%AAche")
        #expect(SafeLink.http("https://example.org/a\nb") == nil)
        #expect(SafeLink.http("https://user@/x") == nil)
    }

    /// The byte path is an optimisation of the scalar path: where it answers, it answers the same.
    @Test func plainURLsAreDecidedOnBytesAsOnScalars() {
        let urls = ["https://www.numerama.com/tech/x.html", "http://a.example", "https://a.example?q=1#f",
                    "https://user:pw@host.example:8443/p", "https://user@/x", "https://:80/x", "https://", "http:///p",
                    "https://a@b@c.example/", "https://a.example/(1)~!$&'*+,;=%20", "HTTPS://a.example/", " https://a.example/",
                    "https://a.example/é", "https://a.example/a b", "https://a.example/\u{7F}", "https://a.example/{x}",
                    "ftp://a.example/", "https:/a.example", "https://a.example/" + String(repeating: "x", count: 3000)]
        var decided = 0
        for url in urls {
            guard let plain = SafeLink.plain(url) else { continue }
            decided += 1
            #expect(plain == SafeLink.scalarPath(url), "\(url)")
        }
        #expect(decided == 7, "the plain ones, and only those")
        for url in urls { #expect(SafeLink.http(url) == SafeLink.scalarPath(url), "\(url)") }
    }

    @Test func htmlShowsAttacksAsText() {
        let html = HTMLRenderer.render(Self.hostileModel())
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&lt;b onmouseover=alert(1)&gt;Evil&lt;/b&gt; &amp; &quot;Co&quot;"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("<img"))
        #expect(!html.contains("\u{202E}") && !html.contains("\u{0}"))

        // Only the renderer's own elements exist, and every link is a plain http(s) href.
        let tags = Set(html.matches(of: /<([a-zA-Z][a-zA-Z0-9]*)/).map { String($0.output.1).lowercased() })
        let allowed: Set<String> = ["html", "head", "meta", "title", "style", "body", "div", "header", "p", "main",
                                    "section", "h1", "h2", "h3", "ol", "ul", "li", "article", "span", "time",
                                    "a", "details", "summary", "footer"]
        #expect(tags.isSubset(of: allowed), "unexpected elements: \(tags.subtracting(allowed))")
        let anchors = html.matches(of: /<a\b[^>]*>/).map { String($0.output) }
        #expect(anchors.count == 1)  // only the one http(s) URL of the hostile day
        for anchor in anchors {
            #expect(anchor.wholeMatch(of: /<a href="https?:\/\/[^"<>\s]+">/) != nil, "\(anchor)")
        }
        #expect(html.contains("href=\"https://example.org/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E?q=&#39;x&#39;%20y(1)\""))
    }

    @Test func markdownShowsAttacksAsText() {
        let md = MarkdownRenderer.render(Self.hostileModel())
        #expect(md.contains("\\<script\\>alert(1)\\</script\\>"))
        #expect(md.contains("\\<b onmouseover=alert(1)\\>Evil\\</b\\>"))
        // Feed brackets and emphasis are escaped, so the only links are ours, all http(s).
        #expect(md.contains("\\[click\\](javascript:alert(1)) \\*\\*bold\\*\\* \\`code\\` # \\<b\\>x\\</b\\> \\&lt;i\\&gt;"))
        #expect(md.contains("1\\. not a list"))
        let text = Array(md)
        var links = 0
        for i in text.indices {
            let escaped = i > 0 && text[i - 1] == "\\"
            if text[i] == "<" && !escaped {
                // An unescaped "<" only opens one of our link destinations: "](<http".
                let opensLink = i >= 2 && text[i - 2] == "]" && text[i - 1] == "("
                #expect(opensLink && String(text[i..<min(i + 8, text.count)]).hasPrefix("<http"),
                        "raw < at \(i): \(String(text[max(0, i - 20)..<min(i + 20, text.count)]))")
            }
            if text[i] == "]" && !escaped && i + 1 < text.count && text[i + 1] == "(" {
                links += 1
                #expect(String(text[(i + 1)..<min(i + 9, text.count)]).hasPrefix("(<http"))
            }
        }
        #expect(links == 1)  // only the one http(s) URL of the hostile day
    }

    @Test func atomIsWellFormedAndShowsAttacksAsText() throws {
        let atom = AtomRenderer.render(days: [Self.hostileModel()], feedID: "urn:veille:test", selfURL: "javascript:x",
                                       now: DigestFixture.date("2026-11-28T21:00:00+01:00"))
        #expect(!atom.contains("<script"))
        #expect(!atom.contains("rel=\"self\""))
        let parsed = try AtomDocument(atom)
        #expect(parsed.entryTitles.contains(Self.scriptTitle))
        #expect(parsed.entryIDs.contains("urn:veille:test:story:s1%22%3Cx%3E"))
        // The content is HTML carried as text: once unescaped by the XML parser, it is still escaped HTML.
        for content in parsed.contents {
            #expect(!content.lowercased().contains("<script"))
            #expect(!content.lowercased().contains("<img"))
            #expect(!content.contains("javascript:") || content.contains("[click](javascript:alert(1))"))
        }
        #expect(parsed.links.allSatisfy { $0.hasPrefix("https://") || $0.hasPrefix("http://") })
    }

    @Test func jsonKeepsTheTextAndDropsBadLinks() throws {
        let json = JSONRenderer.render(Self.hostileModel())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let top = try #require((object["top_stories"] as? [[String: Any]])?.first)
        #expect(top["headline"] as? String == Self.scriptTitle)
        #expect(top["url"] is NSNull)
        // The explanation quotes the titles' own words, as plain text (escaped by whoever shows it).
        #expect((top["shared_words"] as? [String])?.contains("script") == true)
        let sources = try #require(top["sources"] as? [[String: Any]])
        #expect(sources.compactMap { $0["url"] as? String }.count == 1)
        #expect(sources.first?["entry_id"] as? String == "e0\"'<>")
        let topics = try #require(object["topics"] as? [[String: Any]])
        let single = try #require((topics.first?["stories"] as? [[String: Any]])?.first)
        #expect(single["outlet"] as? String == "Outlet")  // control and bidi characters dropped
    }
}

extension EscapingTests {
    @Test func jsonEscapesControlCharactersOfAHandBuiltModel() throws {
        // Models built by hand skip the builder's cleaning: the JSON must still be valid.
        let text = "a\u{1}b\"c\\d\ne\u{2028}f"
        let story = DigestStory(id: text, headline: text, url: nil, outlet: "o", summary: "", firstReported: .now,
                                updated: .now, outletCount: 1, sources: [])
        let model = DigestModel(day: LocalDay(isoString: "2026-11-28")!, language: .en, timeZone: DigestFixture.paris,
                                generatedAt: .now, topThreads: [], topicGroups: [DigestTopicGroup(tag: nil, stories: [story])])
        let json = JSONRenderer.render(model)
        #expect(json.contains(#""a\u0001b\"c\\d\ne\u2028f""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let topics = try #require(object["topics"] as? [[String: Any]])
        #expect((topics.first?["stories"] as? [[String: Any]])?.first?["headline"] as? String == text)
    }
}

/// The parts of an Atom document the tests look at, read with Foundation's XML parser (which also
/// proves the document well-formed).
final class AtomDocument: NSObject, XMLParserDelegate {
    private(set) var entryTitles: [String] = []
    private(set) var entryIDs: [String] = []
    private(set) var entryUpdated: [String] = []
    private(set) var contents: [String] = []
    private(set) var links: [String] = []
    private(set) var feedUpdated = ""
    private var path: [String] = []
    private var text = ""

    init(_ xml: String) throws {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw parser.parserError ?? CocoaError(.fileReadCorruptFile)
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        path.append(name)
        text = ""
        if name == "link", let href = attributes["href"] { links.append(href) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let inEntry = path.contains("entry")
        switch name {
        case "title" where inEntry: entryTitles.append(text)
        case "id" where inEntry: entryIDs.append(text)
        case "updated" where inEntry: entryUpdated.append(text)
        case "updated": feedUpdated = text
        case "content": contents.append(text)
        default: break
        }
        path.removeLast()
        text = ""
    }
}
