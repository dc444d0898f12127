import Foundation
internal import CLibXML2

/// One subscription in an OPML file.
public struct OPMLOutline: Sendable, Equatable {
    public var title: String
    public var xmlURL: String
    public var htmlURL: String?
    /// The `category` attribute's entries and the titles of the folders (parent outlines) around it.
    public var categories: [String]
    public init(title: String, xmlURL: String, htmlURL: String? = nil, categories: [String] = []) {
        self.title = title
        self.xmlURL = xmlURL
        self.htmlURL = htmlURL
        self.categories = categories
    }
}

/// OPML 1.0/2.0 subscription lists (`veille import-opml`), read with libxml2's xmlReader under the
/// same safety rules as feeds: no network, no external entities, no entity substitution.
public enum OPMLReader {
    public static func outlines(_ data: [UInt8]) throws(FeedParseError) -> [OPMLOutline] {
        LibXML.ensureReady()
        guard !data.isEmpty else { throw FeedParseError(.notAFeed, code: .opml, "empty OPML file") }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOCDATA.rawValue)
        let reader: OpaquePointer? = data.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                xmlReaderForMemory($0, Int32(buf.count), nil, nil, options)
            }
        }
        guard let reader else { throw FeedParseError(.malformed, code: .opml, "cannot read the OPML document") }
        defer { xmlFreeTextReader(reader) }
        var result: [OPMLOutline] = []
        var folders: [String?] = []   // one per open <outline>, the title when it is a folder
        var sawOPML = false
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc == 0 { break }
            guard rc == 1 else { throw FeedParseError(.malformed, code: .opml, "OPML: malformed XML near line \(xmlTextReaderGetParserLineNumber(reader))") }
            let type = xmlTextReaderNodeType(reader)
            let name = LibXML.string(xmlTextReaderConstLocalName(reader))?.lowercased() ?? ""
            if type == 1 {   // element start
                if name == "opml" { sawOPML = true }
                guard name == "outline" else { continue }
                func attr(_ n: String) -> String? {
                    guard let p = xmlTextReaderGetAttribute(reader, n) else { return nil }
                    defer { vl_xmlFree(p) }
                    let s = String(cString: p).trimmingCharacters(in: .whitespacesAndNewlines)
                    return s.isEmpty ? nil : s
                }
                let title = attr("title") ?? attr("text")
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                if let xml = attr("xmlUrl") ?? attr("xmlurl") ?? attr("url") {
                    var categories: [String] = folders.compactMap { $0 }
                    for c in (attr("category") ?? "").split(separator: ",") {
                        // OPML 2.0 categories are slash-delimited paths: keep each path's last segment.
                        let leaf = c.split(separator: "/").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
                        if !leaf.isEmpty && !categories.contains(leaf) { categories.append(leaf) }
                    }
                    result.append(OPMLOutline(title: title ?? xml, xmlURL: xml, htmlURL: attr("htmlUrl"), categories: categories))
                    if !empty { folders.append(nil) }
                } else if !empty {
                    folders.append(title)
                }
            } else if type == 15, name == "outline" {   // element end
                if !folders.isEmpty { folders.removeLast() }
            }
        }
        guard sawOPML else { throw FeedParseError(.notAFeed, code: .opml, "not an OPML document (no <opml> element)") }
        return result
    }
}
