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
        var score = 0
        if t.containsAny(strongPhrases) || t.hasPromoWord || t.hasPriceAfter(["au", "lieu", "de"]) { score += 3 }
        if t.containsAny(saleEvents) { score += 2 }
        if t.hasDiscountPercent { score += 2 }
        if t.containsAny(priceDrops) { score += 2 }
        if t.containsAny(offerWords) || t.hasPriceAfter(["moins", "de"]) { score += 1 }
        if t.hasPrice { score += 1 }
        if t.containsAny(retailers) { score += 1 }
        if t.containsAny(hardNegatives) { score -= 3 }
        if t.containsAny(newsNegatives) { score -= 2 }
        // The publisher's own disclosure: worth a lot, but reviews carry it too. Summaries are long:
        // read one only when it can change the verdict.
        if score < threshold && score + 2 >= threshold && Words(summary).containsAny(affiliateDisclosures) { score += 2 }
        return score
    }

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
        private(set) var tokens: [String] = []
        /// The tokens as a set: most phrases are ruled out by their first word in O(1).
        private var present: Set<String> = []

        init(_ text: String) {
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
            present = Set(tokens)
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
