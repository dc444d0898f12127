import Foundation

/// Recognises deal posts ("Bon plan : le Galaxy S24 à 599 €", "Soldes : -40 % sur…", "Prix en baisse
/// pour…"): shopping offers, not events. They get their own compact section in the digest and never
/// join an event (the daemon gives each its own story without clustering it).
///
/// Precision first: a wrong "deal" hides news, a missed one only costs a line. So no single weak
/// clue is enough: a price alone is a launch or a price rise, a percentage alone is a statistic,
/// "promo" may be a school year and "soldes" a news story about fake discounts. Clues add up to a
/// score; news and launch words take points away. Matching is on accent-folded, lower-case words, so
/// "Promo", "PROMO" and unaccented feeds ("a 699 euros au lieu de") read alike.
public enum DealDetector {
    /// Whether the article with this title and summary is a deal post.
    public static func isDeal(title: String, summary: String) -> Bool {
        score(title: title, summary: summary) >= threshold
    }

    static let threshold = 3

    /// The evidence, added up: ≥ `threshold` is a deal.
    static func score(title: String, summary: String) -> Int {
        let t = Words(title)
        // The lists that have a phrase starting with one of the title's words: one lookup per word,
        // instead of one per phrase of every list.
        var lists = 0
        for token in t.tokens { lists |= firstWords[token] ?? 0 }
        func has(_ list: Int) -> Bool { lists & (1 << list) != 0 && t.containsAny(phraseLists[list]) }
        var score = 0
        if has(0) || t.hasPromoWord || t.hasPriceAfter(["au", "lieu", "de"]) { score += 3 }
        if has(1) { score += 2 }
        if t.hasDiscountPercent { score += 2 }
        if has(2) { score += 2 }
        if has(3) || t.hasPriceAfter(["moins", "de"]) { score += 1 }
        if t.hasPrice { score += 1 }
        if has(4) { score += 1 }
        if has(5) { score -= 3 }
        if has(6) { score -= 2 }
        // The publisher's own disclosure: worth a lot, but reviews carry it too. Summaries are long:
        // read one only when it can change the verdict.
        if score < threshold && score + 2 >= threshold && Words(summary).containsAny(affiliateDisclosures) { score += 2 }
        return score
    }

    /// The title's phrase lists, by index in `score` (the summary's disclosures are read apart).
    private static let phraseLists = [strongPhrases, saleEvents, priceDrops, offerWords, retailers, hardNegatives, newsNegatives]

    /// Each word that starts a phrase, with the bit of every list holding such a phrase.
    private static let firstWords: [String: Int] = {
        var index: [String: Int] = [:]
        for (i, list) in phraseLists.enumerated() {
            for phrase in list { index[phrase[0], default: 0] |= 1 << i }
        }
        return index
    }()

