import Foundation

/// Incremental, deterministic clustering at two levels: strict **events** inside developing-story
/// **threads** (DESIGN.md, "Two levels of grouping").
///
/// For each item, in (roughly) time order:
/// 1. identity: the same canonical URL, guid, or a near-identical copy (SimHash) joins its original's event;
/// 2. otherwise the item gets a profile (separate channels: names, model identifiers, amounts, actions,
///    other words, time; `ItemProfile`), candidate events are found through rare shared terms, and a
///    learnt item-to-event model (`PairModel.event`, Miranda et al. 2018's join model) scores each one
///    from the item's agreement with the event's members (`GroupFeatures`); the best at or above its
///    threshold gets the item, else the item founds an event (with a thread of its own);
/// 3. the item's event then looks for a thread: the same features against other open threads, scored by
///    a looser model (`PairModel.thread`: shared names and subject within two weeks, no shared action
///    needed); a link merges the two threads, the older id surviving.
///
/// Events close `window` after their first report, threads `threadWindow` after their latest article;
/// closed groups leave the indexes, so memory and cost per item follow the windows, not the stream.
/// Every iteration order is fixed, so the same input gives the same events and threads.
public final class StoryClusterer {
    public let configuration: ClusteringConfiguration
    private let profiler: ItemProfiler
    private var window = TermWindow()
    private let eventModel: PairModel
    private let threadModel: PairModel

    private var events: [ClusterGroup] = []
    private var threads: [ClusterGroup] = []
    private var eventByID: [String: Int] = [:]
    private var threadByID: [String: Int] = [:]
    private var issuedIDs = Set<String>()
    private var threadMerges = MergeLog()
    private var eventMerges = MergeLog()
    private var firstPossiblyOpenEvent = 0
    private var openThreads: [Int] = []
    /// Per thread, side by side: the thread that absorbed it (itself while it stands) and its newest
    /// article's time while open (−∞ once closed or absorbed). The candidate search resolves every
    /// posting to its surviving thread and checks that it is open: with both in one slot that is one
    /// cache miss per posting, where following `ClusterGroup.mergedInto` through the objects cost
    /// several (a third of the thread search on long streams). Roots are compressed as they are walked.
    private struct ThreadSlot {
        var parent: Int32
        var newest: Double
    }
    private var threadSlots: [ThreadSlot] = []
    /// Each event's first report while open, −∞ once closed (`isLiveEvent`).
    private var eventFirst: [Double] = []

    // Inverted indexes: term id → open events / threads holding it.
    private var eventPostings: [[Int32]] = []
    private var threadPostings: [[Int32]] = []
    /// Per group, the look-up that last met it and its hits in that look-up, side by side (one cache
    /// miss per group met, not two).
    private struct Tally {
        var stamp: Int32
        var hits: Int32
    }
    private var tallies: [Tally] = []
    private var threadTallies: [Tally] = []
    private var stamp: Int32 = 0
    /// The item being shortlisted, scattered by term id (zero elsewhere): one gather per centroid
    /// term instead of a merge of two sorted lists (see `shortlist`).
    private var scattered: [Float] = []

    // Identity.
    private var eventByURL: [String: Int] = [:]
    private var eventByGUID: [String: Int] = [:]
    private var syndication: SyndicationDetector
    private var itemsSinceCompaction = 0

    /// Whether assignments carry `rejections` (`veille cluster --explain`, tests); building their text
    /// for every candidate is a visible cost on long streams, and the daemon stores none.
    public let explains: Bool

    public init(configuration: ClusteringConfiguration = .init(), explains: Bool = true) {
        self.explains = explains
        precondition(GroupFeatures.names == PairModel.featureNames, "PairModelWeights.swift is out of date: run scripts/pair-model/train.py")
        self.configuration = configuration
        eventModel = PairModel.event.replacing(configuration.eventModel)
        threadModel = PairModel.thread.replacing(configuration.threadModel)
        profiler = ItemProfiler(configuration: configuration)
        syndication = SyndicationDetector(maxDistance: configuration.syndicationMaxDistance)
    }

    /// Events currently open to new items.
    public var openStoryCount: Int { eventByID.count }

    // MARK: - Public entry points

    public func add(_ item: ClusterItem) -> ClusterAssignment {
        add(item, profiler.reading(item, knownNames: window.knownNames))
    }

