import Foundation
@testable import FeedParsing

/// Loads a file of Fixtures/ (copied as a resource bundle) and parses it.
enum Fixture {
    static func bytes(_ name: String) -> [UInt8] {
        let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
        return [UInt8](try! Data(contentsOf: url))
    }

    static func parse(_ name: String, contentType: String? = nil, baseURL: String? = nil) throws(FeedParseError) -> ParsedFeed {
        try FeedParser.parse(bytes(name), contentType: contentType, baseURL: baseURL.flatMap(URL.init(string:)))
    }

    static func parse(xml: String) throws(FeedParseError) -> ParsedFeed {
        try FeedParser.parse(Array(xml.utf8))
    }

    /// `2025-02-10T17:00:00Z` for comparisons that read like the JSON output.
    static func iso(_ d: Date?) -> String? { d.map(FeedJSON.rfc3339) }
}
