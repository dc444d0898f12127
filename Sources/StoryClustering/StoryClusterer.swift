import Foundation

/// Incremental, deterministic story clustering (single-pass, centroid linkage; Miranda et al. 2018).
///
/// For each item, in (roughly) time order:
/// 1. identity: the same canonical URL, the same guid, or a near-identical copy (SimHash) joins the
///    story of its original at once;
/// 2. otherwise the item becomes a TF-IDF vector (document frequencies over the sliding window),
///    candidate stories are those sharing a *rare* term with it (inverted index), and each candidate's
///    centroid is scored: cosine × time decay × guards (entity-only overlap, conflicting amounts);
/// 3. the best candidate at or above the threshold gets the item; else the item founds a story.
///
/// Stories close `window` after their first item: closed stories leave the index, so memory and cost
/// per item follow the window, not the stream. Every iteration order is fixed (term ids are interned in
/// arrival order, candidates scanned by story index), so the same input gives the same stories.
public final class StoryClusterer {
    public let configuration: ClusteringConfiguration
    private let analyzer: FrenchAnalyzer

    // Vocabulary (interned in arrival order: deterministic ids).
    private var termIDs: [String: Int32] = [:]
    private var termDisplay: [String] = []
    private var documentFrequency: [Int32] = []
    private var postings: [[Int32]] = []          // term → open stories containing it
    private var knownNames = Set<String>()

    // Sliding window of items, for document frequencies.
    private var windowItems: [(time: Double, terms: [Int32])] = []
    private var windowStart = 0
    // Background document frequencies (see `prime`), added to the window's.
    private var backgroundFrequency: [Int32] = []
    private var backgroundCount = 0

    // Stories.
    private var stories: [Story] = []
    private var firstPossiblyOpen = 0
    private var storyIndexByID: [String: Int] = [:]
    private var issuedIDs = Set<String>()
    private var aliases: [String: String] = [:]   // absorbed story id → absorbing story id
    private var candidateStamp: [Int32] = []
    private var candidateHits: [Int32] = []
    private var stamp: Int32 = 0
    private var scratchWeight: [Float] = []      // term id → weight of the item being scored
    private var scratchKind: [UInt8] = []        // term id → 0 absent, 1 name or year, 2 other

    // Identity.
    private var storyByURL: [String: Int] = [:]
    private var storyByGUID: [String: Int] = [:]
    private var syndication: SyndicationDetector
    private var itemsSinceCompaction = 0

    /// A class, not a struct: scoring reads hundreds of stories per item, and copying a struct of
    /// arrays out of `stories` cost a retain/release per array each time.
    final class Story {
        let id: String
        let founded: Double
        var newest: Double
        var size: Int
        var open = true
        var terms: [Int32] = []        // sorted term ids
        var weights: [Float] = []      // centroid: sum of members' unit vectors
        var norm: Double = 0
        var amounts: [Double] = []     // amounts stated by members (percent values negated)
        /// The latest members' unit vectors (at most `memberSampleSize`), for best-member similarity.
        var members: [(terms: [Int32], weights: [Float])] = []
        /// Set when another story absorbed this one (merge pass): later items go there.
        var mergedInto: Int?

        init(id: String, founded: Double, newest: Double, size: Int) {
            self.id = id
            self.founded = founded
            self.newest = newest
            self.size = size
        }
    }

    /// An item's analysed form.
    struct Vector {
        var terms: [Int32] = []        // sorted
        var weights: [Float] = []      // unit length
        var kinds: [Term.Kind] = []
        var amounts: [Double] = []
    }

    public init(configuration: ClusteringConfiguration = .init()) {
        self.configuration = configuration
        analyzer = FrenchAnalyzer()
        syndication = SyndicationDetector(maxDistance: configuration.syndicationMaxDistance,
                                          minWords: configuration.syndicationMinWords)
    }

    /// Stories currently open to new items.
    public var openStoryCount: Int { storyIndexByID.count }

    // MARK: - Public entry points