    /// The same for an item analysed ahead (`ItemAnalyser`): the same assignment as `add(item)`, since an
    /// item whose reading depended on a name learnt since is read again.
    public func add(_ analysed: AnalysedItem) -> ClusterAssignment {
        let names = window.knownNames
        if analysed.nameQueries.contains(where: { names.contains($0.word) != $0.known }) { return add(analysed.item) }
        return add(analysed.item, analysed.reading)
    }

    /// Names seen so far (primed, then met): what `ItemAnalyser` needs to read headlines as `add` would.
    public var knownNames: Set<String> { window.knownNames }

    private func add(_ item: ClusterItem, _ reading: ItemReading) -> ClusterAssignment {
        let time = item.published.timeIntervalSinceReferenceDate
        advance(to: time)
        let (url, guid, fingerprint) = (reading.url, reading.guid, reading.fingerprint)
        let profile = profiler.profile(reading, time: time, window: &window)
        growIndexes()
        let rare = rareKeys(profile.keys)

        var decision: (event: Int, score: Double, reason: ClusterAssignment.Reason)?
        var rejections: [Rejection] = []
        if let url, let e = eventByURL[url].map(survivingEvent), isLiveEvent(e, at: time) {
            decision = (e, 1, .sameURL)
        } else if let guid, let e = eventByGUID[guid].map(survivingEvent), isLiveEvent(e, at: time) {
            decision = (e, 1, .sameGUID)
        } else if let fingerprint, let m = syndication.match(fingerprint, isLive: { self.isLiveEvent(self.survivingEvent($0), at: time) }) {
            decision = (survivingEvent(m.story), 1 - Double(m.distance) / 64, .syndicatedCopy)
        } else {
            var scored: [(event: Int, p: Double, features: GroupFeatures)] = []
            var vetoed: [Rejection] = []
            for c in shortlist(profile, candidates(rare, postings: eventPostings, tallies: &tallies,
                                                   limit: configuration.maxCandidates, resolve: { $0 },
                                                   isLive: { self.isLiveEvent($0, at: time) }), in: events) {
                if let v = EventVeto.check(profile, events[c], lexicon: profiler.lexicon, explain: explains) {
                    if explains { vetoed.append(Rejection(eventID: events[c].id, kind: v.kind, detail: v.detail, score: 0)) }
                    continue
                }
                let f = GroupFeatures(profile, events[c], lexicon: profiler.lexicon)
                // The join score: the model's probability, less a margin for an event gone quiet.
                var p = eventModel.probability(f)
                if time - events[c].newest >= configuration.quietAfter { p -= configuration.quietMargin }
                scored.append((c, p, f))
            }
            scored.sort { $0.p != $1.p ? $0.p > $1.p : $0.event < $1.event }
            if let best = scored.first, best.p >= configuration.eventThreshold {
                decision = (best.event, best.p, .event)
                scored.removeFirst()
            }
            if explains { rejections = Array((vetoed + scored.prefix(3).map { s -> Rejection in
                guard s.p >= configuration.eventThreshold, let chosen = decision else {
                    return rejection(profile, events[s.event], s.features, s.p)
                }
                return Rejection(eventID: events[s.event].id, kind: .closerEvent,
                                 detail: String(format: "%.2f < %.2f", s.p, chosen.score), score: s.p)
            }).prefix(4)) }
        }

        var event: Int
        var assignment: ClusterAssignment
        if let decision {
            event = decision.event
            assignment = ClusterAssignment(storyID: events[event].id, threadID: "", score: decision.score,
                                           sharedTerms: sharedTerms(profile, events[event]), reason: decision.reason,
                                           rejections: rejections)
        } else {
            event = foundEvent(id: newID("s-", item.id), time: time, thread: nil, threadID: newID("t-", item.id))
            assignment = ClusterAssignment(storyID: events[event].id, threadID: "", score: 1, sharedTerms: [],
                                           reason: .newStory, rejections: rejections)
        }
        attach(profile, to: event, url: url, guid: guid, fingerprint: fingerprint)
        assignment.threadLink = linkThread(profile, rare: rare, event: event, time: time)
        (event, assignment.absorbed) = mergeFragments(of: event, time: time)
        assignment.storyID = events[event].id
        assignment.threadID = threads[rootThread(events[event].thread)].id
        return assignment
    }

