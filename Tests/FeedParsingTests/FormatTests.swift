import Foundation
import Testing
@testable import FeedParsing

/// One fixture per format, each checked field by field.
@Suite("Formats")
struct FormatTests {
    /// Without content HTML (the poll cycle's parse), every feed reads the same but for it: same
    /// entries, and the same summaries, taken from the content's text when an entry has none.
    @Test(arguments: ["atom03.xml", "atom10-xml-base.xml", "broken-recovery.xml", "jsonfeed.json", "rss091-userland.xml",
                      "rss10-rdf.rdf", "rss2-declared-utf8-but-latin1.xml", "rss2-iso-8859-1.xml", "rss2-wordpress.xml"])
    func parsingWithoutContentChangesNothingElse(name: String) throws {
        let full = try FeedParser.parse(Fixture.bytes(name), baseURL: URL(string: "https://www.example.fr/feed/"))
        var light = try FeedParser.parse(Fixture.bytes(name), baseURL: URL(string: "https://www.example.fr/feed/"), contentHTML: false)
        #expect(light.entries.allSatisfy { $0.contentHTML == nil })
        #expect(!full.entries.isEmpty)
        for i in light.entries.indices { light.entries[i].contentHTML = full.entries[i].contentHTML }
        #expect(FeedJSON.encode(light) == FeedJSON.encode(full))
    }

