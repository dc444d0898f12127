import Foundation

/// Feed-level values collected while streaming.
struct FeedState {
    var title: TextValue?
    var titleDepth = Int.max
    var link: String?
    /// The feed's <id>, which feedparser also takes as its link when there is no alternate link.
    var idLink: String?
    var description: TextValue?
    var language: String?
    var xmlLang: String?
    var updated: Date?
    var published: Date?
    var hints = FeedHints()

    func finish(format: FeedFormat, entries: [ParsedEntry], warnings: [String]) -> ParsedFeed {
        ParsedFeed(format: format, title: title.map(plainText) ?? "", link: link ?? idLink,
                   description: description.map(plainText) ?? "",
                   language: (language ?? xmlLang).flatMap { $0.isEmpty ? nil : $0 },
                   updated: updated ?? published, entries: entries, warnings: warnings, hints: hints)
    }
}

/// Plain text of a captured value: HTML goes through the HTML parser, plain text is only collapsed.
func plainText(_ v: TextValue) -> String {
    switch v.kind {
    case .html, .xhtml: return HTMLText.plain(fromHTML: v.raw)
    case .text, .base64: return TextCollapse.collapse(v.raw)
    }
}

/// One entry being built; turned into a `ParsedEntry` when its element closes.
struct EntryState {
    var depth: Int
    var id: String?
    var idDepth = Int.max
    var title: TextValue?
    var titleDepth = Int.max
    var link: String?
    var guidLink: String?
    var published: Date?
    var updated: Date?
    var authors: [String] = []
    var summary: TextValue?
    var contents: [TextValue] = []
    var categories: [String] = []
    var enclosures: [Enclosure] = []
    var itunesImage: String?
    var thumbnail: String?
    var mediaImage: String?

    init(depth: Int) { self.depth = depth }

    /// - Parameter contentHTML: false leaves `contentHTML` nil; the content then only gives its text
    ///   to an entry without a summary.
    func finish(contentHTML wantsHTML: Bool = true) -> ParsedEntry {
        var e = ParsedEntry()
        e.id = id
        e.title = title.map(plainText) ?? ""
        e.link = link ?? guidLink
        e.published = published
        e.updated = updated
        e.authors = authors
        e.categories = categories
        e.enclosures = enclosures
        e.image = itunesImage ?? thumbnail ?? mediaImage
        let content = contents.first
        if let s = summary { e.summary = plainText(s) }
        if let c = content {
            switch c.kind {
            case .html, .xhtml:
                if summary == nil {
                    let both = HTMLSanitizer.run(c.raw, base: c.base, wantHTML: wantsHTML, wantText: true)
                    if wantsHTML { e.contentHTML = both.html }
                    e.summary = both.text
                } else if wantsHTML {
                    e.contentHTML = HTMLSanitizer.sanitize(c.raw, base: c.base)
                }
            case .text, .base64:
                if wantsHTML { e.contentHTML = XMLEscape.escaped(c.raw) }
                if summary == nil { e.summary = TextCollapse.collapse(c.raw) }
            }
        }
        return e
    }
}

/// Authors as feeds write them: "jean@example.fr (Jean Dupont)", "Jean Dupont <jean@example.fr>",
/// "Jean Dupont" or a bare address. The name is kept when there is one, else the address.
enum AuthorName {
    static func parse(_ raw: String) -> String? {
        let t = TextCollapse.collapse(raw)
        guard !t.isEmpty else { return nil }
        guard t.contains("@") else { return t }
        var email: Substring?
        for word in t.split(separator: " ") {
            let w = word.trimmingCharacters(in: CharacterSet(charactersIn: "()<>[],;\"'"))
            if w.contains("@"), !w.hasPrefix("@") { email = Substring(w); break }
        }
        guard let email else { return t }
        var rest = t.replacingOccurrences(of: String(email), with: "")
        rest = rest.replacingOccurrences(of: "mailto:", with: "")
        rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: " ()<>[]\"'"))
        rest = TextCollapse.collapse(rest.replacingOccurrences(of: "()", with: "").replacingOccurrences(of: "<>", with: ""))
        return rest.isEmpty ? String(email) : rest
    }
}
