import Foundation
import Testing
@testable import FeedParsing

/// Attack documents: each fails fast with an error or parses without touching the file system or network.
@Suite("Safety")
struct SafetyTests {
    @Test func billionLaughsFailsFast() {
        let start = Date()
        #expect(throws: FeedParseError.self) { try Fixture.parse("billion-laughs.xml") }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func quadraticBlowupFailsFast() {
        let start = Date()
        do {
            _ = try Fixture.parse("quadratic-blowup.xml")
            Issue.record("a 40 MB expansion of a 30 KB document must be refused")
        } catch {
            #expect(error.kind == .limitExceeded)
        }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func externalEntityIsNeverRead() throws {
        let f = try Fixture.parse("xxe-external-entity.xml")
        #expect(!f.title.contains("root:"))
        #expect(f.title.hasPrefix("Fuite"))
    }

    @Test func externalDTDIsNeverLoaded() throws {
        let f = try Fixture.parse("xxe-external-dtd.xml")
        #expect(f.title == "DTD distante")
        #expect(f.entries.first?.title == "Titre &copie;")   // unknown entity kept as text
    }

    @Test func deepNestingIsRefused() {
        let deep = "<rss version=\"2.0\"><channel>" + String(repeating: "<x>", count: 5000) + String(repeating: "</x>", count: 5000) + "</channel></rss>"
        do {
            _ = try Fixture.parse(xml: deep)
            Issue.record("5,000 nested elements must be refused")
        } catch {
            #expect(error.kind == .limitExceeded)
        }
    }

    @Test func htmlPageListsItsFeeds() {
        do {
            _ = try Fixture.parse("page-with-feeds.html", baseURL: "https://journal.example.fr/")
            Issue.record("an HTML page is not a feed")
        } catch {
            #expect(error.kind == .notAFeed)
            #expect(error.alternates == ["https://journal.example.fr/feed/", "https://journal.example.fr/atom.xml"])
            #expect(error.description.contains("https://journal.example.fr/feed/"))
        }
    }

    /// Callers branch on the code, never on the wording; the wording says "not a feed" once.
    @Test func notAFeedErrorsCarryTheirCode() {
        func code(_ text: String) -> FeedParseError? {
            do { _ = try FeedParser.parse([UInt8](text.utf8)); return nil } catch { return error }
        }
        let xhtml = code(#"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body/></html>"#)
        #expect(xhtml?.code == .htmlPage, "an XHTML root is read as the HTML page it is")
        #expect(xhtml?.feedFailureMessage == "not a feed: an HTML page that advertises no feed")
        let svg = code(#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#)
        #expect(svg?.code == .unknownRoot)
        #expect(svg?.feedFailureMessage == "not a feed: the document's root is <svg>, not <rss>, <rdf:RDF> or <feed>")
        #expect(code(#"{"title": "pas un flux"}"#)?.code == .notAJSONFeed)
        #expect(code(" \n")?.code == .emptyDocument)
        let deep = String(repeating: "<a>", count: 5000)
        let limit = code("<rss>" + deep)
        #expect(limit?.code == .limit)
        #expect(limit?.feedFailureMessage.hasPrefix("not a feed: line ") == true)
        #expect(FeedParseError(.notAFeed, code: .emptyBody, "empty response body").feedFailureMessage == "not a feed: empty response body")
    }

    @Test func discoveryKeepsTitles() {
        let found = FeedDiscovery.alternates(inHTML: Fixture.bytes("page-with-feeds.html"), baseURL: URL(string: "https://journal.example.fr/"))
        #expect(found.first == DiscoveredFeed(url: "https://journal.example.fr/feed/", title: "Flux RSS – Journal", type: "application/rss+xml"))
    }

    @Test(arguments: ["opml-not-a-feed.xml"])
    func notAFeed(_ name: String) {
        #expect(throws: FeedParseError.self) { try Fixture.parse(name) }
    }

    @Test func emptyDocumentIsNotAFeed() {
        #expect(throws: FeedParseError.self) { try FeedParser.parse([UInt8]("  \n".utf8)) }
    }

    /// The poller parses several feeds at once: the parser must not share mutable state.
    @Test func concurrentParsesAgree() async throws {
        let docs = ["rss2-wordpress.xml", "atom10-xml-base.xml", "rss2-iso-8859-1.xml", "rss10-rdf.rdf"].map(Fixture.bytes)
        let expected = try docs.map { FeedJSON.encode(try FeedParser.parse($0)) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<50 {
                        let k = (t + i) % docs.count
                        if FeedJSON.encode(try FeedParser.parse(docs[k])) != expected[k] { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
