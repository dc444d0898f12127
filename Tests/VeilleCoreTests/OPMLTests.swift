import FeedParsing
import Foundation
import Testing
@testable import VeilleCore

@Suite("OPML")
struct OPMLTests {
    @Test func readsFoldersCategoriesAndNestedOutlines() throws {
        let opml = """
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <opml version="2.0">
          <head><title>Abonnements de Zo&#233;</title></head>
          <body>
            <outline text="Tech">
              <outline type="rss" text="Numerama" xmlUrl="https://www.numerama.com/feed/" htmlUrl="https://www.numerama.com/"/>
              <outline type="rss" title="Next" text="Next INpact" xmlUrl="https://next.ink/feed/" category="/actu/presse,securite"/>
            </outline>
            <outline type="rss" text="S\u{e9}curit\u{e9} &amp; vie priv\u{e9}e" xmlUrl="https://www.cnil.fr/fr/rss.xml"/>
            <outline text="Un dossier vide"/>
          </body>
        </opml>
        """
        let latin1 = Array(opml.data(using: .isoLatin1)!)
        let outlines = try OPMLReader.outlines(latin1)
        #expect(outlines == [
            OPMLOutline(title: "Numerama", xmlURL: "https://www.numerama.com/feed/", htmlURL: "https://www.numerama.com/", categories: ["Tech"]),
            OPMLOutline(title: "Next", xmlURL: "https://next.ink/feed/", categories: ["Tech", "presse", "securite"]),
            OPMLOutline(title: "Sécurité & vie privée", xmlURL: "https://www.cnil.fr/fr/rss.xml", categories: []),
        ])
    }

    @Test func notOPMLIsAnError() {
        #expect(throws: FeedParseError.self) { try OPMLReader.outlines(Array("<rss version=\"2.0\"><channel/></rss>".utf8)) }
        #expect(throws: FeedParseError.self) { try OPMLReader.outlines([]) }
    }

    @Test func externalEntitiesAreNotLoaded() throws {
        let doc = """
        <?xml version="1.0"?>
        <!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://a.example/feed"/></body></opml>
        """
        // Refusing the document is fine; reading the file is not.
        let outlines = (try? OPMLReader.outlines(Array(doc.utf8))) ?? []
        #expect(outlines.allSatisfy { !$0.title.contains("root:") })
    }

    @Test func exportRoundTripsThroughTheReader() throws {
        var c = Configuration()
        c.feeds = [FeedConfig(name: "Le Monde « Pixels » & co", url: URL(string: "https://www.lemonde.fr/pixels/rss_full.xml?a=1&b=2")!, tags: ["tech", "presse"]),
                   FeedConfig(name: "CNIL", url: URL(string: "https://www.cnil.fr/fr/rss.xml")!, enabled: false)]
        let xml = OPMLWriter.render(c, now: Date(timeIntervalSince1970: 0))
        #expect(xml.contains("<dateCreated>Thu, 01 Jan 1970 00:00:00 GMT</dateCreated>"))
        #expect(xml.contains("isDisabled=\"true\""))
        let back = try OPMLReader.outlines(Array(xml.utf8))
        #expect(back.map(\.title) == ["Le Monde « Pixels » & co", "CNIL"])
        #expect(back[0].xmlURL == "https://www.lemonde.fr/pixels/rss_full.xml?a=1&b=2")
        #expect(back[0].categories == ["tech", "presse"])
    }
}
