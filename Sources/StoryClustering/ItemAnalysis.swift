import Foundation

/// An item already analysed (terms of title and lead, plain words for near-copy fingerprints), so
/// that a batch can run the French analysis — a fifth of the clusterer's time — on another core,
/// ahead of the clustering itself (`veille cluster`). The daemon analyses in `add` as it goes.
public struct AnalysedItem: Sendable {
    public let item: ClusterItem
    let title: [Term]
    let lead: [Term]
    let words: [String]
}

/// Analyses items off the clusterer's thread with the names the clusterer knew when asked
/// (`StoryClusterer.knownNames`): after priming with the whole batch, those are the batch's names,
/// which is what `add` would use. One analyser owns one Snowball stemmer: use it from one thread at
/// a time (the batch hands it one chunk after another).
public final class ItemAnalyser: @unchecked Sendable {
    private let profiler: ItemProfiler
    private let knownNames: Set<String>

    public init(configuration: ClusteringConfiguration = .init(), knownNames: Set<String>) {
        profiler = ItemProfiler(configuration: configuration)
        self.knownNames = knownNames
    }

    public func analyse(_ item: ClusterItem) -> AnalysedItem {
        let t = profiler.terms(item, knownNames: knownNames)
        return AnalysedItem(item: item, title: t.title, lead: t.lead, words: t.words)
    }
}
