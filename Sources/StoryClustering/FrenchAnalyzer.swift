import Foundation

/// Turns a French title or summary into indexing terms.
///
/// Order of operations, each step motivated by a failure of the naive tokenizer:
/// 1. NFKC, then typographic apostrophes → `'` (NFKC leaves U+2019 alone, so "l’IA" would keep
///    its article), dashes → `-`, and the non-breaking spaces of "200 000" → plain spaces.
/// 2. Tokens keep their internal joiners: "GPT-4.5" and "Covid-19" stay whole (splitting them lost
///    the one anchor that separates two OpenAI events), "97,4" is one number.
/// 3. Elisions (l' d' qu' j' n' s' c' m' t' jusqu' lorsqu' puisqu' quoiqu') are dropped, so
///    "d'OpenAI" is the name "OpenAI"; "aujourd'hui" stays whole.
/// 4. Numbers absorb their grouping, magnitude and unit: "200 000", "97,4 milliards de dollars",
///    "97,4 Md$" → one amount each.
/// 5. Names and acronyms (internal or non-initial capitals) are kept unstemmed — Snowball turns
///    "OpenAI" into "open" and "Google" into "googl"; other words are stemmed, then accent-folded
///    (stemming first: Snowball's suffixes contain é/è; folding after makes "Etats" = "États").
///
/// Not thread-safe (it owns a Snowball stemmer and caches): one analyzer per clusterer.
public final class FrenchAnalyzer {
    private let stemmer: FrenchStemmer
    private var wordCache: [String: String] = [:]   // lowercase word → folded stem, cut to `stemLength`
    /// Everything about a token's spelling that does not depend on its position, computed once per
    /// distinct spelling: Unicode property look-ups and Foundation string searches were the
    /// analyzer's main cost (news vocabulary is Zipfian, so the hit rate is high).
    private struct Spelling {
        var folded: String          // lowercased, accent-folded
        var tooShortOrStop: Bool
        var nameShape: Bool         // internal capital or a dot: OpenAI, iPhone, CNIL, Node.js
        var firstUpper: Bool
        var allCaps: Bool           // at least two letters, none lowercase
        var hasHyphen: Bool
    }
    private var spellingCache: [String: Spelling] = [:]

    private func spelling(_ text: String) -> Spelling {
        if let s = spellingCache[text] { return s }
        let folded = Self.fold(text.lowercased())
        var letters = 0, lower = false, internalCapital = false, first = true, firstUpper = false
        for u in text.unicodeScalars {
            let upper: Bool, isLower: Bool, alpha: Bool
            if u.value < 128 {
                upper = u.value >= 65 && u.value <= 90
                isLower = u.value >= 97 && u.value <= 122
                alpha = upper || isLower
            } else {
                let p = u.properties
                upper = p.isUppercase; isLower = p.isLowercase; alpha = p.isAlphabetic
            }
            if first { firstUpper = upper; first = false } else if upper { internalCapital = true }
            if alpha { letters += 1; if isLower { lower = true } }
        }
        let bytes = text.utf8
        let s = Spelling(folded: folded,
                         tooShortOrStop: folded.unicodeScalars.count < 2 || FrenchStopWords.contains(folded),
                         nameShape: internalCapital || bytes.contains(46),
                         firstUpper: firstUpper, allCaps: !lower && letters >= 2, hasHyphen: bytes.contains(45))
        if spellingCache.count > 300_000 { spellingCache.removeAll(keepingCapacity: true) }
        spellingCache[text] = s
        return s
    }

    public init(stemmer: FrenchStemmer = FrenchStemmer()) {
        self.stemmer = stemmer
    }

    /// The terms of `text`, in order (repeats kept: the caller counts term frequencies).
    /// `isKnownName` tells whether a capitalised sentence-initial word ("Betancourt: …") was seen
    /// as a name elsewhere; without it such words are treated as ordinary words.
    public func terms(_ text: String, isKnownName: (String) -> Bool = { _ in false }) -> [Term] {
        let tokens = Self.tokenize(Self.normalize(text))
        return classify(tokens, isKnownName: isKnownName)
    }

    /// The terms and the plain folded words (for near-copy fingerprints) from one tokenisation.
    func termsAndWords(_ text: String, isKnownName: (String) -> Bool) -> (terms: [Term], words: [String]) {
        let tokens = Self.tokenize(Self.normalize(text))
        return (classify(tokens, isKnownName: isKnownName), tokens.compactMap { $0.isSymbol ? nil : Self.fold($0.text.lowercased()) })
    }

