import Foundation
import Testing
@testable import FeedParsing

@Suite("JSON output")
struct FeedJSONTests {
    @Test func contractKeysAndNulls() throws {
        let f = try Fixture.parse("rss091-userland.xml")
        let text = FeedJSON.encode(f)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(obj.keys) == ["format", "title", "link", "description", "language", "updated", "entries", "warnings"])
        #expect(obj["format"] as? String == "rss0.9x")
        #expect(obj["updated"] is NSNull)
        let e = try #require((obj["entries"] as? [[String: Any]])?.first)
        #expect(Set(e.keys) == ["id", "title", "link", "published", "updated", "authors", "summary", "content_html",
                                "categories", "enclosures", "image"])
        #expect(e["content_html"] is NSNull)
        #expect(e["published"] is NSNull)
    }

    @Test func escaping() throws {
        var f = ParsedFeed(format: .rss20, title: "Guillemets \" et \\ et\nligne\u{1}")
        f.entries = [ParsedEntry(title: "é", published: Date(timeIntervalSince1970: 1_739_210_400),
                                 enclosures: [Enclosure(url: "u", type: nil, length: 3)])]
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(FeedJSON.encode(f).utf8)) as? [String: Any])
        #expect(obj["title"] as? String == "Guillemets \" et \\ et\nligne\u{1}")
        let e = try #require((obj["entries"] as? [[String: Any]])?.first)
        #expect(e["published"] as? String == "2025-02-10T18:00:00Z")
        #expect((e["enclosures"] as? [[String: Any]])?.first?["type"] is NSNull)
    }
}