    public func add(_ item: ClusterItem) -> ClusterAssignment {
        let time = item.published.timeIntervalSinceReferenceDate
        advance(to: time)
        let url = item.url.flatMap { $0.isEmpty ? nil : CanonicalURL.canonicalize($0) }
        let guid = item.guid.flatMap { $0.isEmpty ? nil : $0 }
        let (vector, words) = analyze(item, time: time)
        let fingerprint = syndication.fingerprint(words: words)

        var decision: (story: Int, score: Double, reason: ClusterAssignment.Reason)?
        var bridge: Int?
        if let url, let s = storyByURL[url].map(resolve), isLive(s, at: time) {
            decision = (s, 1, .sameURL)
        } else if let guid, let s = storyByGUID[guid].map(resolve), isLive(s, at: time) {
            decision = (s, 1, .sameGUID)
        } else if let fingerprint, let m = syndication.match(fingerprint, isLive: { self.isLive(self.resolve($0), at: time) }) {
            decision = (resolve(m.story), 1 - Double(m.distance) / 64, .syndicatedCopy)
        } else if let best = bestStory(for: vector, time: time), best.score >= configuration.threshold {
            decision = (best.story, best.score, .event)
            if let other = best.runnerUp, best.runnerUpScore >= configuration.threshold {
                bridge = other
            }
        }

        let index: Int
        var assignment: ClusterAssignment
        if let decision {
            index = decision.story
            assignment = ClusterAssignment(storyID: stories[index].id, threadID: Self.threadID(stories[index].id), score: decision.score,
                                           sharedTerms: sharedTerms(vector, stories[index]), reason: decision.reason)
        } else {
            index = foundStory(id: newStoryID(for: item), time: time)
            assignment = ClusterAssignment(storyID: stories[index].id, threadID: Self.threadID(stories[index].id), score: 1, sharedTerms: [], reason: .newStory)
        }
        attach(vector, to: index, time: time, url: url, guid: guid, fingerprint: fingerprint)
        if let bridge {
            mergeIfClose(index, bridge, time: time)
            assignment.storyID = stories[resolve(index)].id
            assignment.threadID = Self.threadID(assignment.storyID)
        }
        return assignment
    }

    /// Rebuilds state after a restart: puts an item back into the story it was stored with, without
    /// deciding anything (the story is re-created under `storyID` if it is not open yet).
    static func threadID(_ storyID: String) -> String { "t-" + storyID.dropFirst(2) }

    /// The thread that the thread first issued as `threadID` now belongs to.
    public func currentThreadID(for threadID: String) -> String {
        Self.threadID(currentStoryID(for: "s-" + threadID.dropFirst(2)))
    }

    public func restore(_ item: ClusterItem, storyID: String, threadID: String) {
        let time = item.published.timeIntervalSinceReferenceDate
        advance(to: time)
        let url = item.url.flatMap { $0.isEmpty ? nil : CanonicalURL.canonicalize($0) }
        let guid = item.guid.flatMap { $0.isEmpty ? nil : $0 }
        let (vector, words) = analyze(item, time: time)
        let fingerprint = syndication.fingerprint(words: words)
        let storyID = currentStoryID(for: storyID)
        let index = storyIndexByID[storyID] ?? foundStory(id: storyID, time: time)
        attach(vector, to: index, time: time, url: url, guid: guid, fingerprint: fingerprint)
    }

    /// Primes document frequencies with a background sample of the same stream (the daemon: the
    /// stored items of the last days; a batch: its own items), so that the first items of a cold
    /// start are weighted like later ones: with ten items seen, every word looks rare.
    /// Only frequencies are learnt; no story is formed. Call before the first `add`.
    public func prime(with items: [ClusterItem]) {
        for item in items {
            var seen = Set<Int32>()
            for (text, _) in fieldTexts(item) {
                for term in analyzer.terms(text, isKnownName: { _ in false }) {
                    let id = intern(term)
                    if seen.insert(id).inserted { backgroundFrequency[Int(id)] += 1 }
                    if term.kind == .name { knownNames.insert(term.key) }
                }
            }
            backgroundCount += 1
        }
    }

    // MARK: - Analysis

    private func fieldTexts(_ item: ClusterItem) -> [(String, Double)] {
        let title = Headline.strippingOutletSuffix(item.title)
        var summary = item.summary ?? ""
        if summary.utf8.count > configuration.summaryLimit, summary.count > configuration.summaryLimit {
            // Cut at a word boundary: a lead, not a full body (bodies drown the event in context).
            let cut = summary.index(summary.startIndex, offsetBy: configuration.summaryLimit)
            summary = String(summary[..<cut])
            if let space = summary.lastIndex(of: " ") { summary = String(summary[..<space]) }
        }
        return [(title, configuration.titleWeight), (summary, configuration.summaryWeight)]
    }