    /// Folded words of `text` without stemming or stop-word removal, for near-copy fingerprints.
    public static func plainWords(_ text: String) -> [String] {
        tokenize(normalize(text)).compactMap { $0.isSymbol ? nil : fold($0.text.lowercased()) }
    }

    // MARK: - Normalisation

    static func normalize(_ text: String) -> String {
        // Most titles need no change at all: scan once, copy only when a scalar must be mapped.
        var clean = true
        for s in text.unicodeScalars where s.value == 0x60 || s.value >= 0xA0 {
            if s.value < 0x100, s.value != 0x60, s.value != 0xA0, s.value != 0xAB, s.value != 0xB4, s.value != 0xBB,
               !latin1Compatibility.contains(s.value) { continue }
            clean = false
            break
        }
        if clean { return text }
        var out = String.UnicodeScalarView()
        // NFKC is costly through Foundation; precomposed French text (the usual case) is already
        // NFKC once the characters mapped below are handled, so only other texts pay for it.
        let source = needsCompatibilityMapping(text) ? text.precomposedStringWithCompatibilityMapping : text
        for s in source.unicodeScalars {
            switch s.value {
            case 0x2019, 0x2018, 0x02BC, 0x00B4, 0x2032, 0x0060, 0x02B9: out.append("'")
            case 0x2010, 0x2011: out.append("-")                       // hyphens inside words
            case 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: out.append("—") // dashes between phrases
            case 0x00A0, 0x202F, 0x2007, 0x2009, 0x200A: out.append(" ")
            case 0x00AB, 0x00BB, 0x201C, 0x201D, 0x201E: out.append("\"")
            default: out.append(s)
            }
        }
        return String(out)
    }

    private static let latin1Compatibility: Set<UInt32> = [0xA8, 0xAA, 0xAF, 0xB2, 0xB3, 0xB4, 0xB5, 0xB8, 0xB9, 0xBA, 0xBC, 0xBD, 0xBE]
    private static let handled: Set<UInt32> = [0x152, 0x153, 0x178, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2018,
                                               0x2019, 0x201C, 0x201D, 0x201E, 0x20AC, 0x2212, 0x202F, 0x2007, 0x2009, 0x200A,
                                               0x2032, 0x2022, 0x02BC, 0x02B9]

    static func needsCompatibilityMapping(_ text: String) -> Bool {
        for s in text.unicodeScalars where s.value >= 0xA8 {
            if s.value < 0x100 { if latin1Compatibility.contains(s.value) { return true } else { continue } }
            if !handled.contains(s.value) { return true }
        }
        return false
    }

    /// Accent-free forms of the Latin-1 letters (French and its neighbours), by table: Foundation's
    /// decomposition was the analyzer's main cost.
    private static let latin1Fold: [Character: String] = {
        var m: [Character: String] = [:]
        for (bases, target) in [("àáâãäå", "a"), ("èéêë", "e"), ("ìíîï", "i"), ("òóôõöø", "o"), ("ùúûü", "u"),
                                ("ç", "c"), ("ñ", "n"), ("ýÿ", "y")] {
            for c in bases { m[c] = target }
        }
        m["œ"] = "oe"; m["æ"] = "ae"; m["ß"] = "ss"
        return m
    }()

