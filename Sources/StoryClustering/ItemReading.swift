import Foundation

/// Everything about an item that does not depend on the clusterer's state (no IDF, no open events):
/// its distinct terms with their weights per field, what the headline says about versions, amounts
/// and actions, its canonical URL and its near-copy fingerprint. Computed once, off the clusterer's
/// thread when analysed ahead (`ItemAnalyser`): these were a sixth of the clusterer's own thread
/// on long streams, and none of them needs its state.
struct ItemReading: Sendable {
    /// One distinct term (by key), in order of first appearance (title, then lead): that order is
    /// the interning order, so term ids stay what reading the terms one by one gave them.
    struct Entry: Sendable {
        let key: String
        /// The first form seen, for explanations.
        let display: String
        /// The strongest reading of the term (a name once and a word once is a name).
        let kind: Term.Kind
        /// Field weights summed over its occurrences, in the whole text and in the title.
        let all: Double
        let title: Double
        /// How often it was read as a name (`ItemProfiler.profile` notes the name in the window).
        let nameOccurrences: Int
    }

    let entries: [Entry]
    let facts: ItemFacts
    let url: String?
    let guid: String?
    let fingerprint: UInt64?
    let hasLead: Bool

    init(_ item: ClusterItem, title: [Term], lead: [Term], words: [String], configuration c: ClusteringConfiguration,
         lexicon: ActionLexicon) {
        var index: [String: Int] = [:]
        var keys: [String] = [], displays: [String] = [], kinds: [Term.Kind] = []
        var all: [Double] = [], inTitle: [Double] = [], names: [Int] = []
        for (terms, fieldWeight, isTitle) in [(title, c.titleWeight, true), (lead, c.summaryWeight, false)] {
            for term in terms {
                let k: Int
                if let found = index[term.key] {
                    k = found
                } else {
                    k = keys.count
                    index[term.key] = k
                    keys.append(term.key); displays.append(term.display); kinds.append(term.kind)
                    all.append(0); inTitle.append(0); names.append(0)
                }
                if term.kind == .name { names[k] += 1 }
                all[k] += fieldWeight
                if isTitle { inTitle[k] += fieldWeight }
                if c.weight(of: term.kind) > c.weight(of: kinds[k]) { kinds[k] = term.kind }
            }
        }
        entries = keys.indices.map {
            Entry(key: keys[$0], display: displays[$0], kind: kinds[$0], all: all[$0], title: inTitle[$0], nameOccurrences: names[$0])
        }
        facts = ItemFacts(title: title, lead: lead, lexicon: lexicon)
        url = item.url.flatMap { $0.isEmpty ? nil : CanonicalURL.canonicalize($0) }
        guid = item.guid.flatMap { $0.isEmpty ? nil : $0 }
        fingerprint = SyndicationDetector.fingerprint(words: words, minWords: c.syndicationMinWords)
        hasLead = !lead.isEmpty
    }
}
