import Testing
import TestSupport
@testable import StoryClustering

/// A long-running group keeps its heaviest terms only (`ClusterGroup.heaviest`): the kept set must not
/// depend on which of its two selection paths ran (a few terms over the bound, or two long groups merging).
@Suite("Cluster group")
struct ClusterGroupTests {
    @Test func theHeaviestTermsAreKeptWhateverTheExcess() {
        var rng = SplitMix64(seed: 7)
        func next() -> UInt64 { rng.next() }
        for size in [256, 257, 270, 288, 289, 300, 512, 520] {
            var v = SparseVector()
            var id: Int32 = 0
            for _ in 0..<size {
                id += Int32(1 + next() % 5)
                v.ids.append(id)
                // Few distinct weights: ties are decided by id (the lower id stays).
                v.weights.append(Float(next() % 40) / 8)
            }
            let expected = v.ids.indices.sorted { v.weights[$0] != v.weights[$1] ? v.weights[$0] > v.weights[$1] : v.ids[$0] < v.ids[$1] }
                .prefix(256).sorted()
            let kept = ClusterGroup.heaviest(v, 256)
            #expect(kept.ids == expected.map { v.ids[$0] }, "size \(size)")
            #expect(kept.weights == expected.map { v.weights[$0] }, "size \(size)")
        }
    }
}
