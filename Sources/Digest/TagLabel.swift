/// How a feed tag reads as a theme heading: the label Feeds.toml gives it (`[digest.tag_labels]`),
/// else the tag itself with dashes and underscores as spaces and a capital first letter
/// ("politique-numerique" → "Politique numerique"; accents need a label).
public enum TagLabel {
    public static func label(for tag: String, labels: [String: String]) -> String {
        if let label = labels[tag], !label.isEmpty { return PlainText.clean(label) }
        let spaced = String(tag.map { $0 == "-" || $0 == "_" ? " " : $0 })
        let words = PlainText.clean(spaced)
        guard let first = words.first else { return tag }
        return first.uppercased() + words.dropFirst()
    }
}