    private func intern(_ term: Term) -> Int32 {
        if let id = termIDs[term.key] { return id }
        let id = Int32(termDisplay.count)
        termIDs[term.key] = id
        termDisplay.append(term.display)
        documentFrequency.append(0)
        backgroundFrequency.append(0)
        postings.append([])
        return id
    }

    /// TF-IDF vector of title + lead (document frequencies include this item), and the plain words
    /// of both for the near-copy fingerprint.
    private func analyze(_ item: ClusterItem, time: Double) -> (Vector, [String]) {
        let config = configuration
        let isKnown: (String) -> Bool = { self.knownNames.contains($0) }
        var words: [String] = []
        let fields = fieldTexts(item).map { field -> ([Term], Double) in
            let r = analyzer.termsAndWords(field.0, isKnownName: isKnown)
            words += r.words
            return (r.terms, field.1)
        }
        var raw: [Int32: (mass: Double, kind: Term.Kind)] = [:]
        var amounts: [Double] = []
        for (terms, fieldWeight) in fields {
            for term in terms {
                let id = intern(term)
                if let old = raw[id] {
                    // A term written once as a name and once as a word keeps its strongest reading.
                    let kind = config.weight(of: term.kind) > config.weight(of: old.kind) ? term.kind : old.kind
                    raw[id] = (old.mass + fieldWeight, kind)
                } else {
                    raw[id] = (fieldWeight, term.kind)
                }
                if term.kind == .name { knownNames.insert(term.key) }
                if term.kind == .amount, let v = term.value { amounts.append(term.key.hasSuffix("%") ? -v : v) }
            }
        }
        if knownNames.count > 500_000 { knownNames.removeAll(keepingCapacity: true) }
        let ids = raw.keys.sorted()
        for id in ids { documentFrequency[Int(id)] += 1 }
        windowItems.append((time, ids))

        let n = Double(windowItems.count - windowStart + backgroundCount)
        var v = Vector()
        v.terms = ids
        v.weights.reserveCapacity(ids.count)
        var norm = 0.0
        for id in ids {
            let entry = raw[id]!
            let tf = entry.mass > 1 ? 1 + log(entry.mass) : entry.mass
            let df = Double(documentFrequency[Int(id)]) + Double(backgroundFrequency[Int(id)])
            let idf = log((n + 1) / (df + 1)) + config.idfFloor
            let w = tf * idf * config.weight(of: entry.kind)
            v.weights.append(Float(w))
            v.kinds.append(entry.kind)
            norm += w * w
        }
        if norm > 0 {
            let inv = Float(1 / norm.squareRoot())
            for k in v.weights.indices { v.weights[k] *= inv }
        }
        v.amounts = amounts
        return (v, words)
    }

    // MARK: - Decision

    private func isLive(_ story: Int, at time: Double) -> Bool {
        let s = stories[story]
        return s.open && time - s.founded <= configuration.window
    }

    /// Loads the item's weights into the dense scratch tables (term id → weight, → evidence kind)
    /// used by `score`: scoring then walks a centroid's sorted terms with one array load each,
    /// instead of a binary search per item term (the clusterer's hottest loop).
    private func loadScratch(_ v: Vector) {
        if scratchWeight.count < termDisplay.count {
            scratchWeight.append(contentsOf: repeatElement(0, count: termDisplay.count - scratchWeight.count))
            scratchKind.append(contentsOf: repeatElement(0, count: termDisplay.count - scratchKind.count))
        }
        for (k, id) in v.terms.enumerated() {
            scratchWeight[Int(id)] = v.weights[k]
            scratchKind[Int(id)] = v.kinds[k] == .name || v.kinds[k] == .year ? 1 : 2
        }
    }

    private func clearScratch(_ v: Vector) {
        for id in v.terms { scratchWeight[Int(id)] = 0; scratchKind[Int(id)] = 0 }
    }

