/// Near-identical copies: one agency dispatch (AFP, Reuters) republished under several mastheads,
/// or one article in two feeds with a retouched title. Such copies join the original's story
/// directly (reason `.syndicatedCopy`), whatever the event scorer would say.
///
/// A 64-bit SimHash (Charikar; Manku et al., WWW 2007) over word 3-shingles of title + summary;
/// copies are within Hamming distance `maxDistance` (3 in Manku et al.). Lookup splits the hash
/// into `maxDistance + 1` bands: two hashes within that distance agree exactly on at least one band
/// (pigeonhole), so each band is an exact-match index and the cost stays constant per item.
struct SyndicationDetector {
    struct Entry {
        let hash: UInt64
        let story: Int
        let time: Double
    }

    let maxDistance: Int
    private var bands: [[UInt64: [Int]]]
    private var entries: [Entry] = []
    private var firstLive = 0

    init(maxDistance: Int = 3) {
        self.maxDistance = maxDistance
        bands = Array(repeating: [:], count: maxDistance + 1)
    }

    /// The fingerprint of a text, or nil when it is too short for a copy to be told from a coincidence
    /// (two eight-word titles can share their shingles by chance; a title and a lead cannot).
    static func fingerprint(words: [String], minWords: Int) -> UInt64? {
        guard words.count >= minWords else { return nil }
        var counts = [Int](repeating: 0, count: 64)
        let k = 3
        for i in 0...(words.count - k) {
            var h = FNV1a64()
            for j in i..<(i + k) { h.combine(words[j]); h.combine(0x1F) }
            let v = h.value
            for bit in 0..<64 { counts[bit] += (v >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var out: UInt64 = 0
        for bit in 0..<64 where counts[bit] > 0 { out |= 1 << UInt64(bit) }
        return out
    }

    private func band(_ hash: UInt64, _ b: Int) -> UInt64 {
        let width = 64 / bands.count
        let mask: UInt64 = width >= 64 ? ~0 : (1 << UInt64(width)) - 1
        return (hash >> UInt64(b * width)) & mask
    }

    /// The closest live copy (story index and Hamming distance), earliest entry first on ties.
    func match(_ hash: UInt64, isLive: (Int) -> Bool) -> (story: Int, distance: Int)? {
        var best: (story: Int, distance: Int, entry: Int)?
        for b in 0..<bands.count {
            guard let list = bands[b][band(hash, b)] else { continue }
            for e in list where e >= firstLive {
                let entry = entries[e]
                guard isLive(entry.story) else { continue }
                let d = (entry.hash ^ hash).nonzeroBitCount
                guard d <= maxDistance else { continue }
                if best == nil || d < best!.distance || (d == best!.distance && e < best!.entry) {
                    best = (entry.story, d, e)
                }
            }
        }
        return best.map { ($0.story, $0.distance) }
    }

    mutating func insert(_ hash: UInt64, story: Int, time: Double) {
        let index = entries.count
        entries.append(Entry(hash: hash, story: story, time: time))
        for b in 0..<bands.count { bands[b][band(hash, b), default: []].append(index) }
    }

    /// Forgets entries older than `cutoff` (items arrive roughly in time order; the index is
    /// rebuilt when half of it is dead, so memory follows the window, not the stream).
    mutating func expire(before cutoff: Double) {
        while firstLive < entries.count, entries[firstLive].time < cutoff { firstLive += 1 }
        if firstLive > 1024, firstLive * 2 > entries.count {
            let live = Array(entries[firstLive...])
            entries = []
            firstLive = 0
            bands = Array(repeating: [:], count: bands.count)
            for e in live { insert(e.hash, story: e.story, time: e.time) }
        }
    }
}

/// FNV-1a, 64-bit: a fixed hash function, so fingerprints are identical across runs and machines
/// (Swift's `Hasher` is seeded per process).
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func combine(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }
    mutating func combine(_ s: String) {
        for b in s.utf8 { combine(b) }
    }
}