    /// Rebuilds state after a restart: puts an item back into the event and thread it was stored with,
    /// without deciding anything (they are re-created under those ids if not open yet).
    public func restore(_ item: ClusterItem, storyID: String, threadID: String) {
        restore(item, profiler.reading(item, knownNames: window.knownNames), storyID: storyID, threadID: threadID)
    }

    /// The same for an item analysed ahead (`ItemAnalyser`), read again if a name learnt since changes its reading.
    public func restore(_ analysed: AnalysedItem, storyID: String, threadID: String) {
        let names = window.knownNames
        if analysed.nameQueries.contains(where: { names.contains($0.word) != $0.known }) {
            return restore(analysed.item, storyID: storyID, threadID: threadID)
        }
        restore(analysed.item, analysed.reading, storyID: storyID, threadID: threadID)
    }

    private func restore(_ item: ClusterItem, _ reading: ItemReading, storyID: String, threadID: String) {
        let time = item.published.timeIntervalSinceReferenceDate
        advance(to: time)
        let (url, guid, fingerprint) = (reading.url, reading.guid, reading.fingerprint)
        let profile = profiler.profile(reading, time: time, window: &window)
        growIndexes()
        let threadID = currentThreadID(for: threadID)
        let event: Int
        if let e = eventByID[storyID] {
            event = e
            // The store says the two threads are one (a merge this process has not seen).
            if let t = threadByID[threadID], rootThread(t) != rootThread(events[e].thread) {
                mergeThreads(rootThread(t), rootThread(events[e].thread))
            }
        } else {
            event = foundEvent(id: storyID, time: time, thread: threadByID[threadID].map(rootThread), threadID: threadID)
        }
        attach(profile, to: event, url: url, guid: guid, fingerprint: fingerprint)
    }

    /// Primes document frequencies with a background sample of the same stream (the daemon: the
    /// stored items of the last days; a batch: its own items), so that the first items of a cold
    /// start are weighted like later ones: with ten items seen, every word looks rare.
    /// Only frequencies are learnt; no event is formed. Call before the first `add`.
    public func prime(with items: [ClusterItem]) {
        for item in items {
            let f = profiler.fields(item)
            var seen = Set<Int32>()
            for text in [f.title, f.lead] {
                for term in profiler.analyzer.terms(text) {
                    seen.insert(window.intern(term))
                    if term.kind == .name { window.noteName(term.key) }
                }
            }
            window.addBackground(seen)
        }
    }

    /// The event that the event first issued as `storyID` now belongs to (fragments of one happening
    /// merge, the older id surviving). Batch callers use it to relabel earlier items.
    public func currentStoryID(for storyID: String) -> String { eventMerges.current(storyID) }

    /// The event merges since the last call, in order (absorbed id, surviving id): the daemon moves
    /// the stored articles of each absorbed event to its survivor.
    public func takeEventMerges() -> [(from: String, into: String)] { eventMerges.take() }

    /// The thread that the thread first issued as `threadID` now belongs to (threads merge when an
    /// event links them; the older id survives). Batch callers use it to relabel earlier items.
    public func currentThreadID(for threadID: String) -> String { threadMerges.current(threadID) }

    /// The thread merges since the last call, in order (absorbed id, surviving id): the daemon moves
    /// the stored events of each absorbed thread to its survivor.
    public func takeThreadMerges() -> [(from: String, into: String)] { threadMerges.take() }

    // MARK: - Candidates

    private func growIndexes() {
        let n = window.vocabularySize
        if eventPostings.count < n {
            eventPostings.append(contentsOf: repeatElement([], count: n - eventPostings.count))
            threadPostings.append(contentsOf: repeatElement([], count: n - threadPostings.count))
        }
    }

    /// The profile's terms rare enough to look up, rarest first: the rare terms say which event; a
    /// term shared with hundreds of open events adds work, not evidence. Computed once per item for
    /// both the event and the thread search.
    private func rareKeys(_ keys: [Int32]) -> [Int32] {
        let c = configuration
        let maxDF = max(c.candidateMinDocumentFrequency, Int(c.candidateMaxDocumentShare * Double(window.windowCount)))
        // A local copy (no copying: the buffer is shared): every `window` access in the comparator
        // would go through this class's property (a dynamic exclusivity check in debug builds).
        let frequency = window.frequency
        return keys.filter { Int(frequency[Int($0)]) <= maxDF }
            .sorted { (frequency[Int($0)], $0) < (frequency[Int($1)], $1) }
    }

