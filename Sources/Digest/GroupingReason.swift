import Foundation

/// Why a story's articles are shown together, in terms a reader can check: the words their own
/// titles share (as the titles write them, never the clusterer's stems), whether some are copies of
/// one text, and how sure the grouping is, as words rather than a raw probability.
public struct GroupingReason: Sendable, Equatable {
    /// How sure the clustering was, in three steps a reader can act on.
    public enum Confidence: String, Sendable, Equatable {
        case high, medium, low

        /// The clusterer's probability (≥ 0.5 to join at all) in steps: ≥ 0.85 high, ≥ 0.65 medium.
        public init(score: Double) {
            self = score >= 0.85 ? .high : score >= 0.65 ? .medium : .low
        }
    }

    /// Words found in at least two of the titles, most shared first, at most `wordLimit`.
    public var sharedWords: [String]
    /// Some articles are the same text (one article under two addresses, or an agency copy).
    public var hasCopies: Bool
    /// nil when the clustering gave no score.
    public var confidence: Confidence?

    public init(sharedWords: [String], hasCopies: Bool = false, confidence: Confidence? = nil) {
        self.sharedWords = sharedWords
        self.hasCopies = hasCopies
        self.confidence = confidence
    }

    public static let wordLimit = 5

    /// The clusterer's reasons that mean "the same text", as `veille cluster` names them.
    static let copyReasons: Set<String> = ["sameURL", "sameGUID", "syndicatedCopy"]

    /// - Parameters:
    ///   - titles: the story's titles, the headline first (its spelling wins).
    ///   - reasons: why each article joined, as the clusterer said it.
    static func make(titles: [String], reasons: Set<String>, score: Double?) -> GroupingReason {
        GroupingReason(sharedWords: sharedWords(titles), hasCopies: !reasons.isDisjoint(with: copyReasons),
                       confidence: score.map(Confidence.init(score:)))
    }

    /// Words of at least two titles. Words match across case, accents and a plural "s"/"x"; each is
    /// shown in the headline's spelling (else the first title's that has it), preferring a spelling
    /// from inside a title to one capitalised for standing first ("Panne géante…" and "…la panne"
    /// give "panne"; "Mistral AI…" everywhere stays "Mistral").
    static func sharedWords(_ titles: [String]) -> [String] {
        struct Seen { var count = 0; var form = ""; var formIsInitial = true; var order = 0 }
        var seen: [String: Seen] = [:]
        var order = 0
        for title in titles {
            var inTitle = Set<String>()
            for (index, word) in words(title).enumerated() {
                let key = matchKey(word)
                guard !stopWords.contains(key), key.count >= 3 || word.allSatisfy(\.isNumber) || isAcronym(word) else { continue }
                var entry = seen[key] ?? Seen(order: order)
                if entry.count == 0 { order += 1 }
                if inTitle.insert(key).inserted { entry.count += 1 }
                // A spelling from inside a sentence beats one capitalised for standing first.
                if entry.form.isEmpty || (entry.formIsInitial && index > 0) {
                    entry.form = word
                    entry.formIsInitial = index == 0
                }
                seen[key] = entry
            }
        }
        let shared = seen.values.filter { $0.count >= 2 }
            .sorted { ($0.count, -$0.order) > ($1.count, -$1.order) }
            .prefix(wordLimit)
        return shared.map(\.form)
    }

    /// Words as written: letters and digits, joined by inner hyphens ("Wi-Fi", "GPT-4"), with French
    /// elisions dropped ("l'amende" → "amende"). Decimal commas stay inside numbers ("1,2").
    static func words(_ title: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(title)
        for (i, ch) in chars.enumerated() {
            let next = i + 1 < chars.count ? chars[i + 1] : " "
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if (ch == "-" && !current.isEmpty && (next.isLetter || next.isNumber))
                        || ((ch == "," || ch == ".") && current.last?.isNumber == true && next.isNumber) {
                current.append(ch)
            } else if (ch == "'" || ch == "’") && current.count <= 2 && !current.isEmpty && next.isLetter {
                current = ""  // l', d', qu', jusqu' … the elided article is not a word of the story
            } else {
                if !current.isEmpty { out.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    private static func isAcronym(_ word: String) -> Bool {
        word.count >= 2 && word.allSatisfy { $0.isUppercase || $0.isNumber } && word.contains(where: \.isLetter)
    }

    private static func matchKey(_ word: String) -> String {
        // Most words are ASCII: lower-casing them is enough, and far cheaper than Foundation's folding.
        var key = word.utf8.allSatisfy { $0 < 0x80 } ? word.lowercased()
            : word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        if key.count > 4, let last = key.last, last == "s" || last == "x" { key.removeLast() }
        return key
    }

    /// Folded French and English words that say nothing about a story.
    static let stopWords: Set<String> = [
        "les", "des", "une", "uns", "aux", "est", "son", "sa", "ses", "leur", "leurs", "pour", "par", "sur", "dans",
        "avec", "sans", "sous", "entre", "vers", "chez", "contre", "apre", "avant", "depui", "pendant", "mais",
        "plus", "moin", "tous", "tout", "toute", "cette", "cet", "ces", "celui", "celle", "qui", "que", "quoi",
        "dont", "ou", "comme", "quand", "alor", "donc", "car", "pas", "peu", "fait", "faire", "etre", "avoir", "ont",
        "sont", "ete", "va", "vont", "peut", "doit", "deja", "encore", "aussi", "bien", "tres", "trop", "the", "and",
        "for", "with", "from", "that", "this", "are", "was", "will", "has", "have", "its", "their", "new", "nouveau",
        "nouvelle", "nouvel", "selon", "voici", "quel", "quelle", "quels", "quelles", "comment", "pourquoi",
        "notre", "nos", "votre", "vos", "elle", "elles", "ils", "lui", "nous", "vous", "ceux", "autre", "autres",
        "meme", "ici", "la", "le", "du", "de", "un", "et", "en", "au", "il", "on", "ne", "se", "ce", "qu",
    ]
}
