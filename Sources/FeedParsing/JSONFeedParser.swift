import Foundation

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org). Titles and summaries are plain text by the spec;
/// `content_html` is sanitised like any other content, `content_text` escaped.
enum JSONFeedParser {
    static func looksLikeJSON(_ utf8: [UInt8]) -> Bool {
        for b in utf8 {
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { continue }
            return b == 0x7B
        }
        return false
    }

    static func parse(_ utf8: [UInt8], baseURL: String?, warnings: [String], contentHTML: Bool = true) throws(FeedParseError) -> ParsedFeed {
        let obj: Any
        do {
            obj = try JSONSerialization.jsonObject(with: Data(utf8), options: [.fragmentsAllowed])
        } catch {
            throw FeedParseError(.malformed, code: .invalidJSON, "not a feed: invalid JSON (\(error.localizedDescription))")
        }
        guard let root = obj as? [String: Any] else { throw FeedParseError(.notAFeed, code: .notAJSONFeed, "not a feed: JSON document is not an object") }
        let version = root["version"] as? String ?? ""
        guard version.contains("jsonfeed.org/version/") || root["items"] is [Any] else {
            throw FeedParseError(.notAFeed, code: .notAJSONFeed, "not a feed: JSON document without a jsonfeed.org version or items")
        }
        var warnings = warnings
        func str(_ v: Any?) -> String? {
            switch v {
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            default: return nil
            }
        }
        let feedAuthors = authors(root)
        var feed = ParsedFeed(format: .jsonFeed1)
        feed.title = TextCollapse.collapse(str(root["title"]) ?? "")
        feed.link = str(root["home_page_url"]).flatMap { $0.isEmpty ? nil : URLResolution.resolve($0, against: baseURL) }
        feed.description = TextCollapse.collapse(str(root["description"]) ?? "")
        feed.language = str(root["language"]).flatMap { $0.isEmpty ? nil : $0 }
        let base = str(root["home_page_url"]) ?? baseURL
        for (index, any) in ((root["items"] as? [Any]) ?? []).enumerated() {
            guard let it = any as? [String: Any] else { continue }
            var e = ParsedEntry()
            e.id = str(it["id"])
            e.title = TextCollapse.collapse(str(it["title"]) ?? "")
            e.link = str(it["url"]).flatMap { $0.isEmpty ? nil : URLResolution.resolve($0, against: base) }
            for (key, isPublished) in [("date_published", true), ("date_modified", false)] {
                guard let raw = str(it[key]), !raw.isEmpty else { continue }
                if let d = DateParsing.parse(raw) {
                    if isPublished { e.published = d } else { e.updated = d }
                } else {
                    warnings.append("item \(index + 1): unparseable date \"\(raw.prefix(60))\" left empty")
                }
            }
            e.authors = authors(it)
            if e.authors.isEmpty { e.authors = feedAuthors }
            e.summary = TextCollapse.collapse(str(it["summary"]) ?? "")
            if contentHTML {
                if let html = it["content_html"] as? String {
                    e.contentHTML = HTMLSanitizer.sanitize(html, base: base)
                } else if let text = it["content_text"] as? String {
                    e.contentHTML = XMLEscape.escaped(text)
                }
            }
            switch it["tags"] {
            case let list as [Any]: e.categories = list.compactMap { ($0 as? String).map(TextCollapse.collapse) }.filter { !$0.isEmpty }
            case let s as String: e.categories = s.split(separator: ",").map { TextCollapse.collapse(String($0)) }.filter { !$0.isEmpty }
            default: break
            }
            for a in (it["attachments"] as? [Any]) ?? [] {
                guard let a = a as? [String: Any], let url = str(a["url"]) else { continue }
                let len = (a["size_in_bytes"] as? NSNumber)?.intValue ?? str(a["size_in_bytes"]).flatMap { Int($0) }
                e.enclosures.append(Enclosure(url: URLResolution.resolve(url, against: base), type: str(a["mime_type"]), length: len))
            }
            if let img = str(it["image"]) ?? str(it["banner_image"]), !img.isEmpty { e.image = URLResolution.resolve(img, against: base) }
            feed.entries.append(e)
        }
        feed.warnings = warnings
        return feed
    }

    /// 1.1 `authors` array, else 1.0 `author` object; each as its name, else its URL.
    static func authors(_ o: [String: Any]) -> [String] {
        let list: [Any] = (o["authors"] as? [Any]) ?? ((o["author"] as? [String: Any]).map { [$0] } ?? [])
        return list.compactMap { a in
            guard let a = a as? [String: Any] else { return nil }
            let n = (a["name"] as? String).map(TextCollapse.collapse) ?? ""
            if !n.isEmpty { return n }
            let u = (a["url"] as? String) ?? ""
            return u.isEmpty ? nil : u
        }
    }
}
