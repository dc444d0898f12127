import Foundation

/// What a headline (else its lead) says beyond its words: amounts, counts, product versions and
/// actions (see `ItemProfile`).
struct ItemFacts: Sendable {
    let amounts: [(value: Double, percent: Bool, display: String)]
    let numbers: [Double]
    let models: [(base: String, version: String, display: String)]
    let actions: UInt32
    let actionWords: [String]

    init(title: [Term], lead: [Term], lexicon: ActionLexicon) {
        var amounts: [(Double, Bool, String)] = []
        var numbers: [Double] = []
        var models: [(String, String, String)] = []
        var actions: UInt32 = 0
        var actionWords: [(word: String, classes: UInt32)] = []
        for terms in [title, lead] {
            var sequence: [UInt32] = []
            // The headline says what happened; the lead only when the headline has no action word
            // (leads recall the earlier steps: "…l'offre que le trio avait déposée mardi").
            defer { if actions == 0 { actions = lexicon.fieldActions(sequence) } }
            for (k, t) in terms.enumerated() {
                switch t.kind {
                case .amount: if let v = t.value { amounts.append((v, t.key.hasSuffix("%"), t.display)) }
                case .number: if let v = t.value, v >= 10 { numbers.append(v) }
                case .word:
                    let a = lexicon.classes(of: t, before: k + 1 < terms.count ? terms[k + 1] : nil)
                    if a != 0 { sequence.append(a); actionWords.append((t.display, a)) }
                case .code:
                    if let m = Self.splitModel(t.key) { models.append((m.base, m.version, t.display)) }
                default: break
                }
                // "Gemma 3", "iPhone 15", "Galaxy S24": a name followed by a short number or code.
                if t.kind == .name, k + 1 < terms.count, terms[k + 1].kind == .number || terms[k + 1].kind == .code,
                   terms[k + 1].key.unicodeScalars.count <= 6 {
                    models.append((t.key, terms[k + 1].key, t.display + " " + terms[k + 1].display))
                }
            }
        }
        // The first version named of each product line is the item's subject ("Orla 3, trois jours
        // après Orla 2" is about Orla 3).
        var seenBases = Set<String>()
        self.amounts = amounts
        self.numbers = numbers
        self.models = models.filter { seenBases.insert($0.0).inserted }
        self.actions = actions
        self.actionWords = actionWords.filter { $0.classes & actions != 0 }.prefix(4).map(\.word)
    }

    /// "gpt-4" → ("gpt", "4"), "m4" → ("m", "4"), "s24" → ("s", "24"): letters then a version.
    static func splitModel(_ key: String) -> (base: String, version: String)? {
        let s = Array(key.unicodeScalars)
        var i = 0
        while i < s.count, s[i].properties.isAlphabetic, s[i].isASCII { i += 1 }
        guard i > 0 else { return nil }
        var j = i
        if j < s.count, s[j] == "-" { j += 1 }
        guard j < s.count, s[j].value >= 48, s[j].value <= 57 else { return nil }
        for k in j..<s.count where !(s[k].properties.isAlphabetic || (s[k].value >= 48 && s[k].value <= 57) || s[k] == "." || s[k] == "_") {
            return nil
        }
        var base = String.UnicodeScalarView(), version = String.UnicodeScalarView()
        base.append(contentsOf: s[0..<i]); version.append(contentsOf: s[j...])
        return (String(base), String(version))
    }
}
