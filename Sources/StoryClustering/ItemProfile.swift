import Foundation

/// An item as the pair model sees it: separate channels instead of one bag of words
/// (Kumaran & Allan 2005; Miranda et al. 2018), because each says something different:
/// names say *who*, model identifiers and amounts *which one*, actions *what happened*.
final class ItemProfile {
    let time: Double
    /// Every term id (sorted), for candidate look-ups.
    let keys: [Int32]
    /// TF-IDF of title + lead (unit length). The title's own vector lives only in `channels`: kept
    /// whole, it was two more arrays for every article of the open window.
    let all: SparseVector
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

    /// `all` holds every id of `keys` (it shares their storage); `title` is aligned with `keys` (0 where
    /// the title lacks the id).
    init(time: Double, keys: [Int32], all: SparseVector, title: [Float], names: SparseVector, words: SparseVector,
         amounts: [(value: Double, percent: Bool, display: String)], numbers: [Double],
         models: [(base: String, version: String, display: String)], actions: UInt32, actionWords: [String], hasLead: Bool) {
        self.time = time
        self.keys = keys
        self.all = all
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
        assert(all.ids.count == keys.count && all.weights.count == keys.count && title.count == keys.count)
        // One pass over the keys with a cursor in the two channels that are subsets of `keys` (sorted by id).
        var channels = [SIMD4<Float>](repeating: SIMD4(), count: keys.count)
        var jw = 0, jn = 0
        for (k, id) in keys.enumerated() {
            channels[k].x = all.weights[k]
            channels[k].y = title[k]
            if jw < words.ids.count && words.ids[jw] == id { channels[k].z = words.weights[jw]; jw += 1 }
            if jn < names.ids.count && names.ids[jn] == id { channels[k].w = names.weights[jn]; jn += 1 }
        }
        self.channels = channels
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

    /// Everything about the item that needs no clusterer state (`ItemReading`).
    func reading(_ item: ClusterItem, knownNames: Set<String>) -> ItemReading {
        let t = terms(item, knownNames: knownNames)
        return reading(item, title: t.title, lead: t.lead, words: t.words)
    }

    func reading(_ item: ClusterItem, title: [Term], lead: [Term], words: [String]) -> ItemReading {
        ItemReading(item, title: title, lead: lead, words: words, configuration: configuration, lexicon: lexicon)
    }

    /// The item's profile; its terms are added to the window first (document frequencies include it).
    func profile(_ r: ItemReading, time: Double, window: inout TermWindow) -> ItemProfile {
        let c = configuration
        var entries: [(id: Int32, entry: Int)] = []
        entries.reserveCapacity(r.entries.count)
        for (k, e) in r.entries.enumerated() {
            entries.append((window.intern(key: e.key, display: e.display), k))
            // All occurrences at once: one string hashed on the clusterer's thread, not one per occurrence.
            window.noteName(e.key, occurrences: e.nameOccurrences)
        }
        entries.sort { $0.id < $1.id }
        let keys = entries.map(\.id)
        window.add(keys, time: time)
        func tf(_ m: Double) -> Double { m > 1 ? 1 + log(m) : m }
        // The full vector's ids are `keys` (one array, shared); the title's weights are aligned with them.
        var allWeights: [Float] = [], title = [Float](repeating: 0, count: entries.count)
        var names = SparseVector(), words = SparseVector()
        allWeights.reserveCapacity(entries.count)
        r.entries.withUnsafeBufferPointer { read in
            for (j, (id, k)) in entries.enumerated() {
                // Fields read in place: copying an entry retained and released its two strings.
                let kind = read[k].kind, weight = c.weight(of: kind)
                let idf = window.idf(id)
                let w = tf(read[k].all) * idf * weight
                allWeights.append(Float(w))
                if read[k].title > 0 { title[j] = Float(tf(read[k].title) * idf * weight) }
                switch kind {
                case .name, .code: names.ids.append(id); names.weights.append(Float(idf))
                case .word: words.ids.append(id); words.weights.append(Float(w))
                default: break
                }
            }
        }
        // The word channel keeps the words' share of the full vector's weighting, renormalised.
        let f = r.facts
        // Scaled before the vector takes it: scaling a shared array would copy it.
        SparseVector.normalize(&allWeights)
        let all = SparseVector(ids: keys, weights: allWeights)
        SparseVector.normalize(&title)
        words.normalize()
        return ItemProfile(time: time, keys: keys, all: all, title: title, names: names,
                           words: words, amounts: f.amounts, numbers: f.numbers, models: f.models,
                           actions: f.actions, actionWords: f.actionWords, hasLead: r.hasLead)
    }
}
