/// A fingerprint of Feeds.toml's feed list as the store syncs it (order, URL, name, tags, enabled):
/// equal fingerprints, equal lists, for change detection only (the user's own file, not an adversary).
enum FeedSpecFingerprint {
    static func of(_ specs: [FeedSpec]) -> String {
        // Separators no URL, name or tag contains (control characters), so no two lists read alike.
        var text = "v1\u{1E}"
        text.reserveCapacity(specs.count * 80)
        for s in specs {
            text += s.url
            text += "\u{1F}"
            text += s.name
            text += "\u{1F}"
            text += s.tags.joined(separator: "\u{1D}")
            text += s.enabled ? "\u{1F}1\u{1E}" : "\u{1F}0\u{1E}"
        }
        return "\(specs.count)-" + StableHash.hex(text)
    }
}
