import Foundation

/// What each element means: the handlers behind the SAX events of `XMLFeedReader`, one `case` per
/// `FeedTag` (FeedVocabulary.swift maps namespace + name to the tag). RSS and Atom specifics are in
/// RSSElements.swift and AtomElements.swift.
extension XMLFeedReader {
    var isAtom: Bool { dialect?.isAtom ?? false }

    mutating func startElement(_ tag: FeedTag, attrs: XMLAttributes, depth: Int, base: String?) {
        switch tag {
        case .rss: rssVersion(attrs)
        case .feed: atomVersion(attrs)
        case .rdf, .channel, .skipHours, .skipDays, .mediaGroup, .other: break
        case .item, .entry:
            if let e = entry { entries.append(e.finish(contentHTML: contentHTML)) }
            var e = EntryState(depth: depth)
            if let about = attrs.value(prefix: "rdf", "about") ?? attrs["about"], !about.isEmpty { e.id = about; e.idDepth = depth }
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

    mutating func endElement(_ tag: FeedTag, depth: Int) {
        switch tag {
        case .item, .entry:
            if let e = entry, e.depth == depth { entries.append(e.finish(contentHTML: contentHTML)); entry = nil }
        case .author, .contributor:
            if let a = author, a.depth == depth {
                author = nil
                guard !a.isContributor, entry != nil else { return }
                let name = a.name.flatMap { $0.isEmpty ? nil : $0 } ?? a.email.flatMap { $0.isEmpty ? nil : $0 }
                    ?? AuthorName.parse(MojibakeRepair.string(a.text))
                if let name { entry!.authors.append(name) }
            }
        default: break
        }
    }

    mutating func date(_ c: Capture) -> Date? {
        let raw = TextCollapse.collapse(capturedString)
        guard !raw.isEmpty else { return nil }
        if let d = DateParsing.parse(raw) { return d }
        warn("unparseable date \"\(raw.prefix(60))\" left empty")
        return nil
    }

    mutating func finishCapture(_ c: Capture) {
        let tag = c.tag
        // Author parts first: they belong to the enclosing <author>, wherever it is.
        if tag == .name || tag == .email || tag == .uri {
            let v = TextCollapse.collapse(capturedString)
            if tag == .name { author?.name = v } else if tag == .email { author?.email = v }
            return
        }
        if entry != nil { finishEntryCapture(c) } else { finishFeedCapture(c) }
    }

    mutating func finishEntryCapture(_ c: Capture) {
        let depth = c.depth
        switch c.tag {
        case .title, .dcTitle:
            if depth <= entry!.titleDepth {
                entry!.title = textValue(c, defaultKind: .text, guessHTML: !isAtom)
                entry!.titleDepth = depth
            }
        case .link:
            let raw = TextCollapse.collapse(capturedString)
            if !raw.isEmpty { entry!.link = URLResolution.resolve(raw, against: c.base) }
        case .description, .dcDescription:
            if needsContent { addSummary(textValue(c, defaultKind: .html)) }
        case .summary, .itunesSummary, .mediaDescription:
            if needsContent { addSummary(textValue(c, defaultKind: .text, guessHTML: !isAtom)) }
        case .content:
            guard needsContent else { break }
            let v = textValue(c, defaultKind: .text, guessHTML: !isAtom)
            if !v.raw.isEmpty { entry!.contents.append(v) }
        case .contentEncoded, .xhtmlBody:
            guard needsContent else { break }
            let v = textValue(c, defaultKind: .html)
            if !v.raw.isEmpty { entry!.contents.append(v) }
        case .guid: rssGuid(c)
        case .id:
            let raw = TextCollapse.collapse(capturedString)
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
            let t = TextCollapse.collapse(capturedString)
            if !t.isEmpty { entry!.categories.append(t) }
        case .itunesKeywords:
            for k in capturedString.split(separator: ",") {
                let t = TextCollapse.collapse(String(k))
                if !t.isEmpty { entry!.categories.append(t) }
            }
        case .dcCreator, .itunesAuthor:
            if let n = AuthorName.parse(capturedString) { entry!.authors.append(n) }
        default: break
        }
    }

    /// feedparser keeps the first summary-like element; a second one counts as content when there is none.
    /// Whether the entry's next summary or content can still be used: always with `contentHTML`;
    /// without, only until the entry has a summary (a content then only gives its text to an entry
    /// without one). The article body is then never turned into a string: most of its parsing.
    var needsContent: Bool { contentHTML || entry!.summary == nil }

    mutating func addSummary(_ v: TextValue) {
        if entry!.summary == nil { entry!.summary = v }
        else if entry!.contents.isEmpty, !v.raw.isEmpty { entry!.contents.append(v) }
    }

    mutating func finishFeedCapture(_ c: Capture) {
        let depth = c.depth
        switch c.tag {
        case .title, .dcTitle:
            if depth <= feed.titleDepth {
                feed.title = textValue(c, defaultKind: .text, guessHTML: !isAtom)
                feed.titleDepth = depth
            }
        case .link:
            let raw = TextCollapse.collapse(capturedString)
            if !raw.isEmpty { feed.link = URLResolution.resolve(raw, against: c.base) }
        case .description, .dcDescription:
            feed.description = textValue(c, defaultKind: .html)
        case .subtitle, .tagline, .itunesSubtitle:
            feed.description = textValue(c, defaultKind: .text, guessHTML: !isAtom)
        case .id:
            let raw = TextCollapse.collapse(capturedString)
            if !raw.isEmpty, feed.idLink == nil { feed.idLink = URLResolution.resolve(raw, against: c.base) }
        case .language, .dcLanguage:
            let l = TextCollapse.collapse(capturedString)
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
