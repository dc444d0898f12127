import Foundation

/// An event or a thread while it is open: what the item-to-group features need, kept incrementally
/// (a sample of members, the union of their names, words and actions, and their centroid), so that
/// joining costs the same whatever the group's size.
final class ClusterGroup {
    let id: String
    /// Creation order: the older of two merging threads keeps its id.
    let serial: Int
    var first: Double
    var newest: Double
    var oldest: Double
    var count = 0
    var open = true
    /// The first member and the latest ones (at most `memberSample` in all).
    private(set) var sample: [ItemProfile] = []
    /// Union of members' names (id → IDF as the latest member to bring it had it; an absorbed group's
    /// weights give way to the survivor's), words and actions. Sorted by id, not hashed: the features
    /// walk them beside the item's sorted ids, and hashing every id was a visible share of clustering
    /// a long stream.
    private(set) var names = SparseVector()
    var words: [Int32] = []
    var actions: UInt32 = 0
    var centroid = SparseVector()
    private(set) var centroidNorm = 0.0
    var firstHasLead = false
    /// Events only: the thread they belong to (index into the threads). Threads: the events they hold
    /// (fragments absorbed by another event included: their `thread` is never read again).
    var thread = -1
    var events: [Int] = []
    /// Threads only: those of its events that may still be open (the fragment merge drops closed ones
    /// as it reads them: a long developing story's closed events would otherwise be read for every article).
    var recentEvents: [Int] = []
    /// Set when another group absorbed this one (a thread merge, or an event fragment merge).
    var mergedInto: Int?
    /// Threads only: the event with the newest article (ties: the earlier event), kept as events grow,
    /// so that a thread link names it without scanning a long story's events.
    var latestEvent = -1

    /// Subject words held by at least half of the sampled articles, sorted (the fragment merge's test
    /// of a shared subject); kept until the sample changes, since most groups are tested again and
    /// again without changing.
    var majorWords: [Int32] {
        if let cached = majorWordsCache { return cached }
        let major = sampleCounts(names: false).filter { 2 * $0.count >= sample.count }.map(\.id).sorted()
        majorWordsCache = major
        return major
    }
    private var majorWordsCache: [Int32]?

    /// Names held by more than half of the sampled articles, with the group's weight for each (zero if
    /// the bound dropped it), in order of first appearance in the sample; kept until the sample changes
    /// (every candidate's features read it, and counting them again was a fifth of those features' time).
    var coreNames: [(id: Int32, weight: Float)] {
        if let cached = coreNamesCache { return cached }
        let core = sampleCounts(names: true).filter { $0.count * 2 > sample.count }.map { c in
            (c.id, names.index(of: c.id).map { names.weights[$0] } ?? 0)
        }
        coreNamesCache = core
        return core
    }
    private var coreNamesCache: [(id: Int32, weight: Float)]?

    /// How many sampled articles hold each name (or word), in order of first appearance.
    /// (A sample holds a few dozen ids: a linear scan beats a dictionary here.)
    private func sampleCounts(names: Bool) -> [(id: Int32, count: Int)] {
        var counts: [(id: Int32, count: Int)] = []
        counts.reserveCapacity(32)
        for m in sample {
            for id in names ? m.names.ids : m.words.ids {
                if let k = counts.firstIndex(where: { $0.id == id }) { counts[k].count += 1 } else { counts.append((id, 1)) }
            }
        }
        return counts
    }

    init(id: String, serial: Int, time: Double) {
        self.id = id
        self.serial = serial
        first = time
        newest = time
        oldest = time
    }

    func add(_ p: ItemProfile, sampleSize: Int) {
        if count == 0 { firstHasLead = p.hasLead }
        count += 1
        newest = max(newest, p.time)
        oldest = min(oldest, p.time)
        if sample.count >= sampleSize { sample.remove(at: sampleSize > 1 ? 1 : 0) }
        sample.append(p)
        majorWordsCache = nil
        coreNamesCache = nil
        names = names.merging(p.names, keepingOwn: false)
        words = SparseVector.union(words, p.words.ids)
        actions |= p.actions
        centroid = centroid.adding(p.all)
        bound()
    }

