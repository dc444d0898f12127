import Foundation
import Testing
@testable import FeedFetching

@Suite("HTTP dates and cache hints")
struct HTTPHeaderTests {
    let expected = Date(timeIntervalSince1970: 784_111_777)   // Sun, 06 Nov 1994 08:49:37 GMT

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func threeHTTPDateForms(text: String) {
        #expect(HTTPDate.parse(text) == expected)
    }

    @Test(arguments: ["", "demain", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "06 Nov 1994"])
    func invalidHTTPDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func formatRoundTrips() {
        #expect(HTTPDate.format(expected) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func datesAreReadAsALenientGregorianCalendarReadsThem() {
        // Calendar arithmetic without Calendar: checked against it, odd dates included.
        var gmt = Calendar(identifier: .gregorian)
        gmt.timeZone = TimeZone(identifier: "GMT")!
        for (text, c) in [("Sat, 29 Feb 2028 23:59:60 GMT", (2028, 2, 29, 23, 59, 60)), ("Thu, 31 Apr 2026 12:00:00 GMT", (2026, 4, 31, 12, 0, 0)),
                          ("Mon, 01 Jan 2001 00:00:00 GMT", (2001, 1, 1, 0, 0, 0)), ("Wed, 31 Dec 1969 23:59:59 GMT", (1969, 12, 31, 23, 59, 59))] {
            let oracle = gmt.date(from: DateComponents(year: c.0, month: c.1, day: c.2, hour: c.3, minute: c.4, second: c.5))
            #expect(HTTPDate.parse(text) == oracle, "\(text)")
        }
        for t in stride(from: -100_000.0, to: 4_102_444_800, by: 86_400 * 37 + 3_917.25) {
            let d = Date(timeIntervalSince1970: t)
            let c = gmt.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: d)
            let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
            #expect(HTTPDate.format(d).hasPrefix(names[c.weekday! - 1] + ", "), "\(t)")
            #expect(HTTPDate.parse(HTTPDate.format(d)) == gmt.date(from: c))
        }
    }

    @Test func maxAgeWinsOverExpires() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let h = HTTPCacheHints(headers: ["cache-control": "public, max-age=600", "expires": HTTPDate.format(now.addingTimeInterval(9999))], receivedAt: now)
        #expect(h.freshUntil == now.addingTimeInterval(600))
        #expect(h.retryAfter == nil)
    }

    @Test func expiresInThePastGivesNoFloor() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(HTTPCacheHints(headers: ["expires": "Thu, 01 Jan 1970 00:00:00 GMT"], receivedAt: now).freshUntil == nil)
        #expect(HTTPCacheHints(headers: ["expires": "0"], receivedAt: now).freshUntil == nil)
    }

    @Test func retryAfterBothForms() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(HTTPCacheHints(headers: ["retry-after": " 90 "], receivedAt: now).retryAfter == now.addingTimeInterval(90))
        #expect(HTTPCacheHints(headers: ["retry-after": "Sun, 06 Nov 1994 08:49:37 GMT"], receivedAt: now).retryAfter == expected)
        #expect(HTTPCacheHints(headers: ["retry-after": "-5"], receivedAt: now).retryAfter == nil)
    }

    @Test func noCacheSaysNothingAboutPolling() {
        #expect(HTTPCacheHints.maxAge("no-cache, no-store") == nil)
        #expect(HTTPCacheHints.maxAge("s-maxage=\"60\"") == 60)
    }

    @Test func hostQueueIsRoundRobinAndRespectsLimits() {
        let urls = ["http://a/1", "http://a/2", "http://a/3", "http://b/1", "http://c/1", "http://b/2"]
        var q = HostQueue(urls.enumerated().map { FetchRequest(key: Int64($0), url: $1) })
        var order: [String] = []
        while let r = q.next(where: { _ in true }) { order.append(r.url) }
        #expect(order == ["http://a/1", "http://b/1", "http://c/1", "http://a/2", "http://b/2", "http://a/3"])
        var q2 = HostQueue(urls.enumerated().map { FetchRequest(key: Int64($0), url: $1) })
        #expect(q2.next(where: { $0 != "a" })?.url == "http://b/1")
    }
}

@Suite("Response header lines")
struct HeaderLineTests {
    /// Feeds raw header lines (as libcurl hands them over, CRLF included) to a transfer.
    func headers(_ lines: [[UInt8]]) throws -> (status: Int?, headers: [String: String]) {
        let t = try #require(Transfer(FetchRequest(key: 1, url: "http://127.0.0.1/"), options: FetchOptions()))
        for line in lines {
            (line + [13, 10]).withUnsafeBufferPointer { t.receiveHeaderLine($0) }
        }
        return (t.status, t.headers)
    }

    @Test func asciiFieldsAreLowercasedTrimmedAndJoined() throws {
        let (status, h) = try headers(["HTTP/1.1 304 Not Modified", "ETag: \"5f3a-1d4c2\"", "Content-Type:text/xml \t",
                                       "CACHE-Control:  max-age=60", "X-Empty:", "Vary: Accept", "vary: Cookie",
                                       "Last-Modified: Sat, 28 Nov 2026 10:00:00 GMT", "Last-Modified: Sun, 29 Nov 2026 10:00:00 GMT",
                                       "no colon here"].map { Array($0.utf8) })
        #expect(status == 304)
        #expect(h == ["etag": "\"5f3a-1d4c2\"", "content-type": "text/xml", "cache-control": "max-age=60", "x-empty": "",
                      "vary": "Accept, Cookie", "last-modified": "Sun, 29 Nov 2026 10:00:00 GMT"])
    }

    @Test func latin1BytesStayOneCharacterEach() throws {
        // An ETag with a Latin-1 byte goes back byte-exact; a non-ASCII line is trimmed as before
        // (NO-BREAK SPACE is whitespace there).
        let (_, h) = try headers([Array("ETag: \"caf".utf8) + [0xE9, 0x22], Array("X-Nom: ".utf8) + [0xA0, 0x76, 0xA0]])
        #expect(h["etag"] == "\"caf\u{E9}\"")
        #expect(h["x-nom"] == "v")
    }

    @Test func aRedirectKeepsItsHopAndStartsAfresh() throws {
        let (status, h) = try headers(["HTTP/1.1 301 Moved Permanently", "Location: /new", "HTTP/2 200", "ETag: \"x\""].map { Array($0.utf8) })
        #expect(status == 200)
        #expect(h == ["etag": "\"x\""])
    }
}