    // Each entry is a sequence of folded words, matched as whole words.
    private static let strongPhrases: [[String]] = [
        ["bon", "plan"], ["bons", "plans"], ["code", "promo"], ["codes", "promo"], ["vente", "flash"],
        ["ventes", "flash"], ["prix", "casse"], ["prix", "choc"], ["prix", "mini"], ["deal"], ["deals"],
        ["meilleures", "offres"], ["meilleures", "promos"], ["meilleurs", "prix"], ["moins", "cher", "que", "jamais"],
        ["jamais", "vu", "a", "ce", "prix"], ["odr"], ["destockage"], ["offre", "flash"], ["en", "promotion"],
    ]
    private static let saleEvents: [[String]] = [
        ["soldes"], ["black", "friday"], ["cyber", "monday"], ["french", "days"], ["prime", "day"], ["singles", "day"],
        ["days", "amazon"],
    ]
    private static let priceDrops: [[String]] = [
        ["prix", "en", "baisse"], ["baisse", "de", "prix"], ["chute", "de", "prix"], ["prix", "barre"],
        ["tombe", "a"], ["chute", "a"], ["degringole"], ["moitie", "prix"],
    ]
    private static let offerWords: [[String]] = [
        ["promotion"], ["promotions"], ["reduction"], ["remise"], ["rabais"], ["pas", "cher"], ["petit", "prix"],
        ["a", "saisir"], ["jusqu", "a"], ["offre"], ["offres"],
    ]
    private static let retailers: [[String]] = [
        ["amazon"], ["cdiscount"], ["fnac"], ["darty"], ["boulanger"], ["rakuten"], ["aliexpress"], ["auchan"],
        ["carrefour"], ["leclerc"], ["back", "market"], ["ldlc"], ["materiel", "net"], ["e", "leclerc"],
    ]
    private static let affiliateDisclosures: [[String]] = [
        ["liens", "affilies"], ["lien", "affilie"], ["liens", "d", "affiliation"], ["lien", "d", "affiliation"],
        ["liens", "sponsorises"], ["percevoir", "une", "commission"], ["touchons", "une", "commission"],
        ["percoit", "une", "commission"], ["affiliate", "links"],
        ["earn", "a", "commission"],
    ]
    /// News about deals rather than a deal: scams, fines, warnings.
    private static let hardNegatives: [[String]] = [
        ["arnaque"], ["arnaques"], ["dgccrf"], ["faux"], ["fausses"], ["fausse"], ["condamne"], ["condamnee"],
        ["amende"], ["enquete"], ["plainte"], ["escroquerie"], ["piege"], ["pieges"],
    ]
    /// A launch, a price rise, a review, or economic news: a price or a percentage there is no offer.
    private static let newsNegatives: [[String]] = [
        ["lance"], ["lancement"], ["officialise"], ["officiel"], ["officielle"], ["annonce"], ["devoile"],
        ["presente"], ["sortie"], ["augmente"], ["augmentent"], ["augmentation"], ["hausse"], ["test"], ["avis"],
        ["prise", "en", "main"], ["on", "a", "teste"], ["tarifs", "reglementes"], ["tarif", "reglemente"], ["gaz"],
        ["electricite"], ["carburant"], ["carburants"], ["petrole"], ["dette"], ["pib"], ["cac"], ["cac40"],
        ["bourse"], ["inflation"], ["salaire"], ["salaires"], ["impot"], ["impots"], ["guerre", "des", "prix"],
        ["chiffre", "d", "affaires"], ["parts", "de", "marche"],
    ]

    /// A title as folded words, numbers and the symbols that matter (€, %, a leading minus).
    struct Words {
        let tokens: [String]
        /// The tokens as a set: most phrases are ruled out by their first word in O(1).
        private let present: Set<String>

        init(_ text: String) {
            tokens = Self.scalarTokens(text) ?? Self.characterTokens(text)
            present = Set(tokens)
        }