    /// A group that keeps growing (a long developing story) keeps only its heaviest terms, so that
    /// adding an article costs the same on day 1 and day 40; names and words follow the centroid.
    static let maxTerms = 256

    private func bound() {
        if centroid.ids.count > Self.maxTerms {
            centroid = Self.heaviest(centroid, Self.maxTerms)
            if names.ids.count + words.count > 2 * Self.maxTerms {
                names = names.restricted(to: centroid.ids)
                words = SparseVector.intersection(words, centroid.ids)
            }
        }
        centroidNorm = centroid.norm
    }

    /// The `count` heaviest terms (ties: the lower id), in id order. A group past the bound drops
    /// only the few terms its latest member added: finding those few (the lightest under the same
    /// order) costs one pass, where sorting every term on each article was a visible share of
    /// clustering a long stream.
    static func heaviest(_ v: SparseVector, _ count: Int) -> SparseVector {
        let excess = v.ids.count - count
        guard excess > 0 else { return v }
        func lighter(_ a: (Float, Int32), _ b: (Float, Int32)) -> Bool { a.0 != b.0 ? a.0 < b.0 : a.1 > b.1 }
        var dropped = [Bool](repeating: false, count: v.ids.count)
        if excess > 32 {
            // Many terms over the bound (two long groups merging, or a long article joining a group
            // at the bound): one sort, where the running insertion below is quadratic in the excess.
            let order = v.ids.indices.sorted { lighter((v.weights[$0], v.ids[$0]), (v.weights[$1], v.ids[$1])) }
            for i in order.prefix(excess) { dropped[i] = true }
            return kept(v, dropped, count)
        }
        // `drop` holds the lightest terms seen so far, lightest first: (weight, id, index).
        var drop: [(w: Float, id: Int32, i: Int)] = []
        drop.reserveCapacity(excess + 1)
        for i in v.ids.indices {
            let t = (v.weights[i], v.ids[i])
            if drop.count == excess, !lighter(t, (drop[excess - 1].w, drop[excess - 1].id)) { continue }
            var at = drop.count
            while at > 0 && lighter(t, (drop[at - 1].w, drop[at - 1].id)) { at -= 1 }
            drop.insert((t.0, t.1, i), at: at)
            if drop.count > excess { drop.removeLast() }
        }
        for d in drop { dropped[d.i] = true }
        return kept(v, dropped, count)
    }

    private static func kept(_ v: SparseVector, _ dropped: [Bool], _ count: Int) -> SparseVector {
        var out = SparseVector()
        out.ids.reserveCapacity(count)
        out.weights.reserveCapacity(count)
        for i in v.ids.indices where !dropped[i] {
            out.ids.append(v.ids[i])
            out.weights.append(v.weights[i])
        }
        return out
    }

    /// Absorbs another group's members (a thread merge): unions, centroid, and a sample re-cut by time.
    func absorb(_ other: ClusterGroup, sampleSize: Int) {
        let merged = (sample + other.sample).sorted { $0.time < $1.time }
        sample = merged.count > sampleSize ? [merged[0]] + merged.suffix(sampleSize - 1) : merged
        majorWordsCache = nil
        coreNamesCache = nil
        count += other.count
        newest = max(newest, other.newest)
        oldest = min(oldest, other.oldest)
        first = min(first, other.first)
        names = names.merging(other.names, keepingOwn: true)
        words = SparseVector.union(words, other.words)
        actions |= other.actions
        centroid = centroid.adding(other.centroid)
        bound()
        events += other.events
        recentEvents += other.recentEvents
    }

    func close() {
        open = false
        sample = []
        majorWordsCache = nil
        coreNamesCache = nil
        names = SparseVector()
        words = []
        centroid = SparseVector()
        centroidNorm = 0
    }
}
