/// A sparse vector over term ids, sorted by id: TF-IDF vectors and their sums.
struct SparseVector: Sendable {
    var ids: [Int32] = []
    var weights: [Float] = []

    var norm: Double {
        var s = 0.0
        for w in weights { s += Double(w) * Double(w) }
        return s.squareRoot()
    }

    /// Merge-join dot product (both sorted by id).
    func dot(_ other: SparseVector) -> Double {
        // The clusterer's innermost loop: raw buffers, no bounds checks or reference counting.
        ids.withUnsafeBufferPointer { a in
            other.ids.withUnsafeBufferPointer { b in
                weights.withUnsafeBufferPointer { wa in
                    other.weights.withUnsafeBufferPointer { wb in
                        var i = 0, j = 0, s: Float = 0
                        let na = a.count, nb = b.count
                        while i < na && j < nb {
                            let x = a[i], y = b[j]
                            if x < y { i += 1 } else if x > y { j += 1 } else { s += wa[i] * wb[j]; i += 1; j += 1 }
                        }
                        return Double(s)
                    }
                }
            }
        }
    }

    /// `dot` with a vector scattered by id (`dense[id]`, zero where it has no term): every id of
    /// this vector must be an index of `dense`.
    func dot(scattered dense: UnsafeBufferPointer<Float>) -> Double {
        ids.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { wa in
                var s: Float = 0
                for i in 0..<a.count { s += dense[Int(a[i])] * wa[i] }
                return Double(s)
            }
        }
    }

    /// Scaled to unit length, in place (unchanged when zero; no second weights array per item).
    mutating func normalize() {
        Self.normalize(&weights)
    }

    /// Weights scaled to unit length (zeros count for nothing, as absent ids would).
    static func normalize(_ weights: inout [Float]) {
        var s = 0.0
        for w in weights { s += Double(w) * Double(w) }
        let n = s.squareRoot()
        guard n > 0 else { return }
        let inv = Float(1 / n)
        for k in weights.indices { weights[k] *= inv }
    }

    /// self + other (both sorted by id).
    func adding(_ other: SparseVector) -> SparseVector { combined(with: other) { $0 + $1 } }

    /// self with other's terms added; where both have a term, its weight is self's (`keepingOwn`) or other's.
    func merging(_ other: SparseVector, keepingOwn: Bool) -> SparseVector {
        if other.ids.isEmpty { return self }
        return keepingOwn ? combined(with: other) { mine, _ in mine } : combined(with: other) { _, theirs in theirs }
    }

    /// Every id of either (sorted); `both` gives the weight of an id in both.
    @inline(__always)
    private func combined(with other: SparseVector, _ both: (Float, Float) -> Float) -> SparseVector {
        var out = SparseVector()
        out.ids.reserveCapacity(ids.count + other.ids.count)
        out.weights.reserveCapacity(ids.count + other.ids.count)
        var i = 0, j = 0
        while i < ids.count || j < other.ids.count {
            if j == other.ids.count || (i < ids.count && ids[i] < other.ids[j]) {
                out.ids.append(ids[i]); out.weights.append(weights[i]); i += 1
            } else if i == ids.count || other.ids[j] < ids[i] {
                out.ids.append(other.ids[j]); out.weights.append(other.weights[j]); j += 1
            } else {
                out.ids.append(ids[i]); out.weights.append(both(weights[i], other.weights[j])); i += 1; j += 1
            }
        }
        return out
    }

    /// How many ids both have.
    func sharedCount(_ other: SparseVector) -> Int {
        var i = 0, j = 0, n = 0
        while i < ids.count && j < other.ids.count {
            if ids[i] < other.ids[j] { i += 1 } else if ids[i] > other.ids[j] { j += 1 } else { n += 1; i += 1; j += 1 }
        }
        return n
    }

    func contains(_ id: Int32) -> Bool { index(of: id) != nil }

    func index(of id: Int32) -> Int? {
        var lo = 0, hi = ids.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ids[mid] == id { return mid }
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The total weight of the terms whose id is not in `others` (sorted): one walk of both lists.
    func weight(absentFrom others: [Int32]) -> Double {
        var total = 0.0
        var j = 0
        for (k, id) in ids.enumerated() {
            while j < others.count && others[j] < id { j += 1 }
            if j == others.count || others[j] != id { total += Double(weights[k]) }
        }
        return total
    }

    /// The terms whose id is in `kept` (sorted).
    func restricted(to kept: [Int32]) -> SparseVector {
        var out = SparseVector()
        var j = 0
        for (i, id) in ids.enumerated() {
            while j < kept.count && kept[j] < id { j += 1 }
            if j < kept.count && kept[j] == id { out.ids.append(id); out.weights.append(weights[i]) }
        }
        return out
    }

    /// The union of two sorted id lists, sorted.
    static func union(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        var out: [Int32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) { out.append(a[i]); i += 1 }
            else if i == a.count || b[j] < a[i] { out.append(b[j]); j += 1 }
            else { out.append(a[i]); i += 1; j += 1 }
        }
        return out
    }

    /// The ids of `a` (sorted) that are in `b` (sorted).
    static func intersection(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var out: [Int32] = []
        var j = 0
        for id in a {
            while j < b.count && b[j] < id { j += 1 }
            if j < b.count && b[j] == id { out.append(id) }
        }
        return out
    }
}