        /// The tokens read scalar by scalar, for the text whose every scalar is a character of its own
        /// and lower-cases to one scalar (Latin letters, digits, common punctuation, € and minus signs:
        /// nearly every headline); nil for any other text, which `characterTokens` reads. Same tokens as
        /// `characterTokens` (a test holds them equal), at a fraction of the cost: titles are read for
        /// every new entry and again for every digest card.
        static func scalarTokens(_ text: String) -> [String]? {
            var tokens: [String] = []
            var current: [UInt8] = []
            var currentIsNumber = false
            func flush() {
                if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
            var previous: UInt32 = 0x20
            for scalar in text.unicodeScalars {
                var v = scalar.value
                if v >= 0x41 && v <= 0x5A {
                    v += 0x20
                } else if v >= 0x80 {
                    // General punctuation (spaces, dashes, quotes, U+202F) but the two joiners, which extend
                    // the character before them.
                    guard (v < 0x300 && v != 0x130) || ((0x2000...0x205E).contains(v) && v != 0x200C && v != 0x200D)
                            || (0x20A0...0x20C0).contains(v) || v == 0x2212 else { return nil }
                    if v < 0x300 {
                        let lower = scalar.properties.lowercaseMapping.unicodeScalars
                        guard lower.count == 1 else { return nil }
                        v = lower.first!.value
                    }
                }
                if v >= 0x30 && v <= 0x39 {
                    if !currentIsNumber { flush() }
                    currentIsNumber = true
                    current.append(UInt8(v))
                } else if (v == 0x2C || v == 0x2E) && currentIsNumber {
                    current.append(UInt8(v))  // "1,2" or "39.96"; a trailing one is trimmed below
                } else if v < 0x80 ? (v >= 0x61 && v <= 0x7A) : Unicode.Scalar(v)!.properties.isAlphabetic {
                    if currentIsNumber { flush() }
                    currentIsNumber = false
                    if v < 0x80 {
                        current.append(UInt8(v))
                    } else {
                        current.append(contentsOf: Self.fold(Character(Unicode.Scalar(v)!)).utf8)
                    }
                } else {
                    if currentIsNumber, let last = current.last, last == 0x2C || last == 0x2E { current.removeLast() }
                    flush()
                    currentIsNumber = false
                    if v == 0x20AC || v == 0x25 {
                        tokens.append(String(Unicode.Scalar(v)!))
                    } else if v == 0x2D || v == 0x2212 || v == 0x2013,
                              previous == 0x20 || previous == 0x28 || previous == 0x3A || tokens.isEmpty {
                        tokens.append("-")
                    }
                }
                previous = v
            }
            if currentIsNumber, let last = current.last, last == 0x2C || last == 0x2E { current.removeLast() }
            flush()
            return tokens
        }

        /// The tokens read character by character: any text.
        static func characterTokens(_ text: String) -> [String] {
            var tokens: [String] = []
            var current = ""
            var currentIsNumber = false
            func flush() {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            }
            var previous: Character = " "
            for ch in text.lowercased() {
                if ch.isNumber && ch.isASCII {
                    if !currentIsNumber { flush() }
                    currentIsNumber = true
                    current.append(ch)
                } else if (ch == "," || ch == ".") && currentIsNumber {
                    current.append(ch)  // "1,2" or "39.96"; a trailing one is trimmed below
                } else if ch.isLetter {
                    if currentIsNumber { flush() }
                    currentIsNumber = false
                    current += Self.fold(ch)
                } else {
                    if currentIsNumber, let last = current.last, last == "," || last == "." { current.removeLast() }
                    flush()
                    currentIsNumber = false
                    if ch == "€" || ch == "%" {
                        tokens.append(String(ch))
                    } else if ch == "-" || ch == "−" || ch == "–",
                              previous == " " || previous == "(" || previous == ":" || tokens.isEmpty {
                        // A minus sign only where it can start a discount ("-40 %", "(-35%)", ": - 46%").
                        tokens.append("-")
                    }
                }
                previous = ch
            }
            if currentIsNumber, let last = current.last, last == "," || last == "." { current.removeLast() }
            flush()
            return tokens
        }

        private static func fold(_ ch: Character) -> String {
            guard !ch.isASCII else { return String(ch) }
            switch ch {
            case "à", "â", "ä", "á": return "a"
            case "é", "è", "ê", "ë": return "e"
            case "î", "ï", "í": return "i"
            case "ô", "ö", "ó": return "o"
            case "ù", "û", "ü", "ú": return "u"
            case "ç": return "c"
            case "œ": return "oe"
            case "æ": return "ae"
            case "ÿ": return "y"
            default: return String(ch)
            }
        }

        private static func isNumber(_ token: String) -> Bool { token.first?.isNumber == true }

        func containsAny(_ phrases: [[String]]) -> Bool {
            phrases.contains { phrase in
                guard phrase.count <= tokens.count, present.contains(phrase[0]) else { return false }
                if phrase.count == 1 { return true }
                return (0...(tokens.count - phrase.count)).contains { start in
                    phrase.indices.allSatisfy { tokens[start + $0] == phrase[$0] }
                }
            }
        }

        /// "promo"/"promos" as a word, but not a school year ("la promo 2027").
        var hasPromoWord: Bool {
            tokens.indices.contains { i in
                (tokens[i] == "promo" || tokens[i] == "promos")
                    && !(i + 1 < tokens.count && tokens[i + 1].count == 4 && Self.isNumber(tokens[i + 1]))
            }
        }

        /// An amount of money: "599 €", "699 euros", "663EUR", "1 099,99 EUR".
        var hasPrice: Bool { tokens.indices.contains(where: isPrice(at:)) }

        private func isPrice(at i: Int) -> Bool {
            guard Self.isNumber(tokens[i]), i + 1 < tokens.count else { return false }
            return ["€", "eur", "euro", "euros"].contains(tokens[i + 1])
                || (i + 2 < tokens.count && Self.isNumber(tokens[i + 1]) && ["€", "eur", "euros"].contains(tokens[i + 2]))
        }

        /// "au lieu de 149 euros", "pour moins de 350 euros": a price right after these words.
        func hasPriceAfter(_ words: [String]) -> Bool {
            guard words.count < tokens.count else { return false }
            return (0..<(tokens.count - words.count)).contains { start in
                words.indices.allSatisfy { tokens[start + $0] == words[$0] } && Self.isNumber(tokens[start + words.count])
            }
        }

        /// "-40 %", "(-35%)", "jusqu'à -50%": a minus sign, a number, a percent sign.
        var hasDiscountPercent: Bool {
            guard tokens.count >= 3 else { return false }
            return (0..<(tokens.count - 2)).contains { i in
                tokens[i] == "-" && Self.isNumber(tokens[i + 1]) && tokens[i + 2] == "%"
            }
        }
    }
}