    /// Groups sharing a rare term (`rareKeys`) with the profile: at most `limit`, preferring those
    /// sharing the most terms, then the older. Returned in no particular order (`shortlist` sorts the
    /// few it keeps).
    private func candidates(_ rare: [Int32], postings: [[Int32]], tallies: inout [Tally], limit: Int,
                            resolve: (Int) -> Int, isLive: (Int) -> Bool) -> [Int] {
        stamp &+= 1
        let stamp = self.stamp
        var found: [Int] = []
        // No more postings once there are plenty of candidates.
        for id in rare {
            if found.count >= 4 * limit { break }
            for g in postings[Int(id)] {
                let g = resolve(Int(g))
                if g >= tallies.count { tallies.append(contentsOf: repeatElement(Tally(stamp: 0, hits: 0), count: g + 1 - tallies.count)) }
                if tallies[g].stamp != stamp {
                    // A closed group stays in the postings until the next compaction: never counted.
                    let live = isLive(g)
                    tallies[g] = Tally(stamp: stamp, hits: live ? 0 : Int32.min)
                    if live { found.append(g) }
                }
                tallies[g].hits &+= 1
            }
        }
        if found.count > limit {
            // The `limit` most hit, the lowest index first among equals, without sorting them all:
            // every group hit more often than the last level taken, then that level by index.
            var most: Int32 = 0
            for g in found where tallies[g].hits > most { most = tallies[g].hits }
            var levels = [Int](repeating: 0, count: Int(most) + 1)
            for g in found { levels[Int(tallies[g].hits)] += 1 }
            var level = levels.count - 1, above = 0
            while above + levels[level] < limit { above += levels[level]; level -= 1 }
            let cut = Int32(level)
            var kept = found.filter { tallies[$0].hits > cut }
            kept += found.filter { tallies[$0].hits == cut }.sorted().prefix(limit - above)
            found = kept
        }
        return found
    }

    /// The candidates worth the full features: the `shortlistSize` closest by centroid cosine (a
    /// sparse dot product each), in index order (these few sorted, not every candidate). The features
    /// cost a few hundred products per candidate; most candidates share one common-enough term and
    /// nothing else.
    private func shortlist(_ p: ItemProfile, _ candidates: [Int], in groups: [ClusterGroup]) -> [Int] {
        let k = configuration.shortlistSize, floor = configuration.shortlistFloor
        // The same products summed in the same order as `SparseVector.dot` (a term missing from the
        // item adds +0), so the very same cosines, without the merge's unpredictable branches: these
        // products were the clusterer thread's largest single cost on long streams.
        let vocabulary = window.vocabularySize
        if scattered.count < vocabulary { scattered.append(contentsOf: repeatElement(0, count: vocabulary - scattered.count)) }
        let ids = p.all.ids, weights = p.all.weights
        for i in ids.indices { scattered[Int(ids[i])] = weights[i] }
        defer { for id in ids { scattered[Int(id)] = 0 } }
        var scored: [(Int, Double)] = []
        scattered.withUnsafeBufferPointer { dense in
            for c in candidates {
                let g = groups[c]
                let n = g.centroidNorm
                let cos = n > 0 ? g.centroid.dot(scattered: dense) / n : 0
                // Next to nothing in common with the group as a whole: the model never joins these, and
                // most items of a long stream have only such candidates.
                if cos >= floor { scored.append((c, cos)) }
            }
        }
        guard scored.count > k else { return scored.map(\.0).sorted() }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return scored.prefix(k).map(\.0).sorted()
    }

    private func isLiveEvent(_ e: Int, at time: Double) -> Bool {
        time - eventFirst[e] <= configuration.window
    }

    private func isLiveThread(_ t: Int, at time: Double) -> Bool {
        time - threadSlots[t].newest <= configuration.threadWindow
    }

    // MARK: - Threads

    private func rootThread(_ t: Int) -> Int {
        let parent = Int(threadSlots[t].parent)
        return parent == t ? t : compressedRoot(t)
    }

