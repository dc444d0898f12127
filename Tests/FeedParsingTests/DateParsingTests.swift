import Foundation
import Testing
@testable import FeedParsing

@Suite("Dates")
struct DateParsingTests {
    @Test(arguments: [
        // RFC 822 / 1123 and real-world variants
        ("Mon, 10 Feb 2025 18:00:00 +0100", "2025-02-10T17:00:00Z"),
        ("Mon, 10 Feb 2025 18:00:00 GMT", "2025-02-10T18:00:00Z"),
        ("10 Feb 2025 18:00:00 UT", "2025-02-10T18:00:00Z"),          // no day name
        ("Mon, 10 Feb 25 18:00:00 EST", "2025-02-10T23:00:00Z"),      // two-digit year, zone name
        ("Mon, 10 Feb 2025 18:00 PDT", "2025-02-11T01:00:00Z"),       // no seconds
        ("Monday, 10 February 2025 18:00:00 CET", "2025-02-10T17:00:00Z"),
        ("Mon, 10 Feb 2025 18:00:00 CEST", "2025-02-10T16:00:00Z"),
        ("Mon, 10 Feb 2025 18:00:00 +01:00", "2025-02-10T17:00:00Z"),
        ("Mon,10 Feb 2025 18:00:00 +0100", "2025-02-10T17:00:00Z"),
        ("Sun Feb  9 16:29:06 2025", "2025-02-09T16:29:06Z"),          // asctime
        // ISO 8601 / RFC 3339 / W3CDTF
        ("2025-02-10T18:00:00+01:00", "2025-02-10T17:00:00Z"),
        ("2025-02-10T18:00:00.123456Z", "2025-02-10T18:00:00Z"),
        ("2025-02-10 18:00:00", "2025-02-10T18:00:00Z"),
        ("2025-02-10T8:00Z", "2025-02-10T08:00:00Z"),                  // one-digit hour
        ("2025-02-10", "2025-02-10T00:00:00Z"),
        ("2025-02", "2025-02-01T00:00:00Z"),
        ("20250210T180000Z", "2025-02-10T18:00:00Z"),
        ("2025-02-10T18:00:00-0500", "2025-02-10T23:00:00Z"),
        // French
        ("lun., 10 févr. 2025 18:00:00 +0100", "2025-02-10T17:00:00Z"),
        ("mar., 11 mars 2025 09:30:00 +0100", "2025-03-11T08:30:00Z"),
        ("10 février 2025 à 18h00", "2025-02-10T18:00:00Z"),
        ("samedi 1er août 2025 à 7h", "2025-08-01T07:00:00Z"),
        ("jeudi 25 décembre 2025", "2025-12-25T00:00:00Z"),
    ])
    func parses(_ text: String, _ expected: String) {
        #expect(DateParsing.parse(text).map(FeedJSON.rfc3339) == expected)
    }

    @Test(arguments: ["", "hier soir", "32 Feb 2025", "2025-13-01", "Mon, 30 Feb 2025 10:00:00 GMT", "n/a"])
    func rejects(_ text: String) {
        #expect(DateParsing.parse(text) == nil)
    }

    @Test func unparseableDateIsNullWithAWarningNeverNow() throws {
        let f = try Fixture.parse(xml: """
        <rss version="2.0"><channel><item><title>t</title>
        <pubDate>un jour peut-être</pubDate></item></channel></rss>
        """)
        #expect(f.entries.first?.published == nil)
        #expect(f.warnings.contains { $0.hasPrefix("line 2: unparseable date") })
    }

    @Test func jsonDatesAreRFC3339UTC() {
        #expect(FeedJSON.rfc3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(FeedJSON.rfc3339(Date(timeIntervalSince1970: 1_739_210_400)) == "2025-02-10T18:00:00Z")
    }
}
