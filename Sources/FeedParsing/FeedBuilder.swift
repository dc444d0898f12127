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

    func finish() -> ParsedEntry {
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
                    let both = HTMLSanitizer.sanitizeAndText(c.raw, base: c.base)
                    e.contentHTML = both.html
                    e.summary = both.text
                } else {
                    e.contentHTML = HTMLSanitizer.sanitize(c.raw, base: c.base)
                }
            case .text, .base64:
                e.contentHTML = XMLEscape.escaped(c.raw)
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

extension XMLFeedReader {
    var isAtom: Bool { version?.hasPrefix("atom") ?? false }

    func startElement(_ tag: FeedTag, attrs: [String: String], depth: Int, base: String?) {
        switch tag {
        case .rss: rssVersion(attrs)
        case .feed: atomVersion(attrs)
        case .rdf, .channel, .skipHours, .skipDays, .mediaGroup, .other: break
        case .item, .entry:
            if let e = entry { entries.append(finishEntry(e)) }
            var e = EntryState(depth: depth)
            if let about = attrs["rdf:about"] ?? attrs["about"], !about.isEmpty { e.id = about; e.idDepth = depth }
            entry = e
        case .image:
            // A feed's logo block: its <title>/<link>/<url> are not the feed's (nor the entry's).
            ignoreUntilDepth = depth
        case .textInput, .source:
            ignoreUntilDepth = depth
        case .link:
            if attrs["href"] != nil { atomLink(attrs, base: base) } else { beginCapture(tag, depth: depth, attrs: attrs, base: base) }
        case .enclosure: rssEnclosure(attrs, base: base)
        case .category:
            if let term = attrs["term"] ?? attrs["label"] {
                let t = TextCollapse.collapse(term.isEmpty ? (attrs["label"] ?? "") : term)
                if !t.isEmpty { entry?.categories.append(t) }
            } else {
                beginCapture(tag, depth: depth, attrs: attrs, base: base)
            }
        case .mediaContent: mediaContent(attrs, base: base)
        case .mediaThumbnail: mediaThumbnail(attrs, base: base)
        case .itunesImage:
            if let href = attrs["href"] ?? attrs["url"], !href.isEmpty, entry != nil, entry!.itunesImage == nil {
                entry!.itunesImage = URLResolution.resolve(href, against: base)
            }
        case .author, .contributor:
            author = AuthorState(depth: depth, isContributor: tag == .contributor)
        case .name, .email, .uri:
            if author != nil { beginCapture(tag, depth: depth, attrs: attrs, base: base) }
        case .content:
            if let src = attrs["src"], !src.isEmpty { break }   // out-of-line content: nothing to show
            beginCapture(tag, depth: depth, attrs: attrs, base: base)
        case .title, .description, .summary, .guid, .id, .pubDate, .published, .issued, .updated, .modified,
             .lastBuildDate, .subtitle, .tagline, .language, .ttl, .hour, .day, .dcCreator, .dcDate, .dcSubject,
             .dcLanguage, .dcTitle, .dcDescription, .dcContributor, .dctermsIssued, .dctermsModified, .contentEncoded,
             .itunesAuthor, .itunesSummary, .itunesSubtitle, .mediaDescription, .itunesKeywords, .syUpdatePeriod, .syUpdateFrequency:
            beginCapture(tag, depth: depth, attrs: attrs, base: base)
        case .xhtmlBody:
            // An item's <xhtml:body> is its content; an HTML page's <body> around a feed is nothing.
            if entry != nil { beginCapture(tag, depth: depth, attrs: attrs, base: base) }
        }
    }

    func endElement(_ tag: FeedTag, depth: Int) {
        switch tag {
        case .item, .entry:
            if let e = entry, e.depth == depth { entries.append(finishEntry(e)); entry = nil }
        case .author, .contributor:
            if let a = author, a.depth == depth {
                author = nil
                guard !a.isContributor, entry != nil else { return }
                let name = a.name.flatMap { $0.isEmpty ? nil : $0 } ?? a.email.flatMap { $0.isEmpty ? nil : $0 }
                    ?? AuthorName.parse(string(a.text))
                if let name { entry!.authors.append(name) }
            }
        default: break
        }
    }

    func finishEntry(_ e: EntryState) -> ParsedEntry { e.finish() }

    func date(_ c: Capture) -> Date? {
        let raw = TextCollapse.collapse(string(c.buf))
        guard !raw.isEmpty else { return nil }
        if let d = DateParsing.parse(raw) { return d }
        warn("unparseable date \"\(raw.prefix(60))\" left empty")
        return nil
    }