    private func compressedRoot(_ t: Int) -> Int {
        var root = t
        while Int(threadSlots[root].parent) != root { root = Int(threadSlots[root].parent) }
        var i = t
        while Int(threadSlots[i].parent) != root { (i, threadSlots[i].parent) = (Int(threadSlots[i].parent), Int32(root)) }
        return root
    }

    /// Links the item's event to the closest other open thread when the thread model says they are
    /// one developing story.
    private func linkThread(_ p: ItemProfile, rare: [Int32], event: Int, time: Double) -> ThreadLink? {
        let own = rootThread(events[event].thread)
        var best: (thread: Int, p: Double)?
        for t in shortlist(p, candidates(rare, postings: threadPostings, tallies: &threadTallies,
                                         limit: configuration.maxThreadCandidates, resolve: rootThread,
                                         isLive: { $0 != own && self.isLiveThread($0, at: time) }), in: threads) {
            // Shared names alone are not a story: a company's price rise does not continue its data
            // leak. A link needs a subject word in common with one of the thread's sampled articles.
            guard threads[t].sample.contains(where: { $0.words.sharedCount(p.words) > 0 }) else { continue }
            let prob = threadModel.probability(GroupFeatures(p, threads[t], lexicon: profiler.lexicon))
            if prob > (best?.p ?? 0) { best = (t, prob) }
        }
        guard let best, best.p >= configuration.threadThreshold else { return nil }
        let target = threads[best.thread]
        let latest = target.latestEvent >= 0 ? target.latestEvent : target.events[0]
        let link = ThreadLink(eventID: events[latest].id, score: best.p, sharedTerms: Array(sharedTerms(p, target).prefix(6)))
        mergeThreads(best.thread, own)
        return link
    }

    private func mergeThreads(_ a: Int, _ b: Int) {
        guard a != b else { return }
        let (older, younger) = threads[a].serial < threads[b].serial ? (a, b) : (b, a)
        let o = threads[older], y = threads[younger]
        // The younger thread's terms now lead to the older one through `rootThread`.
        o.absorb(y, sampleSize: configuration.threadSample)
        if y.latestEvent >= 0 { noteLatest(y.latestEvent, in: older) }
        threadSlots[older].newest = o.newest
        threadSlots[younger].newest = -.infinity
        for e in y.events { events[e].thread = older }
        y.events = []
        y.recentEvents = []
        y.close()
        y.mergedInto = older
        threadSlots[younger].parent = Int32(older)
        threadMerges.record(y.id, into: o.id)
        threadByID[y.id] = nil
    }

    // MARK: - Fragment merges

    private func survivingEvent(_ e: Int) -> Int {
        var e = e
        while let next = events[e].mergedInto { e = next }
        return e
    }

    /// Merges into one the fragments of a happening that `event` (just grown) now shows to be one
    /// (`ClusteringConfiguration.fragmentThreshold`); returns the surviving event and the merges.
    private func mergeFragments(of event: Int, time: Double) -> (Int, [FragmentMerge]) {
        let threshold = configuration.fragmentThreshold
        guard threshold > 0 else { return (event, []) }
        var e = event
        var done: [FragmentMerge] = []
        var merged = true
        while merged {
            merged = false
            let thread = threads[rootThread(events[e].thread)]
            thread.recentEvents.removeAll { !isLiveEvent($0, at: time) }
            for f in thread.recentEvents where f != e {
                let (a, b) = (events[f].first, f) <= (events[e].first, e) ? (f, e) : (e, f)
                let earlier = events[a], later = events[b]
                guard later.first - earlier.newest <= configuration.fragmentSpan,
                      Self.intersect(earlier.majorWords, later.majorWords),
                      !later.sample.contains(where: { EventVeto.check($0, earlier, lexicon: profiler.lexicon, explain: false) != nil })
                else { continue }
                // Complete link: every sampled article of the later fragment would join the earlier.
                var weakest = 1.0
                for m in later.sample {
                    weakest = min(weakest, eventModel.probability(GroupFeatures(m, earlier, lexicon: profiler.lexicon)))
                    if weakest < threshold { break }
                }
                guard weakest >= threshold else { continue }
                let (older, younger) = a < b ? (a, b) : (b, a)
                done.append(FragmentMerge(eventID: events[younger].id, intoID: events[older].id, score: weakest))
                mergeEvent(younger, into: older)
                e = older
                merged = true
                break
            }
        }
        return (e, done)
    }

