import Foundation

/// The entry point: bytes (+ HTTP content type + document URL) -> `ParsedFeed`.
/// Thread-safe: no shared mutable state; libxml2 is initialised once, lazily.
public enum FeedParser {
    /// - Parameter contentHTML: whether each entry's content is sanitised into `contentHTML`. A reader
    ///   that stores none (the poll cycle keeps titles and summaries) passes false: an entry's content
    ///   is then read only for its text, when the entry has no summary of its own. Sanitising every
    ///   article body was a fifth of the parsing time.
    public static func parse(_ data: [UInt8], contentType: String? = nil, baseURL: URL? = nil,
                             contentHTML: Bool = true) throws(FeedParseError) -> ParsedFeed {
        LibXML.ensureReady()
        guard data.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw FeedParseError(.notAFeed, code: .emptyDocument, "not a feed: empty document")
        }
        guard data.count <= XMLFeedParser.maxDocumentBytes else {
            throw FeedParseError(.limitExceeded, code: .tooLarge, "document larger than \(XMLFeedParser.maxDocumentBytes >> 20) MB")
        }
        let decoded = EncodingDetection.decode(data, contentType: contentType, checkUTF8: false)
        let base = baseURL?.absoluteString
        if JSONFeedParser.looksLikeJSON(decoded.utf8) {
            let json = decoded.checked()
            return try JSONFeedParser.parse(json.utf8, baseURL: base, warnings: json.warnings, contentHTML: contentHTML)
        }
        do {
            // Parsed as XML even when it looks like HTML: some pages wrap a real <feed> in <html><body>.
            return try XMLFeedParser.parse(decoded, baseURL: base, contentHTML: contentHTML)
        } catch {
            if error.kind == .notAFeed, looksLikeHTML(decoded.utf8) || error.code == .htmlRoot {
                throw htmlPageError(decoded.checked().utf8, baseURL: baseURL)
            }
            throw error
        }
    }

    public static func parse(_ data: Data, contentType: String? = nil, baseURL: URL? = nil,
                             contentHTML: Bool = true) throws(FeedParseError) -> ParsedFeed {
        try parse([UInt8](data), contentType: contentType, baseURL: baseURL, contentHTML: contentHTML)
    }

    static func htmlPageError(_ utf8: [UInt8], baseURL: URL?) -> FeedParseError {
        let feeds = FeedDiscovery.alternates(inHTML: utf8, baseURL: baseURL).map(\.url)
        return FeedParseError(.notAFeed, code: .htmlPage, feeds.isEmpty ? "not a feed: an HTML page that advertises no feed"
                                                       : "not a feed: an HTML page", alternates: feeds)
    }

    /// `<!DOCTYPE html` or `<html` as the first markup (after an optional XML declaration and comments).
    static func looksLikeHTML(_ u: [UInt8]) -> Bool {
        var i = 0
        let n = min(u.count, 4096)
        while i < n {
            let c = u[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1; continue }
            guard c == 0x3C, i + 1 < n else { return false }
            let rest = String(decoding: u[(i + 1)..<min(n, i + 16)], as: UTF8.self).lowercased()
            if rest.hasPrefix("?") || rest.hasPrefix("!--") {
                let close: [UInt8] = rest.hasPrefix("?") ? [0x3F, 0x3E] : [0x2D, 0x2D, 0x3E]
                var j = i + 2
                while j + close.count <= n, !u[j..<(j + close.count)].elementsEqual(close) { j += 1 }
                i = j + close.count
                continue
            }
            return rest.hasPrefix("!doctype html") || rest.hasPrefix("html")
        }
        return false
    }
}
