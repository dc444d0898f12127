import Foundation
import Testing
import TestSupport
@testable import StoryClustering

/// The fast reader of `veille cluster`'s lines must read exactly what `JSONDecoder` reads, and step
/// aside (nil) for every shape it does not handle, so that the decoder keeps the last word.
@Suite("Flat JSON object")
struct FlatJSONObjectTests {
    private struct Strings: Decodable, Equatable {
        var id: String
        var title: String?
        var summary: String?
    }

    private static let keys = ["id", "title", "summary"]

    /// The fast reader's values by key (absent and null both read as nil).
    private func fast(_ line: String) -> [String: String?]? { fast(Array(line.utf8)) }

    private func fast(_ bytes: [UInt8]) -> [String: String?]? {
        guard let values = bytes.withUnsafeBytes({ FlatJSONObject.parse($0, keys: Self.keys.map { Array($0.utf8) }) }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(Self.keys, values))
    }

    @Test func escapesAndAccentsReadAsTheDecoderReadsThem() throws {
        let lines = [
            #"{"id":"a1","title":"Numérama : l'Arcep sanctionne Free","summary":null}"#,
            #"{ "id" : "a2" , "title" : "\"Grosse panne\" chez OVHcloud\nà Roubaix\t\/ 14h", "summary" : "caf\u00e9 \u00C9lys\u00e9e" }"#,
            #"{"id":"a3","title":"Emoji \ud83d\ude80 lancement r\u00e9ussi","summary":"\\ \b\f\r"}"# + "\r",
            #"{"id":"a4","title":"","summary":"Les abonn\u00e9s \u2014 et \u00ab les autres \u00bb"}"#,
            #"{"id":"a5","title":"Zéro\u0000octet"}"#,
        ]
        for line in lines {
            let decoded = try JSONDecoder().decode(Strings.self, from: Data(line.utf8))
            let members = try #require(fast(line), "fast reader declined: \(line)")
            #expect(members["id"] ?? nil == decoded.id)
            #expect(members["title"] ?? nil == decoded.title)
            #expect(members["summary"] ?? nil == decoded.summary)
        }
        #expect(fast(#"{"id":"a2","title":"\"Grosse panne\" chez OVHcloud"}"#)?["title"] == "\"Grosse panne\" chez OVHcloud")
        #expect(fast(#"{"id":"x","summary":null}"#)?["summary"] == .some(nil))
        // Other keys are dropped, as the decoder drops them, even given twice.
        #expect(fast(#"{"lang":"fr","id":"y","lang":"en","title":"Bonjour"}"#)?["title"] == "Bonjour")
    }

    @Test func otherShapesAreLeftToTheDecoder() {
        let declined = [
            #"{"id":"b1","score":3}"#,                      // a number
            #"{"id":"b2","tags":["a"]}"#,                   // an array
            #"{"id":"b3","meta":{"k":"v"}}"#,               // an object
            #"{"id":"b4","flag":true}"#,                    // a boolean
            #"{"id":"b5","id":"b6"}"#,                      // a known key twice
            #"{"\u0069d":"b7"}"#,                           // an escaped key
            #"{"id":"b8","title":"\ud83d seul"}"#,          // a lone high surrogate
            #"{"id":"b9","title":"\udc00"}"#,               // a lone low surrogate
            #"{"id":"b10","title":"\x"}"#,                  // an unknown escape
            #"{"id":"b11","title":"a"} x"#,                 // trailing bytes
            #"{"id":"b12","title":"a",}"#,                  // a trailing comma
            #"{"id":"b13","title":"a""#,                    // unterminated
            "{\"id\":\"b14\",\"title\":\"tab\there\"}",     // a raw control character
            #"["id"]"#,                                     // not an object
            #"{"id":"b15","title":"\u00G9"}"#,              // bad hex
        ]
        for line in declined { #expect(fast(line) == nil, "accepted: \(line)") }
        // Invalid UTF-8 (ISO-8859-1 "é" pasted into a line).
        let latin1: [UInt8] = Array(#"{"id":"c1","title":"caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
        #expect(fast(latin1) == nil)
        #expect(fast(Array(#"{"id":"c2",""#.utf8) + [0xE9] + Array(#"":"x"}"#.utf8)) == nil)
    }

    /// Lines the fast reader declines still go through the decoder: extra keys of any type are
    /// ignored, and a line the decoder rejects is still named.
    @Test func declinedLinesStillReadThroughTheDecoder() throws {
        let text = """
        {"id":"d1","title":"Orange lève 2 milliards","rank":1,"tags":["télécoms"],"published":"2026-03-07T08:30:00+01:00"}
        {"id":"d2","title":"SFR répond","published":"2026-03-07T09:30:00+01:00","extra":{"a":null}}
        """
        let items = try ClusterInput.items(from: Data(text.utf8))
        #expect(items.map(\.id) == ["d1", "d2"])
        #expect(items[0].title == "Orange lève 2 milliards")
        let bad = "{\"id\":\"e1\",\"published\":\"2026-03-07T08:30:00Z\"}\n{\"id\":null,\"title\":\"Sans identifiant\"}\n"
        #expect(throws: ClusterInput.LineError(line: 2, message: "not a JSON item with a string \"id\"")) {
            try ClusterInput.items(from: Data(bad.utf8))
        }
    }

    /// Random titles (accents, quotes, backslashes, control characters, astral characters), written
    /// with random escaping (plain, four-digit `\u` escapes, surrogate pairs): whenever the fast
    /// reader accepts a line, it reads what the decoder reads.
    @Test func randomLinesReadAsTheDecoderReadsThem() throws {
        var rng = SplitMix64(seed: 2026)
        let alphabet: [Unicode.Scalar] = ["a", "é", "È", "ç", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", " ", "«", "€", "😀", "𝄞", "'", "{", "}", ":", ","]
        var accepted = 0
        for _ in 0..<2000 {
            let scalars = (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            var escaped = ""
            for c in scalars {
                switch (c, rng.next() % 3) {
                case ("\"", _): escaped += "\\\""
                case ("\\", _): escaped += "\\\\"
                case (_, 0) where c.value < 0x20 || c.value > 0x7E:
                    for unit in String(c).utf16 { escaped += String(format: "\\u%04x", unit) }
                case (_, _) where c.value < 0x20: escaped += String(format: "\\u%04X", c.value)
                case ("/", 1): escaped += "\\/"
                default: escaped.unicodeScalars.append(c)
                }
            }
            let line = #"{"id":"r","title":""# + escaped + #"","n":null}"#
            let decoded = try JSONDecoder().decode(Strings.self, from: Data(line.utf8))
            #expect(decoded.title == String(String.UnicodeScalarView(scalars)))
            if let members = fast(line) {
                accepted += 1
                #expect(members["title"] ?? nil == decoded.title, "\(line)")
            }
        }
        #expect(accepted == 2000)
    }
}
