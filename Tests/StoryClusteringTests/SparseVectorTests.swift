import Testing
import TestSupport
@testable import StoryClustering

@Suite("Sparse vector")
struct SparseVectorTests {
    /// A profile's title weights are kept aligned with all its ids, 0 where the title lacks one
    /// (`ItemProfiler.profile`): scaled to unit length they must equal, bit for bit, the title's own
    /// sparse vector scaled, or the same headlines would be weighed differently.
    @Test func zerosForAbsentIDsChangeNoWeight() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            var sparse: [Float] = [], aligned: [Float] = []
            for _ in 0..<Int(1 + rng.next() % 40) {
                if rng.next() % 3 == 0 {
                    aligned.append(0)
                } else {
                    let w = Float(rng.next() % 10_000) / 997
                    sparse.append(w)
                    aligned.append(w)
                }
            }
            var v = SparseVector(ids: sparse.indices.map { Int32($0) }, weights: sparse)
            v.normalize()
            SparseVector.normalize(&aligned)
            #expect(aligned.filter { $0 != 0 } == v.weights.filter { $0 != 0 })
            #expect(v.weights.isEmpty || abs(v.norm - 1) < 1e-5 || v.norm == 0)
        }
    }
}
