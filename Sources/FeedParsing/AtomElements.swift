/// Atom 0.3 and 1.0 specifics: the version, and `<link rel type href>` (alternate link, enclosures).
/// Text constructs (type="text|html|xhtml", Atom 0.3 mode="escaped|base64|xml") are read by
/// `XMLFeedReader.textValue` (TextCapture.swift), authors by the `<author>` container in ElementHandlers.swift.
extension XMLFeedReader {
    mutating func atomVersion(_ attrs: XMLAttributes) {
        guard dialect == nil else { return }
        switch attrs["version"] {
        case "0.1": dialect = .atom01
        case "0.2": dialect = .atom02
        case "0.3": dialect = .atom03
        default: dialect = .atomUnversioned
        }
    }

    static let htmlTypes: Set<String> = ["text/html", "application/xhtml+xml", "html", "xhtml"]

    /// feedparser: rel defaults to alternate, type to text/html; the last alternate HTML link is *the* link.
    mutating func atomLink(_ attrs: XMLAttributes, base: String?) {
        guard let rawHref = attrs["href"] else { return }
        let rel = (attrs["rel"] ?? "alternate").trimmingCharactersASCIIWhitespace().lowercased()
        let type = (attrs["type"] ?? (rel == "self" ? "application/atom+xml" : "text/html")).lowercased()
        let href = URLResolution.resolve(rawHref, against: base)
        if rel == "enclosure" {
            guard entry != nil, !rawHref.isEmpty else { return }
            let length = attrs["length"].flatMap { Int($0.trimmingCharactersASCIIWhitespace()) }
            let t = attrs["type"].flatMap { $0.isEmpty ? nil : $0 }
            entry!.enclosures.append(Enclosure(url: href, type: t, length: length))
            return
        }
        guard rel == "alternate", Self.htmlTypes.contains(type) else { return }
        if entry != nil { entry!.link = href } else { feed.link = href }
    }
}
