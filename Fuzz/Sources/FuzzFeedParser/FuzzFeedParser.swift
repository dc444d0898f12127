import FeedParsing
import Foundation

/// One fuzz input = one HTTP body. The last byte, when the input is long enough, picks the
/// Content-Type the server claimed (none, a feed type with a charset, JSON, HTML), so that the
/// charset and format detection paths are all reached; the rest is the body.
private let contentTypes: [String?] = [
    nil, "application/rss+xml; charset=utf-8", "application/atom+xml; charset=iso-8859-1",
    "application/feed+json", "text/html; charset=windows-1252", "text/xml; charset=utf-16",
    "application/xml; charset=koi8-r", "text/plain",
]
private let base = URL(string: "https://journal.example.fr/rubrique/flux/")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var contentType: String? = nil
    if bytes.count > 8, bytes.last! < 16 {
        contentType = contentTypes[Int(bytes.removeLast()) % contentTypes.count]
    }
    if let feed = try? FeedParser.parse(bytes, contentType: contentType, baseURL: base) {
        // Touch what the pipeline reads, so lazily computed fields are exercised too.
        var n = feed.title.utf8.count + (feed.link?.utf8.count ?? 0)
        for e in feed.entries {
            n &+= e.title.utf8.count &+ e.summary.utf8.count &+ (e.contentHTML?.utf8.count ?? 0) &+ (e.link?.utf8.count ?? 0) &+ (e.id?.utf8.count ?? 0)
        }
        if n == -1 { print(n) }
    }
    return 0
}