    /// Whether two sorted id lists share an id.
    private static func intersect(_ a: [Int32], _ b: [Int32]) -> Bool {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    private func mergeEvent(_ y: Int, into o: Int) {
        let survivor = events[o], absorbed = events[y]
        // The absorbed event's terms now lead to the survivor.
        let cap = configuration.postingsPerTerm
        eventPostings.withUnsafeMutableBufferPointer { postings in
            for id in absorbed.centroid.ids where !survivor.centroid.contains(id) { Self.post(Int32(o), term: id, in: postings, cap: cap) }
        }
        survivor.absorb(absorbed, sampleSize: configuration.memberSample)
        eventFirst[o] = survivor.first
        let root = rootThread(survivor.thread)
        // (`events` keeps it: reading that list of a long story on every merge cost more than the
        // merges; an absorbed event's `thread` is never read again.)
        threads[root].recentEvents.removeAll { $0 == y }
        if threads[root].latestEvent == y { threads[root].latestEvent = o } else { noteLatest(o, in: root) }
        absorbed.close()
        absorbed.mergedInto = o
        eventFirst[y] = -.infinity
        eventByID[absorbed.id] = nil
        eventMerges.record(absorbed.id, into: survivor.id)
    }

    // MARK: - State updates

    private func newID(_ prefix: String, _ itemID: String) -> String {
        var id = prefix + itemID
        var n = 2
        while issuedIDs.contains(id) { id = "\(prefix)\(itemID)-\(n)"; n += 1 }
        issuedIDs.insert(id)
        return id
    }

    private func foundEvent(id: String, time: Double, thread: Int?, threadID: String) -> Int {
        let index = events.count
        let e = ClusterGroup(id: id, serial: index, time: time)
        issuedIDs.insert(id)
        if let thread {
            e.thread = thread
        } else {
            let t = threads.count
            threads.append(ClusterGroup(id: threadID, serial: t, time: time))
            threadSlots.append(ThreadSlot(parent: Int32(t), newest: time))
            threadByID[threadID] = t
            issuedIDs.insert(threadID)
            openThreads.append(t)
            e.thread = t
        }
        threads[e.thread].events.append(index)
        threads[e.thread].recentEvents.append(index)
        eventFirst.append(time)
        events.append(e)
        noteLatest(index, in: e.thread)
        eventByID[id] = index
        return index
    }

    /// Keeps `latestEvent` of thread `t` after event `e` (one of its events) got a newer article: an
    /// event's newest time only grows, so the running maximum stays exact. Ties go to the earlier event.
    private func noteLatest(_ e: Int, in t: Int) {
        let g = threads[t]
        guard g.latestEvent >= 0 else { g.latestEvent = e; return }
        let (current, candidate) = (events[g.latestEvent].newest, events[e].newest)
        if candidate > current || (candidate == current && e < g.latestEvent) { g.latestEvent = e }
    }

    private func attach(_ p: ItemProfile, to event: Int, url: String?, guid: String?, fingerprint: UInt64?) {
        let e = events[event]
        let root = rootThread(e.thread)
        let t = threads[root]
        let sample = configuration.memberSample
        // Postings for terms new to the group (the centroid holds every term its members had).
        let thread = Int32(root)
        let cap = configuration.postingsPerTerm
        // Through the buffers: indexing the arrays of arrays checked each outer array's uniqueness per term.
        eventPostings.withUnsafeMutableBufferPointer { postings in
            for id in p.keys where !e.centroid.contains(id) { Self.post(Int32(event), term: id, in: postings, cap: cap) }
        }
        threadPostings.withUnsafeMutableBufferPointer { postings in
            for id in p.keys where !t.centroid.contains(id) { Self.post(thread, term: id, in: postings, cap: cap) }
        }
        e.add(p, sampleSize: sample)
        noteLatest(event, in: root)
        t.add(p, sampleSize: configuration.threadSample)
        threadSlots[root].newest = t.newest
        if let url { eventByURL[url] = event }
        if let guid { eventByGUID[guid] = event }
        if let fingerprint { syndication.insert(fingerprint, story: event, time: p.time) }
    }

    /// Adds a posting; a term's list keeps its latest `postingsPerTerm` groups (appended in time
    /// order, so the oldest go first): a term in more open groups than that says little about which
    /// one, and the lists would otherwise make each look-up scan weeks of stale groups.
    private static func post(_ group: Int32, term: Int32, in postings: UnsafeMutableBufferPointer<[Int32]>, cap: Int) {
        postings[Int(term)].append(group)
        if postings[Int(term)].count >= 2 * cap { postings[Int(term)].removeFirst(postings[Int(term)].count - cap) }
    }

    /// Moves the windows to `time`: forgets old document frequencies, closes old events and threads.
    private func advance(to time: Double) {
        let cutoff = time - configuration.window
        window.advance(to: cutoff)
        while firstPossiblyOpenEvent < events.count, events[firstPossiblyOpenEvent].first < cutoff {
            let e = events[firstPossiblyOpenEvent]
            if e.open { e.close(); eventByID[e.id] = nil; eventFirst[firstPossiblyOpenEvent] = -.infinity }
            firstPossiblyOpenEvent += 1
        }
        syndication.expire(before: cutoff)
        itemsSinceCompaction += 1
        if itemsSinceCompaction >= 4096 {
            itemsSinceCompaction = 0
            compact(time: time)
        }
    }

    /// Drops closed events and threads from the indexes (memory follows the windows).
    private func compact(time: Double) {
        let threadCutoff = time - configuration.threadWindow
        openThreads = openThreads.filter { t in
            let g = threads[t]
            guard g.open else { return false }
            if g.newest < threadCutoff { g.close(); threadByID[g.id] = nil; threadSlots[t].newest = -.infinity; return false }
            return true
        }
        // Liveness from the plain arrays (−∞ once closed): reading each posting's group object cost a
        // pointer chase and a retain/release per posting.
        let closed = -Double.infinity
        for t in eventPostings.indices where !eventPostings[t].isEmpty {
            eventPostings[t].removeAll { eventFirst[Int($0)] == closed }
        }
        // Thread postings are also rewritten to their surviving thread: half of those a long stream's
        // look-ups read named a thread absorbed since, one more cache miss each. (Duplicates stay: a
        // term posted by two merged threads still counts twice, as before, so the same candidates win.)
        for t in threadPostings.indices where !threadPostings[t].isEmpty {
            var kept = 0
            for k in threadPostings[t].indices {
                let root = rootThread(Int(threadPostings[t][k]))
                if threadSlots[root].newest != closed { threadPostings[t][kept] = Int32(root); kept += 1 }
            }
            threadPostings[t].removeLast(threadPostings[t].count - kept)
        }
        eventByURL = eventByURL.filter { events[$0.value].open }
        eventByGUID = eventByGUID.filter { events[$0.value].open }
    }

    // MARK: - Explanations

    /// The terms an item shares with an event or thread, heaviest contribution first (at most 8), as written.
    private func sharedTerms(_ p: ItemProfile, _ e: ClusterGroup) -> [String] {
        var shared: [(Float, Int32)] = []
        for (k, id) in p.all.ids.enumerated() {
            if let j = e.centroid.index(of: id) { shared.append((p.all.weights[k] * e.centroid.weights[j], id)) }
        }
        shared.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return shared.prefix(8).map { window.display[Int($0.1)] }
    }

    /// Why a scored event did not get the item: the learnt model's strongest evidence against it,
    /// in the vocabulary of the vetoes where one applies (a different action, days apart), else a low score.
    private func rejection(_ p: ItemProfile, _ e: ClusterGroup, _ f: GroupFeatures, _ score: Double) -> Rejection {
        let signals = PairSignals.all.map(\.name)
        let mean = f.mean
        func value(_ n: String) -> Double { mean[signals.firstIndex(of: n)!] }
        if value("action_conflict") >= 0.5, let a = p.actionWords.first,
           let other = e.sample.lazy.compactMap({ m in m.actions != 0 && m.actions & p.actions == 0 ? m.actionWords.first : nil }).first {
            return Rejection(eventID: e.id, kind: .differentAction, detail: a + "/" + other, score: score)
        }
        let days = abs(p.time - e.newest) / PairSignals.day
        if days > 1 {
            return Rejection(eventID: e.id, kind: .gap, detail: "\(Int(days.rounded())) d", score: score)
        }
        return Rejection(eventID: e.id, kind: .lowScore, detail: String(format: "%.2f", score), score: score)
}
}
