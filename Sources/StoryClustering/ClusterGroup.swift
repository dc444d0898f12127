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
    var sample: [ItemProfile] = []
    /// Union of members' names (id → IDF), words and actions.
    var names: [Int32: Float] = [:]
    var words = Set<Int32>()
    var actions: UInt32 = 0
    var centroid = SparseVector()
    private(set) var centroidNorm = 0.0
    var firstHasLead = false
    /// Events only: the thread they belong to (index into the threads). Threads: the events they hold.
    var thread = -1
    var events: [Int] = []
    /// Threads only: set when another thread absorbed this one.
    var mergedInto: Int?

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
        for (k, id) in p.names.ids.enumerated() { names[id] = p.names.weights[k] }
        words.formUnion(p.words.ids)
        actions |= p.actions
        centroid = centroid.adding(p.all)
        bound()
    }

    /// A group that keeps growing (a long developing story) keeps only its heaviest terms, so that
    /// adding an article costs the same on day 1 and day 40; names and words follow the centroid.
    static let maxTerms = 256

    private func bound() {
        if centroid.ids.count > Self.maxTerms {
            let keep = centroid.ids.indices
                .sorted { centroid.weights[$0] != centroid.weights[$1] ? centroid.weights[$0] > centroid.weights[$1] : centroid.ids[$0] < centroid.ids[$1] }
                .prefix(Self.maxTerms).sorted()
            centroid = SparseVector(ids: keep.map { centroid.ids[$0] }, weights: keep.map { centroid.weights[$0] })
            if names.count + words.count > 2 * Self.maxTerms {
                names = names.filter { centroid.contains($0.key) }
                words = words.filter { centroid.contains($0) }
            }
        }
        centroidNorm = centroid.norm
    }

    /// Absorbs another group's members (a thread merge): unions, centroid, and a sample re-cut by time.
    func absorb(_ other: ClusterGroup, sampleSize: Int) {
        let merged = (sample + other.sample).sorted { $0.time < $1.time }
        sample = merged.count > sampleSize ? [merged[0]] + merged.suffix(sampleSize - 1) : merged
        count += other.count
        newest = max(newest, other.newest)
        oldest = min(oldest, other.oldest)
        first = min(first, other.first)
        names.merge(other.names) { a, _ in a }
        words.formUnion(other.words)
        actions |= other.actions
        centroid = centroid.adding(other.centroid)
        bound()
        events += other.events
    }

    func close() {
        open = false
        sample = []
        names = [:]
        words = []
        centroid = SparseVector()
        centroidNorm = 0
    }
}
