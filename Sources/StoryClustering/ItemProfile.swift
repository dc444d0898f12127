import Foundation

/// An item as the pair model sees it: separate channels instead of one bag of words
/// (Kumaran & Allan 2005; Miranda et al. 2018), because each says something different:
/// names say *who*, model identifiers and amounts *which one*, actions *what happened*.
final class ItemProfile {
    let time: Double
    /// Every term id (sorted), for candidate look-ups.
    let keys: [Int32]
    /// TF-IDF of title + lead, and of the title alone (unit length).
    let all: SparseVector
    let title: SparseVector
    /// Names and codes with their IDF (sorted by id), and the IDF total.
    let names: SparseVector
    let nameMass: Double
    /// The other words (stems), unit length.
    let words: SparseVector
    let wordMass: Double
    /// Amounts (value, is a percentage) and their text, bare counts ≥ 10.
    let amounts: [(value: Double, percent: Bool, display: String)]
    let numbers: [Double]
    /// Product-line identifiers: base name id → version ("gemma" → "3", "iphone" → "15"), as written.
    let models: [(base: String, version: String, display: String)]
    /// Action classes (bit set) and the words that carried them, as written.
    let actions: UInt32
    let actionWords: [String]
    let hasLead: Bool
    /// The four weighted channels side by side, per id of `keys`: (title + lead, title, words, name
    /// IDF), so that one merge of two items' ids measures every overlap at once (`PairEvidence`).
    let channels: [SIMD4<Float>]

    init(time: Double, keys: [Int32], all: SparseVector, title: SparseVector, names: SparseVector, words: SparseVector,
         amounts: [(value: Double, percent: Bool, display: String)], numbers: [Double],
         models: [(base: String, version: String, display: String)], actions: UInt32, actionWords: [String], hasLead: Bool) {
        self.time = time
        self.keys = keys
        self.all = all
        self.title = title
        self.names = names
        var m = 0.0
        for w in names.weights { m += Double(w) }
        nameMass = m
        self.words = words
        var wm = 0.0
        for w in words.weights { wm += Double(w) }
        wordMass = wm
        self.amounts = amounts
        self.numbers = numbers
        self.models = models
        self.actions = actions
        self.actionWords = actionWords
        self.hasLead = hasLead
        func weights(_ v: SparseVector) -> [Float] {
            var out = [Float](repeating: 0, count: keys.count), j = 0
            for (k, id) in keys.enumerated() where j < v.ids.count && v.ids[j] == id { out[k] = v.weights[j]; j += 1 }
            return out
        }
        let (a, t, w, n) = (weights(all), weights(title), weights(words), weights(names))
        channels = keys.indices.map { SIMD4(a[$0], t[$0], w[$0], n[$0]) }
    }
}

/// Builds `ItemProfile`s: analysis (FrenchAnalyzer), interning and IDF (TermWindow), channels.
struct ItemProfiler {
    let configuration: ClusteringConfiguration
    let analyzer: FrenchAnalyzer
    let lexicon: ActionLexicon

    init(configuration: ClusteringConfiguration) {
        self.configuration = configuration
        analyzer = FrenchAnalyzer()
        lexicon = ActionLexicon(analyzer: analyzer)
    }

    /// Title (without a trailing " - Outlet") and the lead: the first `summaryLimit` characters.
    func fields(_ item: ClusterItem) -> (title: String, lead: String) {
        (Headline.strippingOutletSuffix(item.title), String((item.summary ?? "").prefix(configuration.summaryLimit)))
    }

    /// Terms of both fields plus the plain words (for near-copy fingerprints).
    func terms(_ item: ClusterItem, knownNames: Set<String>) -> (title: [Term], lead: [Term], words: [String]) {
        terms(item, isKnownName: knownNames.contains)
    }

    func terms(_ item: ClusterItem, isKnownName: (String) -> Bool) -> (title: [Term], lead: [Term], words: [String]) {
        let f = fields(item)
        let t = analyzer.termsAndWords(f.title, isKnownName: isKnownName)
        let l = analyzer.termsAndWords(f.lead, isKnownName: isKnownName)
        return (t.terms, l.terms, t.words + l.words)
    }

    /// The item's profile; its terms are added to the window first (document frequencies include it).
    func profile(title: [Term], lead: [Term], time: Double, window: inout TermWindow) -> ItemProfile {
        let c = configuration
        var mass: [Int32: (all: Double, title: Double, kind: Term.Kind)] = [:]
        for (terms, fieldWeight, isTitle) in [(title, c.titleWeight, true), (lead, c.summaryWeight, false)] {
            for term in terms {
                let id = window.intern(term)
                if term.kind == .name { window.noteName(term.key) }
                var e = mass[id] ?? (0, 0, term.kind)
                e.all += fieldWeight
                if isTitle { e.title += fieldWeight }
                // A term written once as a name and once as a word keeps its strongest reading.
                if c.weight(of: term.kind) > c.weight(of: e.kind) { e.kind = term.kind }
                mass[id] = e
            }
        }
        let keys = mass.keys.sorted()
        window.add(keys, time: time)
        func tf(_ m: Double) -> Double { m > 1 ? 1 + log(m) : m }
        var all = SparseVector(), tvec = SparseVector(), names = SparseVector(), words = SparseVector()
        for id in keys {
            let e = mass[id]!
            let idf = window.idf(id)
            let w = tf(e.all) * idf * c.weight(of: e.kind)
            all.ids.append(id); all.weights.append(Float(w))
            if e.title > 0 { tvec.ids.append(id); tvec.weights.append(Float(tf(e.title) * idf * c.weight(of: e.kind))) }
            switch e.kind {
            case .name, .code: names.ids.append(id); names.weights.append(Float(idf))
            case .word: words.ids.append(id); words.weights.append(Float(w))
            default: break
            }
        }
        let allUnit = all.normalized()
        // The word channel keeps the words' share of the full vector's weighting, renormalised.
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
                    let a = lexicon.classes(ofStem: t.key)
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
        models = models.filter { seenBases.insert($0.0).inserted }
        return ItemProfile(time: time, keys: keys, all: allUnit, title: tvec.normalized(), names: names,
                           words: words.normalized(), amounts: amounts, numbers: numbers, models: models, actions: actions,
                           actionWords: actionWords.filter { $0.classes & actions != 0 }.prefix(4).map(\.word), hasLead: !lead.isEmpty)
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
