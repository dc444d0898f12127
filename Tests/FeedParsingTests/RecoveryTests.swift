import Foundation
import Testing
@testable import FeedParsing

/// Broken documents that real servers send: each quirk is recovered, not dropped.
@Suite("Recovery")
struct RecoveryTests {
    @Test func brokenDocumentKeepsEveryEntry() throws {
        let f = try Fixture.parse("broken-recovery.xml")
        #expect(f.title == "Bidouilles & astuces")                               // bare &
        #expect(f.entries.count == 3)                                            // unclosed <p> did not swallow the rest
        let e = f.entries[0]
        #expect(e.title == "Prix < 10 € & livraison offerte\u{A0}!")             // &lt;, bare &, HTML &nbsp;
        #expect(e.link == "http://bidouilles.example.fr/promo?a=1&b=2")
        #expect(e.summary == "Une remise de 5 % si a < b, vraiment…")            // stray <, control char, &hellip;
        #expect(f.entries[1].summary == "Paragraphe ouvert retour")
        #expect(f.entries[2].link == "http://bidouilles.example.fr/trois")
        #expect(!f.warnings.isEmpty)
        #expect(f.warnings.allSatisfy { $0.hasPrefix("line ") })
    }

    @Test func predefinedEntitiesSurviveAnEarlierError() throws {
        // libxml2 drops entity references after a well-formedness error; ours are numeric by then.
        let f = try Fixture.parse(xml: "\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Red, Whine, &amp; Blue</title></item></channel></rss>")
        #expect(f.entries.first?.title == "Red, Whine, & Blue")
    }

    @Test func cdataAndDoubleEscapedHTML() throws {
        let f = try Fixture.parse(xml: """
        <rss version="2.0"><channel><item><title><![CDATA[Les <b>vœux</b> d&rsquo;Orange]]></title>
        <description>&lt;p&gt;Déjà&lt;/p&gt;</description></item>
        <item><title>AT&amp;amp;T &amp;eacute;tend son r&amp;#233;seau</title></item></channel></rss>
        """)
        #expect(f.entries.first?.title == "Les vœux d’Orange")
        #expect(f.entries.first?.summary == "Déjà")
        #expect(f.entries.last?.title == "AT&T étend son réseau")   // double-escaped title: looks like HTML
    }

    @Test func feedWrappedInHTMLIsStillFound() throws {
        let f = try Fixture.parse(xml: "<html><body><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Dedans</title><entry><title>Un</title></entry></feed></body></html>")
        #expect(f.format == .atom10)
        #expect(f.entries.count == 1)
    }
}