    /// The best story for `v` and the runner-up's index (for the merge pass).
    private func bestStory(for v: Vector, time: Double) -> (story: Int, score: Double, runnerUp: Int?, runnerUpScore: Double)? {
        let config = configuration
        let n = windowItems.count - windowStart
        let maxDF = max(config.candidateMinDocumentFrequency, Int(config.candidateMaxDocumentShare * Double(n)))
        stamp &+= 1
        if candidateStamp.count < stories.count {
            candidateStamp.append(contentsOf: repeatElement(0, count: stories.count - candidateStamp.count))
            candidateHits.append(contentsOf: repeatElement(0, count: stories.count - candidateHits.count))
        }
        var candidates: [Int32] = []
        let stamp = self.stamp
        candidateStamp.withUnsafeMutableBufferPointer { stamps in
            candidateHits.withUnsafeMutableBufferPointer { hits in
                for id in v.terms where Int(documentFrequency[Int(id)]) <= maxDF {
                    postings[Int(id)].withUnsafeBufferPointer { list in
                        for s in list {
                            let s = Int(s)
                            if stamps[s] != stamp {
                                stamps[s] = stamp
                                hits[s] = 0
                                candidates.append(Int32(s))
                            }
                            hits[s] += 1
                        }
                    }
                }
            }
        }
        if candidates.count > config.maxCandidates {
            // Bounded work per item: only the stories sharing the most rare terms are scored
            // (ties: the older stories). A counting pass finds the cut-off number of shared terms
            // in linear time; sorting all candidates was a visible cost on long streams.
            var countByHits = [Int](repeating: 0, count: v.terms.count + 2)
            for c in candidates { countByHits[min(Int(candidateHits[Int(c)]), v.terms.count + 1)] += 1 }
            var cut = countByHits.count - 1, taken = 0
            while cut > 0, taken + countByHits[cut] < config.maxCandidates { taken += countByHits[cut]; cut -= 1 }
            var kept: [Int32] = [], ties: [Int32] = []
            for c in candidates {
                let h = min(Int(candidateHits[Int(c)]), v.terms.count + 1)
                if h > cut { kept.append(c) } else if h == cut { ties.append(c) }
            }
            ties.sort()
            candidates = kept + ties.prefix(config.maxCandidates - taken)
        }
        candidates.sort()
        loadScratch(v)
        defer { clearScratch(v) }
        var best: (story: Int, score: Double)?
        var second: (story: Int, score: Double)?
        for c in candidates {
            let s = Int(c)
            guard isLive(s, at: time) else { continue }
            let score = self.score(v, stories[s], time: time)
            if score > (best?.score ?? 0) {
                second = best
                best = (s, score)
            } else if score > (second?.score ?? 0) {
                second = (s, score)
            }
        }
        guard let best else { return nil }
        return (best.story, best.score, second?.story, second?.score ?? 0)
    }

    /// Similarity of item `v` (loaded in the scratch table) with story `s`:
    /// mix of centroid cosine and best single-member cosine, × time decay × guards.
    private func score(_ v: Vector, _ s: Story, time: Double) -> Double {
        guard s.norm > 0 else { return 0 }
        let config = configuration
        var sum: Float = 0
        var kinds: UInt8 = 0       // bit 1: a name or year shared, bit 2: another term shared
        var shared = 0
        scratchWeight.withUnsafeBufferPointer { weight in
            scratchKind.withUnsafeBufferPointer { kind in
                s.terms.withUnsafeBufferPointer { terms in
                    s.weights.withUnsafeBufferPointer { weights in
                        for j in 0..<terms.count {
                            let id = Int(terms[j])
                            let k = kind[id]
                            if k != 0 {
                                sum += weight[id] * weights[j]
                                kinds |= k
                                shared += 1
                            }
                        }
                    }
                }
            }
        }
        let onlyNames = kinds & 2 == 0
        let dot = Double(sum)
        guard dot > 0 else { return 0 }
        // A centroid of k members with diverse wording has a norm up to k: plain cosine would
        // dilute a large story until no new report can join it. Dividing by norm^β (β < 1) keeps
        // singletons on the cosine scale while letting a grown story keep attracting its event.
        var score = config.centroidNormExponent == 1 ? dot / s.norm : dot / pow(s.norm, config.centroidNormExponent)
        if config.memberWeight > 0, s.members.count > 1 {
            // Centroid dilution: a story whose reports differ in wording has a blurred centroid,
            // yet a new report that closely resembles one of them belongs there (hybrid of
            // centroid and single linkage; the centroid part keeps single-link chaining in check).
            var bestMember = 0.0
            for m in s.members {
                var d: Float = 0
                for (k, id) in m.terms.enumerated() { d += scratchWeight[Int(id)] * m.weights[k] }
                bestMember = max(bestMember, Double(d))
            }
            score = (1 - config.memberWeight) * score + config.memberWeight * max(score, bestMember)
        }
        // One shared term is a coincidence as often as an event ("patron", "5G", "1%").
        if shared < 2 { score *= config.singleTermFactor }
        let dt = (time - s.newest) / config.timeSigma
        score *= exp(-0.5 * dt * dt)
        // "OpenAI lance GPT-4.5" vs "Musk propose 97,4 milliards pour racheter OpenAI": a shared
        // name says who, not what happened.
        if onlyNames { score *= config.entityOnlyFactor }
        // Two amounts that disagree point to two deals, two fines, two results.
        if !v.amounts.isEmpty, !s.amounts.isEmpty, !amountsAgree(v.amounts, s.amounts) {
            score *= config.amountConflictFactor
        }
        return score
    }