    /// Lowercase, strip accents, expand ligatures.
    static func fold(_ lower: String) -> String {
        var ascii = true
        for u in lower.utf8 where u >= 0x80 { ascii = false; break }
        if ascii { return lower }
        var fast = ""
        var simple = true
        for c in lower {
            if c.isASCII { fast.append(c) } else if let f = latin1Fold[c] { fast += f } else { simple = false; break }
        }
        if simple { return fast }
        var out = String.UnicodeScalarView()
        for s in lower.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch s.value {
            case 0x0300...0x036F: continue
            case 0x0153: out.append("o"); out.append("e")
            case 0x00E6: out.append("a"); out.append("e")
            case 0x00DF: out.append("s"); out.append("s")
            default: out.append(s)
            }
        }
        return String(out)
    }

    // MARK: - Tokens

    struct Token {
        var text: String
        var sentenceInitial: Bool
        /// Exactly one space separates this token from the previous one (for "200 000").
        var afterSingleSpace: Bool
        var isSymbol = false
        var hasDigit = false
        var hasLetter = false
    }

    private static let elisions: Set<String> = ["l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]

    @inline(__always) private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    @inline(__always) private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 128 { return (s.value | 0x20) >= 97 && (s.value | 0x20) <= 122 }
        return s.properties.isAlphabetic
    }
    @inline(__always) private static func isAlnum(_ s: Unicode.Scalar) -> Bool { isDigit(s) || isLetter(s) }

    static func tokenize(_ text: String) -> [Token] {
        let sc = Array(text.unicodeScalars)
        let n = sc.count
        var tokens: [Token] = []
        var i = 0
        var sentenceStart = true
        var spaces = 0
        while i < n {
            let c = sc[i]
            if isAlnum(c) {
                var buf = String.UnicodeScalarView()
                var hasDigit = false, hasLetter = false
                var j = i
                while j < n {
                    let cj = sc[j]
                    if isDigit(cj) { buf.append(cj); hasDigit = true; j += 1; continue }
                    if isLetter(cj) { buf.append(cj); hasLetter = true; j += 1; continue }
                    guard j + 1 < n, j > i else { break }
                    let prev = sc[j - 1], next = sc[j + 1]
                    if cj == "-" && isAlnum(prev) && isAlnum(next) { buf.append(cj); j += 1; continue }
                    if (cj == "," || cj == ".") && isDigit(prev) && isDigit(next) { buf.append(cj); j += 1; continue }
                    if cj == "." && isLetter(prev) && isLetter(next) && !buf.contains("-") {
                        // "cozycozy.com", "Node.js": a sentence end is always followed by a space.
                        buf.append(cj); j += 1; continue
                    }
                    if cj == "'" && isLetter(prev) && isLetter(next) {
                        let prefix = String(buf).lowercased()
                        if elisions.contains(prefix) {
                            buf = String.UnicodeScalarView(); hasDigit = false; hasLetter = false
                            j += 1; continue
                        }
                        buf.append(cj); j += 1; continue   // aujourd'hui, presqu'île
                    }
                    break
                }
                if !buf.isEmpty {
                    tokens.append(Token(text: String(buf), sentenceInitial: sentenceStart, afterSingleSpace: spaces == 1,
                                        hasDigit: hasDigit, hasLetter: hasLetter))
                }
                sentenceStart = false
                spaces = 0
                i = j
                continue
            }
            switch c {
            case " ", "\t":
                spaces += 1
            case "$", "€", "£", "%":
                tokens.append(Token(text: String(c), sentenceInitial: false, afterSingleSpace: spaces <= 1, isSymbol: true))
                spaces = 0
            case ".", "!", "?", ":", "\"", "(", "[", "|", "—", "\n", "\r", "•", ";":
                sentenceStart = true
                spaces = 2
            case "-":
                // A hyphen standing alone (" - ") separates a headline from its source or a kicker.
                if spaces > 0 { sentenceStart = true }
                spaces = 2
            default:
                spaces = 2
            }
            i += 1
        }
        return tokens
    }

    // MARK: - Classification

    private static let magnitudes: [String: Double] = [
        "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9, "mdr": 1e9,
        "million": 1e6, "millions": 1e6, "mn": 1e6, "mio": 1e6, "millier": 1e3, "milliers": 1e3,
        "mille": 1e3, "billion": 1e12, "billions": 1e12,
    ]
    /// Magnitudes that are only read as such before a currency ("10 M€"), not alone ("4K", "M4").
    private static let shortMagnitudes: [String: Double] = ["m": 1e6, "k": 1e3, "b": 1e9, "bn": 1e9]
    private static let currencies: Set<String> = ["$", "€", "£", "euro", "euros", "dollar", "dollars", "livres", "usd", "eur", "francs"]
    private static let ordinalSuffixes = ["er", "re", "e", "eme", "ème", "nd", "nde", "nds", "es", "emes", "èmes"]

    private func classify(_ tokens: [Token], isKnownName: (String) -> Bool) -> [Term] {
        var terms: [Term] = []
        terms.reserveCapacity(tokens.count)
        // Shouted runs ("POUR MÉMOIRE", "EN DIRECT : …") are not acronyms: 3+ all-caps words in a row.
        var shouted = [Bool](repeating: false, count: tokens.count)
        var runStart = 0
        for k in 0...tokens.count {
            let caps = k < tokens.count && tokens[k].hasLetter && !tokens[k].hasDigit && spelling(tokens[k].text).allCaps
            if !caps {
                if k - runStart >= 3 { for m in runStart..<k { shouted[m] = true } }
                runStart = k + 1
            }
        }
        // Capitalised words seen away from a sentence start in this very text are names there too.
        var localNames = Set<String>()
        for t in tokens where !t.sentenceInitial && t.hasLetter && !t.hasDigit {
            let sp = spelling(t.text)
            if sp.firstUpper { localNames.insert(sp.folded) }
        }

        var k = 0
        while k < tokens.count {
            let t = tokens[k]
            if t.isSymbol { k += 1; continue }
            if t.hasDigit && !t.hasLetter {
                k = number(tokens, at: k, into: &terms)
                continue
            }
            if t.hasDigit {
                // "97,4Md", "10M" before a currency: a number glued to its magnitude.
                if let split = Self.splitGluedAmount(t.text), k + 0 < tokens.count {
                    let nextIsCurrency = k + 1 < tokens.count && Self.currencies.contains(tokens[k + 1].text.lowercased())
                    if let mag = Self.magnitudes[split.suffix] ?? (nextIsCurrency ? Self.shortMagnitudes[split.suffix] : nil) {
                        var end = k + 1
                        var display = t.text
                        if end < tokens.count, Self.currencies.contains(tokens[end].text.lowercased()) {
                            display += tokens[end].isSymbol ? tokens[end].text : " " + tokens[end].text
                            end += 1
                        }
                        terms.append(Self.amountTerm(split.value * mag, percent: false, display: display))
                        k = end
                        continue
                    }
                }
                let lower = t.text.lowercased()
                if let ordinal = Self.ordinal(lower) {
                    terms.append(Term(key: "#\(ordinal)e", kind: .number, display: t.text, value: Double(ordinal)))
                } else {
                    terms.append(Term(key: Self.fold(lower), kind: .code, display: t.text))
                }
                k += 1
                continue
            }
            // Alphabetic.
            let sp = spelling(t.text)
            if k + 1 < tokens.count, let n = FrenchEquivalents.numberWords[sp.folded],
               Self.magnitudes[tokens[k + 1].text.lowercased()] != nil {
                // "un milliard d'euros" is "1 milliard d'euros".
                k = number(tokens, at: k, digits: String(Int(n)), into: &terms)
                continue
            }
            if sp.hasHyphen {
                let parts = t.text.split(separator: "-").map(String.init)
                let capitalised = parts.allSatisfy { $0.unicodeScalars.first?.properties.isUppercase ?? false }
                if !capitalised, parts.count == 2, FrenchEquivalents.boundPrefixes.contains(Self.fold(parts[0].lowercased())) {
                    // "cyber-attaque" is "cyberattaque".
                    let solid = Token(text: parts[0] + parts[1], sentenceInitial: t.sentenceInitial, afterSingleSpace: false, hasLetter: true)
                    if let term = word(solid, shouted: shouted[k], localNames: localNames, isKnownName: isKnownName) { terms.append(term) }
                    k += 1
                    continue
                }
                if capitalised && !shouted[k] {
                    // "États-Unis", "Saint-Denis", "Jean-Luc": one name.
                    terms.append(Term(key: Self.fold(t.text.lowercased()), kind: .name, display: t.text))
                } else {
                    for (p, part) in parts.enumerated() {
                        let sub = Token(text: part, sentenceInitial: t.sentenceInitial && p == 0, afterSingleSpace: false, hasLetter: true)
                        if let term = word(sub, shouted: shouted[k], localNames: localNames, isKnownName: isKnownName) { terms.append(term) }
                    }
                }
                k += 1
                continue
            }
            if let term = word(t, shouted: shouted[k], localNames: localNames, isKnownName: isKnownName) { terms.append(term) }
            k += 1
        }
        return terms
    }

    private func word(_ t: Token, shouted: Bool, localNames: Set<String>, isKnownName: (String) -> Bool) -> Term? {
        let sp = spelling(t.text)
        let folded = sp.folded
        if sp.tooShortOrStop { return nil }
        if !shouted {
            if sp.nameShape {
                return Term(key: folded, kind: .name, display: t.text)        // OpenAI, iPhone, CNIL, IA
            }
            if sp.firstUpper {
                if !t.sentenceInitial || localNames.contains(folded) || isKnownName(folded) {
                    return Term(key: folded, kind: .name, display: t.text)
                }
            }
        }
        let lower = t.text.lowercased()
        let key: String
        if let cached = wordCache[lower] {
            key = cached
        } else {
            key = Self.truncated(Self.fold(stemmer.stem(lower)))
            if wordCache.count > 200_000 { wordCache.removeAll(keepingCapacity: true) }
            wordCache[lower] = key
        }
        if key.unicodeScalars.count < 2 { return nil }
        return Term(key: key, kind: .word, display: t.text)
    }

    /// Stems keep at most this many letters. Snowball stems a noun and its verb apart ("démission" →
    /// "demiss", "démissionne" → "demission", so "Mallat démission" missed "Hascoët démissionne");
    /// cutting every stem to six letters joins such families, as prefix truncation does for French
    /// retrieval, at the cost of rare collisions (porte and port were one stem already). Measured by thread cross-validation on tech-threads-fr, mean of six fold splits
    /// (scripts/pair-model/cv-splits.sh): threads B-cubed 0.908 → 0.918, events unchanged.
    static let stemLength = 6

    static func truncated(_ stem: String) -> String {
        stem.unicodeScalars.count > stemLength ? String(String.UnicodeScalarView(stem.unicodeScalars.prefix(stemLength))) : stem
    }

    /// Reads a number starting at `k` (with its grouping, magnitude and unit); returns the next index.
    /// `digits` stands for the first token's text when it is a number word ("un" → "1").
    private func number(_ tokens: [Token], at start: Int, digits spelled: String? = nil, into terms: inout [Term]) -> Int {
        var k = start
        var digits = spelled ?? tokens[k].text
        var display = digits
        // "200 000", "1 200 000": groups of three digits after one (non-breaking) space.
        if digits.count <= 3, digits.allSatisfy(\.isASCII), !digits.utf8.contains(44) && !digits.utf8.contains(46) {
            while k + 1 < tokens.count, tokens[k + 1].afterSingleSpace, !tokens[k + 1].isSymbol,
                  tokens[k + 1].text.count == 3, tokens[k + 1].text.allSatisfy({ $0.isNumber }) {
                digits += tokens[k + 1].text
                display += " " + tokens[k + 1].text
                k += 1
            }
        }
        k += 1
        guard var value = Self.parseNumber(digits) else { return k }
        var amount = false, percent = false
        if k < tokens.count, let mag = Self.magnitudes[tokens[k].text.lowercased()] ?? Self.shortMagnitude(tokens, k) {
            value *= mag
            amount = true
            display += " " + tokens[k].text
            k += 1
            if k + 1 < tokens.count, tokens[k].text.lowercased() == "de", Self.currencies.contains(tokens[k + 1].text.lowercased()) {
                display += " de"
                k += 1
            }
        }
        if k < tokens.count {
            let u = tokens[k].text.lowercased()
            if Self.currencies.contains(u) {
                amount = true
                display += tokens[k].isSymbol ? tokens[k].text : " " + tokens[k].text
                k += 1
            } else if u == "%" {
                percent = true
                display += "%"
                k += 1
            }
        }
        if amount || percent {
            terms.append(Self.amountTerm(value, percent: percent, display: display))
        } else if digits.count == 4, let year = Int(digits), (1900...2099).contains(year) {
            terms.append(Term(key: "#\(year)", kind: .year, display: display, value: value))
        } else {
            terms.append(Term(key: "#" + Self.format(value), kind: .number, display: display, value: value))
        }
        return k
    }

    private static func shortMagnitude(_ tokens: [Token], _ k: Int) -> Double? {
        guard let m = shortMagnitudes[tokens[k].text.lowercased()], k + 1 < tokens.count,
              currencies.contains(tokens[k + 1].text.lowercased()) else { return nil }
        return m
    }

    static func amountTerm(_ value: Double, percent: Bool, display: String) -> Term {
        Term(key: "#" + format(value) + (percent ? "%" : ""), kind: .amount, display: display, value: value)
    }

    /// French numbers: "97,4" (decimal comma), "10.000" (dotted thousands), "4.5".
    static func parseNumber(_ s: String) -> Double? {
        if s.utf8.contains(46) {   // "." (utf8: Foundation's String.contains is slow)
            let groups = s.split(separator: ".", omittingEmptySubsequences: false)
            if groups.count >= 2, groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }), !s.utf8.contains(44) {
                return Double(String(s.filter { $0 != "." }))
            }
        }
        return Double(String(s.map { $0 == "," ? "." : $0 }))
    }

    /// A stable textual form: integers without decimals, others with at most 4 significant digits.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let digits = max(0, 3 - Int(floor(log10(abs(v)))))
        let p = pow(10.0, Double(digits))
        let r = (v * p).rounded() / p
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        return String(r)
    }

    private static func splitGluedAmount(_ text: String) -> (value: Double, suffix: String)? {
        let lower = text.lowercased()
        guard let idx = lower.firstIndex(where: { $0.isLetter }), idx != lower.startIndex else { return nil }
        let numberPart = String(lower[..<idx]), suffix = String(lower[idx...])
        guard numberPart.allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }), let v = parseNumber(numberPart) else { return nil }
        return (v, suffix)
    }

    private static func ordinal(_ lower: String) -> Int? {
        guard let idx = lower.firstIndex(where: { !$0.isNumber }), idx != lower.startIndex,
              ordinalSuffixes.contains(String(lower[idx...])) else { return nil }
        return Int(lower[..<idx])
    }
}
