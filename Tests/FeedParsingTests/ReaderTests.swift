import Foundation
import Testing
@testable import FeedParsing

/// The reader itself (issue 14): well-formed documents are read as they are, the repair pass only runs
/// after libxml2's first error, attributes are read in place, element names are classified per
/// namespace and prefix.
@Suite("Reader")
struct ReaderTests {
    /// A well-formed feed with every kind of escaping that the repair pass used to rewrite: no repair, no warning.
    static let wellFormed = """
    <?xml version="1.0" encoding="UTF-8"?>
    <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel><title>Les &#201;chos du num&#233;rique</title><link>https://echos.example.fr/</link>
    <item><title>Orange &amp; SFR : l&apos;accord &quot;historique&quot; &lt;enfin&gt;</title>
    <link>https://echos.example.fr/article?id=12&amp;rubrique=t%C3%A9l%C3%A9coms</link>
    <enclosure url="https://echos.example.fr/audio.mp3?a=1&amp;b=2" type="audio/mpeg" length="42"/>
    <description><![CDATA[<p>Un <b>accord</b> d&eacute;j&agrave; sign&eacute;</p>]]></description>
    <dc:creator>Amélie Durand</dc:creator>
    <pubDate>lun., 10 févr. 2025 18:00:00 +0100</pubDate></item>
    </channel></rss>
    """

    @Test func wellFormedFeedIsReadWithoutRepair() throws {
        let f = try Fixture.parse(xml: Self.wellFormed)
        #expect(f.warnings.isEmpty)
        #expect(f.title == "Les Échos du numérique")
        let e = try #require(f.entries.first)
        #expect(e.title == "Orange & SFR : l'accord \"historique\" <enfin>")
        #expect(e.link == "https://echos.example.fr/article?id=12&rubrique=t%C3%A9l%C3%A9coms")
        #expect(e.enclosures == [Enclosure(url: "https://echos.example.fr/audio.mp3?a=1&b=2", type: "audio/mpeg", length: 42)])
        #expect(e.summary == "Un accord déjà signé")
        #expect(e.authors == ["Amélie Durand"])
        #expect(Fixture.iso(e.published) == "2025-02-10T17:00:00Z")
    }

    /// An error late in the document (an HTML entity libxml2 does not know) sends the whole document
    /// through the repair pass: nothing read before the error is lost or doubled, nothing after it either.
    @Test func errorLateInTheDocumentRepairsTheWholeDocument() throws {
        let items = (1...5).map { "<item><title>Article n\u{B0}\($0)</title><link>https://echos.example.fr/\($0)</link></item>" }
        let xml = "<rss version=\"2.0\"><channel><title>Échos</title>" + items.joined()
            + "<item><title>Caf&eacute; &amp; cr&egrave;me</title><link>https://echos.example.fr/6?a=1&amp;b=2</link></item>"
            + "</channel></rss>"
        let f = try Fixture.parse(xml: xml)
        #expect(f.entries.count == 6)
        #expect(f.entries.map(\.link) == (1...5).map { "https://echos.example.fr/\($0)" } + ["https://echos.example.fr/6?a=1&b=2"])
        #expect(f.entries.last?.title == "Café & crème")
        #expect(f.entries.first?.title == "Article n°1")
    }

    /// Declared UTF-8, but a windows-1252 byte late in the document: libxml2 stops at it, and the whole
    /// document is read again as windows-1252, with a warning.
    @Test func invalidUTF8LateInTheDocumentFallsBackToWindows1252() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Échos</title>".utf8)
        bytes += Array("<item><title>Premier</title></item><item><title>Deuxi".utf8) + [0xE8] + Array("me".utf8)
        bytes += Array("</title></item></channel></rss>".utf8)
        let f = try FeedParser.parse(bytes)
        #expect(f.entries.map(\.title) == ["Premier", "Deuxième"])
        #expect(f.warnings.contains { $0.contains("not valid UTF-8") })
    }

    /// ISO-8859-1 bytes with a declaration that says so: decoded first, then read without repair.
    @Test func latin1FeedWithoutRepair() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>".utf8)
        bytes += [0x52, 0xE9, 0x73, 0x65, 0x61, 0x75, 0x78]   // "Réseaux" in Latin-1
        bytes += Array("</title><item><title>L'&#233;t&#233; arrive</title></item></channel></rss>".utf8)
        let f = try FeedParser.parse(bytes)
        #expect(f.title == "Réseaux")
        #expect(f.entries.first?.title == "L'été arrive")
        #expect(f.warnings.isEmpty)
    }

    /// Attributes read in place: a prefixed attribute stands in for a missing unprefixed one, the
    /// unprefixed one wins when both are there, `rdf:about` is the item's id, xml:base applies.
    @Test func attributesAreReadInPlace() throws {
        let f = try Fixture.parse(xml: """
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:a="http://www.w3.org/2005/Atom" xml:base="https://blog.example.fr/">
        <title>Carnet</title>
        <link a:href="carnet/" rel="alternate" type="text/html"/>
        <entry><title>Premier billet</title><id>tag:blog.example.fr,2025:1</id>
        <link href="billets/1" a:href="ignoré" rel="alternate"/></entry>
        </feed>
        """)
        #expect(f.link == "https://blog.example.fr/carnet/")
        #expect(f.entries.first?.link == "https://blog.example.fr/billets/1")

        let rdf = try Fixture.parse(xml: """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel rdf:about="https://lettre.example.fr/"><title>La lettre</title></channel>
        <item rdf:about="https://lettre.example.fr/n/7"><title>Numéro 7</title></item>
        </rdf:RDF>
        """)
        #expect(rdf.format == .rss10)
        #expect(rdf.entries.first?.id == "https://lettre.example.fr/n/7")
    }

    /// Undeclared prefixes are classified by prefix, each on its own: `x:creator` is no author, `dc:creator` is.
    @Test func undeclaredPrefixesAreToldApart() throws {
        let f = try Fixture.parse(xml: """
        <rss version="2.0"><channel><title>Sans espaces de noms</title>
        <item><title>Un</title><x:creator>Intrus</x:creator><dc:creator>Jeanne Martin</dc:creator></item>
        </channel></rss>
        """)
        #expect(f.entries.first?.authors == ["Jeanne Martin"])
    }

    /// The dialect decides feedparser's rules from the first element on: an RSS title that looks like
    /// HTML is HTML, an Atom title with no type is text.
    @Test func dialectDecidesTitleReading() throws {
        let rss = try Fixture.parse(xml: "<rss version=\"0.91\"><channel><title>A</title><item><title>&lt;b&gt;Gras&lt;/b&gt; &amp;eacute;t&amp;eacute;</title></item></channel></rss>")
        #expect(rss.format == .rss09x)
        #expect(rss.entries.first?.title == "Gras été")
        let atom = try Fixture.parse(xml: "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><entry><title>&lt;b&gt;Gras&lt;/b&gt;</title></entry></feed>")
        #expect(atom.format == .atom10)
        #expect(atom.entries.first?.title == "<b>Gras</b>")
    }
}