    private func amountsAgree(_ a: [Double], _ b: [Double]) -> Bool {
        for x in a {
            for y in b where (x < 0) == (y < 0) {
                if abs(x - y) <= configuration.amountTolerance * max(abs(x), abs(y)) { return true }
            }
        }
        return false
    }

    @inline(__always) private static func find(_ id: Int32, in sorted: [Int32]) -> Int? {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let m = sorted[mid]
            if m == id { return mid }
            if m < id { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The shared terms that carried the match, heaviest contribution first (at most 8).
    private func sharedTerms(_ v: Vector, _ s: Story) -> [String] {
        var shared: [(Double, Int32)] = []
        for (k, id) in v.terms.enumerated() {
            if let j = Self.find(id, in: s.terms) { shared.append((Double(v.weights[k]) * Double(s.weights[j]), id)) }
        }
        shared.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return shared.prefix(8).map { termDisplay[Int($0.1)] }
    }

    // MARK: - State updates

    private func newStoryID(for item: ClusterItem) -> String {
        var id = "s-" + item.id
        var n = 2
        while issuedIDs.contains(id) { id = "s-\(item.id)-\(n)"; n += 1 }
        return id
    }

    private func foundStory(id: String, time: Double) -> Int {
        let index = stories.count
        stories.append(Story(id: id, founded: time, newest: time, size: 0))
        storyIndexByID[id] = index
        issuedIDs.insert(id)
        return index
    }

    private func attach(_ v: Vector, to index: Int, time: Double, url: String?, guid: String?, fingerprint: UInt64?) {
        let s = stories[index]
        s.size += 1
        s.newest = max(s.newest, time)
        s.amounts.append(contentsOf: v.amounts)
        if s.amounts.count > 64 { s.amounts.removeFirst(s.amounts.count - 64) }
        if configuration.memberSampleSize > 0 {
            s.members.append((v.terms, v.weights))
            if s.members.count > configuration.memberSampleSize { s.members.removeFirst() }
        }
        // Merge the unit vector into the centroid (both sorted by term id).
        accumulate(v.terms, v.weights, into: s, index: index)
        if let url { storyByURL[url] = index }
        if let guid { storyByGUID[guid] = index }
        if let fingerprint { syndication.insert(fingerprint, story: index, time: time) }
    }

    /// Moves the window to `time`: forgets old document frequencies, closes old stories.
    private func advance(to time: Double) {
        let cutoff = time - configuration.window
        while windowStart < windowItems.count, windowItems[windowStart].time < cutoff {
            for id in windowItems[windowStart].terms { documentFrequency[Int(id)] -= 1 }
            windowStart += 1
        }
        if windowStart > 4096, windowStart * 2 > windowItems.count {
            windowItems.removeFirst(windowStart)
            windowStart = 0
        }
        while firstPossiblyOpen < stories.count, stories[firstPossiblyOpen].founded < cutoff {
            close(firstPossiblyOpen)
            firstPossiblyOpen += 1
        }
        syndication.expire(before: cutoff)
        itemsSinceCompaction += 1
        if itemsSinceCompaction >= 4096 {
            itemsSinceCompaction = 0
            compact()
        }
    }

    /// Keeps the heaviest `centroidMaxTerms` terms (ties by id), back in id order, and updates the norm.
    /// Dropped terms keep stale postings, which cost a wasted candidate at worst.
    private func truncateCentroid(_ s: Story) {
        if s.terms.count > configuration.centroidMaxTerms {
            let keep = s.terms.indices.sorted { s.weights[$0] != s.weights[$1] ? s.weights[$0] > s.weights[$1] : s.terms[$0] < s.terms[$1] }
                .prefix(configuration.centroidMaxTerms).sorted()
            s.terms = keep.map { s.terms[$0] }
            s.weights = keep.map { s.weights[$0] }
        }
        var norm = 0.0
        for w in s.weights { norm += Double(w) * Double(w) }
        s.norm = norm.squareRoot()
    }

    /// Adds a sparse vector (sorted by term id) to story `index`'s centroid; terms new to the story
    /// get a posting so that later items sharing them find it.
    private func accumulate(_ vTerms: [Int32], _ vWeights: [Float], into s: Story, index: Int) {
        var terms: [Int32] = [], weights: [Float] = []
        terms.reserveCapacity(s.terms.count + vTerms.count)
        weights.reserveCapacity(s.terms.count + vTerms.count)
        var i = 0, j = 0
        while i < s.terms.count || j < vTerms.count {
            if j == vTerms.count || (i < s.terms.count && s.terms[i] < vTerms[j]) {
                terms.append(s.terms[i]); weights.append(s.weights[i]); i += 1
            } else if i == s.terms.count || vTerms[j] < s.terms[i] {
                terms.append(vTerms[j]); weights.append(vWeights[j])
                postings[Int(vTerms[j])].append(Int32(index))
                j += 1
            } else {
                terms.append(s.terms[i]); weights.append(s.weights[i] + vWeights[j]); i += 1; j += 1
            }
        }
        s.terms = terms
        s.weights = weights
        truncateCentroid(s)
    }

    // MARK: - Merge pass

    /// Follows merges to the story that now holds `index`'s items.
    private func resolve(_ index: Int) -> Int {
        var i = index
        while let next = stories[i].mergedInto { i = next }
        return i
    }

    /// The id under which the story first issued as `storyID` now goes (itself unless a merge pass
    /// folded it into an older story). Batch callers use it to relabel earlier items.
    public func currentStoryID(for storyID: String) -> String {
        var id = storyID
        while let next = aliases[id] { id = next }
        return id
    }

    /// Fragmentation repair (Miranda et al.'s and WAC's second stage): single-pass clustering
    /// splits an event when its first reports happen to share little; once an item scores above
    /// the threshold against two stories, they are compared centroid to centroid and, if close,
    /// the older one absorbs the younger (the older id stays stable; later items of the younger
    /// story get the older id).
    private func mergeIfClose(_ a: Int, _ b: Int, time: Double) {
        let config = configuration
        guard config.mergeThreshold < 1 else { return }
        let a = resolve(a), b = resolve(b)
        guard a != b, isLive(a, at: time), isLive(b, at: time) else { return }
        let older = min(a, b), younger = max(a, b)
        let o = stories[older], y = stories[younger]
        guard o.norm > 0, y.norm > 0 else { return }
        var dot = 0.0
        var i = 0, j = 0
        while i < o.terms.count && j < y.terms.count {
            if o.terms[i] < y.terms[j] { i += 1 } else if o.terms[i] > y.terms[j] { j += 1 } else {
                dot += Double(o.weights[i]) * Double(y.weights[j]); i += 1; j += 1
            }
        }
        var score = dot / (o.norm * y.norm)
        let dt = (o.newest - y.newest) / config.timeSigma
        score *= exp(-0.5 * dt * dt)
        if !o.amounts.isEmpty, !y.amounts.isEmpty, !amountsAgree(o.amounts, y.amounts) { score *= config.amountConflictFactor }
        guard score >= config.mergeThreshold else { return }
        // Absorb: centroid sum, members, amounts; the younger story closes and points to the older.
        accumulate(y.terms, y.weights, into: o, index: older)
        o.size += y.size
        o.newest = max(o.newest, y.newest)
        o.amounts += y.amounts
        if o.amounts.count > 64 { o.amounts.removeFirst(o.amounts.count - 64) }
        o.members += y.members
        if o.members.count > config.memberSampleSize { o.members.removeFirst(o.members.count - config.memberSampleSize) }
        close(younger)
        y.mergedInto = older
        aliases[y.id] = o.id
    }

    private func close(_ index: Int) {
        let s = stories[index]
        guard s.open else { return }
        s.open = false
        s.terms = []
        s.weights = []
        s.amounts = []
        s.members = []
        storyIndexByID[s.id] = nil
    }

    /// Drops closed stories from the postings and identity maps (memory follows the window).
    private func compact() {
        for t in postings.indices where !postings[t].isEmpty {
            postings[t].removeAll { !stories[Int($0)].open }
        }
        storyByURL = storyByURL.filter { stories[resolve($0.value)].open }
        storyByGUID = storyByGUID.filter { stories[resolve($0.value)].open }
    }
}