    /// An entry without a summary takes its content's text, with or without its content HTML.
    @Test func aSummaryComesFromTheContentWhenMissing() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Next</title>
            <item><title>Panne géante</title><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Des milliers d&rsquo;abonn&eacute;s <b>privés</b> de réseau.</p><script>x()</script>]]></content:encoded></item>
            </channel></rss>
            """
        let full = try FeedParser.parse(Array(xml.utf8)), light = try FeedParser.parse(Array(xml.utf8), contentHTML: false)
        #expect(light.entries[0].summary == "Des milliers d’abonnés privés de réseau.")
        #expect(full.entries[0].summary == light.entries[0].summary && full.entries[0].contentHTML != nil && light.entries[0].contentHTML == nil)
    }

    @Test func wordpressRSS20() throws {
        let f = try Fixture.parse("rss2-wordpress.xml")
        #expect(f.format == .rss20)
        #expect(f.title == "Le Journal du Numérique")          // &eacute; in XML
        #expect(f.link == "https://journal.example.fr")          // not the atom:link rel=self, not the <image> link
        #expect(f.description == "L’actualité du numérique, chaque jour")
        #expect(f.language == "fr-FR")
        #expect(Fixture.iso(f.updated) == "2025-02-10T17:30:00Z")
        #expect(f.hints == FeedHints(ttlMinutes: 60, updatePeriod: "hourly", updateFrequency: 2, skipHours: [2, 3], skipDays: ["Sunday"]))
        #expect(f.entries.count == 2)

        let e = f.entries[0]
        #expect(e.title == "L’Arcep publie son rapport sur l’état de l'internet")
        #expect(e.link == "https://journal.example.fr/2025/02/arcep-rapport/")
        #expect(e.id == "https://journal.example.fr/?p=4242")   // isPermaLink=false: an id, not a link
        #expect(Fixture.iso(e.published) == "2025-02-10T17:00:00Z")
        #expect(e.authors == ["Amélie Durand"])
        #expect(e.categories == ["Télécoms", "Régulation"])
        #expect(e.summary == "Le gendarme des télécoms dresse un état des lieux…")
        #expect(e.enclosures == [Enclosure(url: "https://journal.example.fr/podcast/arcep.mp3", type: "audio/mpeg", length: 1234567)])
        #expect(e.image == "https://journal.example.fr/images/arcep-vignette.jpg")
        let html = try #require(e.contentHTML)
        #expect(html.contains("<strong>rapport</strong>"))
        #expect(html.contains("href=\"/tag/fibre/\""))   // no document URL given: stays relative, as in feedparser
        #expect(!html.contains("script") && !html.contains("onclick") && !html.contains("iframe") && !html.contains("javascript:"))

        let second = f.entries[1]
        #expect(second.link == "https://journal.example.fr/2025/02/sans-resume/")  // permalink guid is the link
        #expect(second.authors == ["Rédaction JdN"])                               // "email (Name)"
        #expect(second.summary == "Intertitre Premier paragraphe, avec des accents : é à ç.")  // falls back to content
        #expect(second.image == "https://journal.example.fr/images/episode.jpg")
        #expect(Fixture.iso(second.published) == "2025-02-11T09:15:00Z")
    }

    @Test func relativeLinksUseTheDocumentURL() throws {
        let f = try Fixture.parse("rss2-wordpress.xml", baseURL: "https://journal.example.fr/feed/")
        #expect(f.entries[0].contentHTML?.contains("src=\"https://journal.example.fr/images/carte.png\"") == true)
    }

    @Test func rss091() throws {
        let f = try Fixture.parse("rss091-userland.xml")
        #expect(f.format == .rss09x)
        #expect(f.entries.first?.summary == "Bonjour & bienvenue !")
        #expect(f.entries.first?.authors == ["Jean Martin"])
        #expect(f.language == "fr")
    }

    @Test func rss10() throws {
        let f = try Fixture.parse("rss10-rdf.rdf")
        #expect(f.format == .rss10)
        #expect(f.title == "LinuxFr (exemple)")
        #expect(f.language == "fr")
        let e = try #require(f.entries.first)
        #expect(e.id == "https://linuxfr.example.org/news/debian-13")      // rdf:about
        #expect(e.title == "Debian 13 « Trixie » est sortie")
        #expect(e.summary == "Une nouvelle version stable.")                // escaped HTML read as HTML
        #expect(e.authors == ["Benoît Sibaud"])
        #expect(e.categories == ["Debian"])
        #expect(Fixture.iso(e.updated) == "2025-08-09T18:30:00Z")          // dc:date is "updated", as in feedparser
    }

    @Test func atom10WithNestedXMLBase() throws {
        let f = try Fixture.parse("atom10-xml-base.xml")
        #expect(f.format == .atom10)
        #expect(f.title == "Le blog d’Élodie")                 // type=html, double-escaped reference
        #expect(f.description == "Notes <em>techniques</em>")  // type=text: kept verbatim
        #expect(f.link == "https://blog.example.fr/")
        #expect(f.language == "fr")                            // xml:lang on the root
        let e = try #require(f.entries.first)
        #expect(e.title == "Rust & Swift : le match <enfin>")
        #expect(e.link == "https://blog.example.fr/articles/2025/rust-swift.html")
        #expect(e.enclosures == [Enclosure(url: "https://blog.example.fr/media/rust-swift.ogg", type: "audio/ogg", length: 2048)])
        #expect(e.authors == ["Élodie Petit"])
        #expect(e.categories == ["programmation"])
        #expect(e.summary == "Deux langages, un vainqueur ?")
        #expect(Fixture.iso(e.published) == "2025-02-10T17:00:00Z")
        #expect(Fixture.iso(e.updated) == "2025-02-11T07:00:00Z")
        // xhtml content: wrapper div dropped, link resolved against the nested xml:base
        #expect(e.contentHTML == "<p>Voir le <a href=\"https://blog.example.fr/articles/2025/images/schema.png\">schéma</a> ci-dessous.</p>")
    }

    @Test func atom03() throws {
        let f = try Fixture.parse("atom03.xml")
        #expect(f.format == .atom03)
        #expect(f.description == "Atom avant la norme")
        let e = try #require(f.entries.first)
        #expect(e.summary == "Premier billet en Atom 0.3.")  // mode=escaped content, summary falls back to it
        #expect(Fixture.iso(e.published) == "2005-03-01T12:00:00Z")
        #expect(Fixture.iso(e.updated) == "2005-03-01T12:30:00Z")
    }

    @Test func jsonFeed() throws {
        let f = try Fixture.parse("jsonfeed.json")
        #expect(f.format == .jsonFeed1)
        #expect(f.title == "Podcast « Veille »")
        let e = try #require(f.entries.first)
        #expect(e.title == "Épisode 12 : l’IA et le droit")
        #expect(e.authors == ["Équipe Veille"])                  // feed authors when the item has none
        #expect(e.categories == ["droit", "IA"])
        #expect(e.contentHTML == "<p>Notes de l’épisode</p>")
        #expect(e.enclosures.first?.length == 3145728)
        #expect(Fixture.iso(e.published) == "2025-02-10T17:00:00Z")
    }
}
