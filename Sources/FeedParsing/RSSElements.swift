/// RSS 0.9x, 1.0 and 2.0 specifics: the version attribute, `<guid isPermaLink>`, `<enclosure>`,
/// Media RSS, and the scheduling hints (`ttl`, `skipHours`, `skipDays`, `sy:updatePeriod`).
extension XMLFeedReader {
    /// feedparser's rule: 0.91–0.94 are "0.9x", "2.x" is 2.0, anything else (0.90, none) counts as 2.0;
    /// a namespace that already said RSS 1.0/0.90 wins.
    mutating func rssVersion(_ attrs: XMLAttributes) {
        if let d = dialect, !d.isAtom { return }
        let attr = (attrs["version"] ?? "").trimmingCharactersASCIIWhitespace()
        switch attr {
        case "0.91": dialect = .rss091
        case "0.92": dialect = .rss092
        case "0.93": dialect = .rss093
        case "0.94": dialect = .rss094
        default: dialect = attr.hasPrefix("2.") ? .rss20 : .rssUnversioned
        }
    }

    mutating func rssEnclosure(_ attrs: XMLAttributes, base: String?) {
        guard entry != nil, let url = attrs["url"] ?? attrs["href"], !url.isEmpty else { return }
        let type = attrs["type"].flatMap { $0.isEmpty ? nil : $0 }
        let length = attrs["length"].flatMap { Int($0.trimmingCharactersASCIIWhitespace()) }
        entry!.enclosures.append(Enclosure(url: URLResolution.resolve(url, against: base), type: type, length: length))
    }

    /// `<guid>` is the id; unless `isPermaLink="false"` it is also the link when the item has no `<link>`.
    mutating func rssGuid(_ c: Capture) {
        let raw = TextCollapse.collapse(capturedString)
        guard !raw.isEmpty else { return }
        let permalink = (c.isPermaLink ?? "true").lowercased() == "true"
        let value = permalink ? URLResolution.resolve(raw, against: c.base) : raw
        if c.depth <= entry!.idDepth {
            entry!.id = value
            entry!.idDepth = c.depth
        }
        if permalink, entry!.guidLink == nil { entry!.guidLink = value }
    }

    mutating func mediaContent(_ attrs: XMLAttributes, base: String?) {
        guard entry != nil, entry!.mediaImage == nil, let url = attrs["url"], !url.isEmpty else { return }
        if attrs["medium"] == "image" || (attrs["type"] ?? "").hasPrefix("image/") {
            entry!.mediaImage = URLResolution.resolve(url, against: base)
        }
    }

    mutating func mediaThumbnail(_ attrs: XMLAttributes, base: String?) {
        guard entry != nil, entry!.thumbnail == nil, let url = attrs["url"], !url.isEmpty else { return }
        entry!.thumbnail = URLResolution.resolve(url, against: base)
    }

    mutating func rssHint(_ c: Capture) {
        let v = TextCollapse.collapse(capturedString)
        switch c.tag {
        case .ttl: if let n = Int(v), n >= 0 { feed.hints.ttlMinutes = n }
        case .hour: if let h = Int(v), (0...24).contains(h) { feed.hints.skipHours.insert(h % 24) }
        case .day:
            let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            if days.contains(v.lowercased()) { feed.hints.skipDays.insert(v.prefix(1).uppercased() + v.dropFirst().lowercased()) }
        case .syUpdatePeriod:
            let p = v.lowercased()
            if ["hourly", "daily", "weekly", "monthly", "yearly"].contains(p) { feed.hints.updatePeriod = p }
        case .syUpdateFrequency: if let n = Int(v), n > 0 { feed.hints.updateFrequency = n }
        default: break
        }
    }
}
