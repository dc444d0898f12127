import Foundation
import TextFormats

/// What publishers add to every item and a reader should never see in a digest: WordPress's
/// "L'article … est apparu en premier sur …", "Lire la suite", and the site's name appended to each
/// title ("… - Numerama", "… | Le Monde.fr"). Pure text in, text out.
enum PublisherBoilerplate {
    /// The title without a trailing " - Outlet" / " | Outlet" when that part names the feed's own
    /// site (its configured name or its domain); any other trailing part ("… - Tech", "… - Vidéo") stays.
    static func cleanTitle(_ title: String, outlet: String, url: String?) -> String {
        guard let cut = lastSeparator(in: title) else { return title }
        let head = title[..<cut.lowerBound].trimmingCharacters(in: .whitespaces)
        let tail = String(title[cut.upperBound...])
        // A title must keep some words of its own: "Numerama - Numerama" is a title, not a suffix.
        guard head.count >= 12, namesSite(tail, outlet: outlet, url: url) else { return title }
        return head
    }

    /// The summary without the feed engine's trailers. Returns "" when nothing else was left.
    static func cleanSummary(_ summary: String) -> String {
        var text = Substring(summary)
        // Foundation's `contains` is slow; the bytes rule out the (ASCII) words first.
        let hasTrailer = (summary.utf8.contains(bytes: "premier sur") && summary.contains("premier sur"))
            || (summary.utf8.contains(bytes: "first on") && summary.contains("first on"))
        // WordPress: "L'article <titre> est apparu en premier sur <site>." (and its English form). The
        // title inside can contain anything, so cut from the last "L'article " before the marker.
        for (marker, lead) in [(" est apparu en premier sur ", ["L'article ", "L’article ", "Cet article "]),
                               (" appeared first on ", ["The post ", "The article "])] where hasTrailer {
            if let m = text.range(of: marker, options: [.backwards, .caseInsensitive]) {
                let before = text[..<m.lowerBound]
                let starts = lead.compactMap { before.range(of: $0, options: [.backwards, .caseInsensitive])?.lowerBound }
                text = text[..<(starts.max() ?? m.lowerBound)]
            }
        }
        var changed = true
        while changed {
            changed = false
            // Nothing to trim at either end (most summaries): no Foundation call.
            let untrimmed = text.unicodeScalars.first.map { !trailingJunk.contains($0) } == true
                && text.unicodeScalars.last.map { !trailingJunk.contains($0) } == true
            if !untrimmed {
                let trimmed = text.trimmingCharacters(in: trailingJunk)
                if trimmed.count != text.count { text = Substring(trimmed); changed = true }
            }
            // One lower-cased tail for every ending (Foundation's case-insensitive compare is slow,
            // and a big day cleans thousands of summaries).
            let tail = text.suffix(longestEnding).lowercased()
            for ending in readMoreEndings where tail.hasSuffix(ending) && text.count > ending.count {
                text = text.dropLast(ending.count)
                changed = true
                break
            }
            for bracket in ["[…]", "[...]", "(…)", "(...)", "…", "..."] where text.hasSuffix(bracket) {
                // An elided end stays visibly elided, once; after a whole sentence there is nothing to elide.
                text = text.dropLast(bracket.count)
                let rest = text.trimmingCharacters(in: trailingJunk)
                if rest.isEmpty { return "" }
                return rest.last.map { ".!?…".contains($0) } == true ? rest : rest + "…"
            }
        }
        return String(text)
    }

    private static let trailingJunk = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "»›→>|-–—:"))

    /// Lower case, longest first (so "lire la suite de l'article" wins over "lire la suite").
    private static let readMoreEndings = [
        "lire la suite de l'article", "lire la suite de l’article", "continuer la lecture", "lire la suite",
        "lire l'article", "lire l’article", "en savoir plus", "continue reading", "read more",
    ]
    private static let longestEnding = readMoreEndings.map(\.count).max()!

    /// The last " - ", " – ", " — " or " | " in the title.
    private static func lastSeparator(in title: String) -> Range<String.Index>? {
        // Most titles have none: the bytes say so without Foundation's (slow) search.
        guard title.utf8.contains(bytes: " - ") || title.utf8.contains(bytes: " – ") || title.utf8.contains(bytes: " — ")
                || title.utf8.contains(bytes: " | ") else { return nil }
        return [" - ", " – ", " — ", " | "].compactMap { title.range(of: $0, options: .backwards) }
            .max { $0.lowerBound < $1.lowerBound }
    }

    /// Whether `tail` is the feed's name or its site's domain, written any way ("Le Monde.fr",
    /// "lemonde.fr", "LE MONDE", "Numerama" for a feed named "Numerama Tech").
    static func namesSite(_ tail: String, outlet: String, url: String?) -> Bool {
        let key = squashed(tail)
        guard key.count >= 3 else { return false }
        var names = [squashed(outlet)]
        if let url, var host = URLHost.lowercased(of: url) {
            if host.hasPrefix("www.") { host.removeFirst(4) }
            names.append(squashed(host))
            if let label = host.split(separator: ".").dropLast().last { names.append(squashed(String(label))) }
        }
        return names.contains { name in
            !name.isEmpty && (name == key || (key.count >= 5 && name.hasPrefix(key)))
        }
    }

    /// Lower case, no accents, letters and digits only.
    static func squashed(_ text: String) -> String {
        String(text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}

extension String.UTF8View {
    /// Whether `needle`'s UTF-8 bytes occur here, as they are (no case folding, no normalisation): a
    /// cheap test that rules a literal out before a Foundation search.
    func contains(bytes needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard !n.isEmpty, n.count <= count else { return false }
        func search(_ hay: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            while i <= hay.count - n.count {
                if hay[i] == n[0] {
                    var k = 1
                    while k < n.count && hay[i + k] == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                i += 1
            }
            return false
        }
        return withContiguousStorageIfAvailable(search) ?? Array(self).withUnsafeBufferPointer(search)
    }
}