    func finishCapture(_ c: Capture) {
        let tag = c.tag
        // Author parts first: they belong to the enclosing <author>, wherever it is.
        if tag == .name || tag == .email || tag == .uri {
            let v = TextCollapse.collapse(string(c.buf))
            if tag == .name { author?.name = v } else if tag == .email { author?.email = v }
            return
        }
        if entry != nil { finishEntryCapture(c) } else { finishFeedCapture(c) }
    }

    func finishEntryCapture(_ c: Capture) {
        let depth = c.depth
        switch c.tag {
        case .title, .dcTitle:
            if depth <= entry!.titleDepth {
                entry!.title = textValue(c, defaultKind: .text, guessHTML: !isAtom)
                entry!.titleDepth = depth
            }
        case .link:
            let raw = TextCollapse.collapse(string(c.buf))
            if !raw.isEmpty { entry!.link = URLResolution.resolve(raw, against: c.base) }
        case .description, .dcDescription:
            addSummary(textValue(c, defaultKind: .html))
        case .summary, .itunesSummary, .mediaDescription:
            addSummary(textValue(c, defaultKind: .text, guessHTML: !isAtom))
        case .content:
            let v = textValue(c, defaultKind: .text, guessHTML: !isAtom)
            if !v.raw.isEmpty { entry!.contents.append(v) }
        case .contentEncoded, .xhtmlBody:
            let v = textValue(c, defaultKind: .html)
            if !v.raw.isEmpty { entry!.contents.append(v) }
        case .guid: rssGuid(c)
        case .id:
            let raw = TextCollapse.collapse(string(c.buf))
            if depth <= entry!.idDepth, !raw.isEmpty {
                entry!.id = URLResolution.resolve(raw, against: c.base)
                entry!.idDepth = depth
                // feedparser reads <id> like an RSS permalink <guid>: the link when there is no other.
                if entry!.guidLink == nil { entry!.guidLink = entry!.id }
            }
        case .pubDate, .published, .issued, .dctermsIssued:
            if let d = date(c) { entry!.published = d }
        case .updated, .modified, .dcDate, .dctermsModified, .lastBuildDate:
            if let d = date(c) { entry!.updated = d }
        case .category, .dcSubject:
            let t = TextCollapse.collapse(string(c.buf))
            if !t.isEmpty { entry!.categories.append(t) }
        case .itunesKeywords:
            for k in string(c.buf).split(separator: ",") {
                let t = TextCollapse.collapse(String(k))
                if !t.isEmpty { entry!.categories.append(t) }
            }
        case .dcCreator, .itunesAuthor:
            if let n = AuthorName.parse(string(c.buf)) { entry!.authors.append(n) }
        default: break
        }
    }

    /// feedparser keeps the first summary-like element; a second one counts as content when there is none.
    func addSummary(_ v: TextValue) {
        if entry!.summary == nil { entry!.summary = v }
        else if entry!.contents.isEmpty, !v.raw.isEmpty { entry!.contents.append(v) }
    }

    func finishFeedCapture(_ c: Capture) {
        let depth = c.depth
        switch c.tag {
        case .title, .dcTitle:
            if depth <= feed.titleDepth {
                feed.title = textValue(c, defaultKind: .text, guessHTML: !isAtom)
                feed.titleDepth = depth
            }
        case .link:
            let raw = TextCollapse.collapse(string(c.buf))
            if !raw.isEmpty { feed.link = URLResolution.resolve(raw, against: c.base) }
        case .description, .dcDescription:
            feed.description = textValue(c, defaultKind: .html)
        case .subtitle, .tagline, .itunesSubtitle:
            feed.description = textValue(c, defaultKind: .text, guessHTML: !isAtom)
        case .id:
            let raw = TextCollapse.collapse(string(c.buf))
            if !raw.isEmpty, feed.idLink == nil { feed.idLink = URLResolution.resolve(raw, against: c.base) }
        case .language, .dcLanguage:
            let l = TextCollapse.collapse(string(c.buf))
            if !l.isEmpty { feed.language = l }
        case .updated, .modified, .dcDate, .dctermsModified, .lastBuildDate:
            if let d = date(c) { feed.updated = d }
        case .pubDate, .published, .issued, .dctermsIssued:
            if let d = date(c) { feed.published = d }
        case .ttl, .hour, .day, .syUpdatePeriod, .syUpdateFrequency:
            rssHint(c)
        default: break
        }
    }
}
