import Foundation
import Testing
@testable import FeedParsing

@Suite("Encodings")
struct EncodingTests {
    @Test func iso88591Declared() throws {
        let f = try Fixture.parse("rss2-iso-8859-1.xml")
        #expect(f.title == "Actualités régionales")
        #expect(f.entries.first?.title == "Fête de la Saint-Jean à Pézenas")
    }

    @Test func declaredUTF8ButLatin1FallsBackToWindows1252() throws {
        let f = try Fixture.parse("rss2-declared-utf8-but-latin1.xml")
        #expect(f.title == "Météo des Cévennes")
        #expect(f.entries.first?.title == "Épisode cévenol : vigilance orange")
        #expect(f.warnings.contains { $0.contains("windows-1252") })
    }

    @Test func httpCharsetBeatsTheXMLDeclaration() throws {
        // RFC 7303: the document says UTF-8, the server says ISO-8859-1 and is right.
        let bytes = Fixture.bytes("rss2-iso-8859-1.xml")
        let relabelled = String(decoding: bytes.prefix(40), as: UTF8.self).replacingOccurrences(of: "ISO-8859-1", with: "UTF-8")
        let doc = Array(relabelled.utf8) + bytes.dropFirst(40)
        let f = try FeedParser.parse(doc, contentType: "application/rss+xml; charset=\"iso-8859-1\"")
        #expect(f.title == "Actualités régionales")
    }

    @Test(arguments: [("UTF-16LE", [UInt8]([0xFF, 0xFE])), ("UTF-16BE", [0xFE, 0xFF]), ("UTF-8", [0xEF, 0xBB, 0xBF])])
    func byteOrderMarks(_ encoding: String, _ bom: [UInt8]) throws {
        let text = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Éditions « Œuvres »</title></channel></rss>"
        let body: [UInt8]
        switch encoding {
        case "UTF-16LE": body = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case "UTF-16BE": body = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        default: body = Array(text.utf8)
        }
        #expect(try FeedParser.parse(bom + body).title == "Éditions « Œuvres »")
    }

    @Test func doublyEncodedUTF8IsRepaired() throws {
        let f = try Fixture.parse(xml: "<rss version=\"2.0\"><channel><item><title>Ã©tÃ©</title></item></channel></rss>")
        #expect(f.entries.first?.title == "été")
    }

    @Test func windows1252ReferencesBecomeTheirCharacters() throws {
        // &#146; is a C1 control in Unicode; authors meant windows-1252's right quote.
        let f = try Fixture.parse(xml: "<rss version=\"2.0\"><channel><item><title>l&#146;été</title></item></channel></rss>")
        #expect(f.entries.first?.title == "l’été")
    }
}
