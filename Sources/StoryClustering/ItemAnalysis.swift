import Foundation

/// An item already analysed (its `ItemReading`: terms, facts, canonical URL, fingerprint), so that
/// the French analysis — a fifth of the clusterer's time — and everything else that needs no
/// clusterer state run on another core, ahead of the clustering itself (`veille cluster`, and the
/// daemon's story assignment).
public struct AnalysedItem: Sendable {
    public let item: ClusterItem
    let reading: ItemReading
    /// The capitalised sentence-initial words whose reading (name or word) depended on the names
    /// known at analysis time, with the answer used: `StoryClusterer.add` reads the item again when
    /// the names it knows by then answer any of them differently, so analysing ahead never changes
    /// an assignment.
    let nameQueries: [(word: String, known: Bool)]
}

/// Analyses items off the clusterer's thread with the names the clusterer knew when asked
/// (`StoryClusterer.knownNames`; set `knownNames` again between chunks to keep re-reads rare).
/// One analyser owns one Snowball stemmer: use it from one thread at a time (callers hand it one
/// chunk after another).
public final class ItemAnalyser: @unchecked Sendable {
    private let profiler: ItemProfiler
    public var knownNames: Set<String>

    public init(configuration: ClusteringConfiguration = .init(), knownNames: Set<String>) {
        profiler = ItemProfiler(configuration: configuration)
        self.knownNames = knownNames
    }

    public func analyse(_ item: ClusterItem) -> AnalysedItem {
        var queries: [(word: String, known: Bool)] = []
        let names = knownNames
        let t = profiler.terms(item) { word in
            let known = names.contains(word)
            queries.append((word, known))
            return known
        }
        return AnalysedItem(item: item, reading: profiler.reading(item, title: t.title, lead: t.lead, words: t.words),
                            nameQueries: queries)
    }
}
