import Foundation

/// The vocabulary and its document frequencies over a sliding window of recent items (plus a
/// background sample, see `StoryClusterer.prime`): IDF is what makes "Huawei" informative and
/// "annonce" not, and it has to follow the news of the moment, not a fixed corpus.
/// Term ids are interned in arrival order, so the same input always gives the same ids.
struct TermWindow {
    private(set) var ids: [String: Int32] = [:]
    private(set) var display: [String] = []
    private(set) var frequency: [Int32] = []
    private var background: [Int32] = []
    private var backgroundCount = 0
    private var items: [(time: Double, terms: [Int32])] = []
    private var start = 0
    /// Names seen anywhere: a capitalised sentence-initial word is a name if it was seen as one.
    private(set) var knownNames = Set<String>()

    var count: Int { items.count - start + backgroundCount }
    var windowCount: Int { items.count - start }
    var vocabularySize: Int { display.count }

    mutating func intern(_ term: Term) -> Int32 { intern(key: term.key, display: term.display) }

    mutating func intern(key: String, display shown: String) -> Int32 {
        if let id = ids[key] { return id }
        let id = Int32(display.count)
        ids[key] = id
        display.append(shown)
        frequency.append(0)
        background.append(0)
        return id
    }

    /// Notes that `key` was read as a name, `occurrences` times. The set starts over past half a
    /// million names, so a daemon's memory stays bounded; the occurrences after the one that made it
    /// start over note the name again.
    mutating func noteName(_ key: String, occurrences: Int = 1) {
        guard occurrences > 0 else { return }
        knownNames.insert(key)
        if knownNames.count > 500_000 {
            knownNames.removeAll(keepingCapacity: true)
            if occurrences > 1 { knownNames.insert(key) }
        }
    }

    mutating func addBackground(_ terms: Set<Int32>) {
        for id in terms { background[Int(id)] += 1 }
        backgroundCount += 1
    }

    mutating func add(_ terms: [Int32], time: Double) {
        for id in terms { frequency[Int(id)] += 1 }
        items.append((time, terms))
    }

    /// Smooth IDF (scikit-learn's): log((n + 1) / (df + 1)) + 1.
    func idf(_ id: Int32) -> Double {
        let df = Double(frequency[Int(id)]) + Double(background[Int(id)])
        return log((Double(count) + 1) / (df + 1)) + 1
    }

    /// Forgets the items older than `cutoff`.
    mutating func advance(to cutoff: Double) {
        while start < items.count, items[start].time < cutoff {
            for id in items[start].terms { frequency[Int(id)] -= 1 }
            start += 1
        }
        if start > 4096, start * 2 > items.count {
            items.removeFirst(start)
            start = 0
        }
    }
}
