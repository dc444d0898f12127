import Digest
import Foundation
import TextFormats
import Synchronization
import StoryClustering
import VeilleStore

/// Gives every new entry its story (event) and the story its thread, incrementally and in time order,
/// with the same clusterer as `veille cluster`. The clusterer's memory is rebuilt from the store on
/// first use (after a restart) and then weekly: the stored items of the open threads' days go back
/// into their events and threads without any new decision, so event and thread ids stay stable across
/// cycles, restarts and rebuilds.
///
/// Deal posts ("Bon plan : …", `DealDetector`) never reach the clusterer: each gets a story and a
/// thread of its own (`s-d<id>`, `t-d<id>`, reason `deal`), so five offers never merge into one
/// "event", and their words never weigh on the news' term frequencies.
final class StoryAssigner: Sendable {
    /// The stored reason of a deal post's story.
    static let dealReason = "deal"

    private let store: Store
    private let configuration: ClusteringConfiguration
    /// The clusterer and when it was built from the store (`assign`'s `now`).
    private let clusterer = Mutex<(StoryClusterer, builtAt: Date)?>(nil)
    /// The clusterer keeps what it has ever seen: closed events and threads, their ids, every term it
    /// interned (`make bench`, section restore: 72 days at 480 articles a day leave 25.6 MB of heap in
    /// use, growing by 0.36 kB an article; 16.4 MB with a weekly rebuild, flat from day 24). Rebuilding
    /// it from the store, as a restart does, keeps only what the open threads' days need.
    private let rebuildInterval: TimeInterval
    /// Entries reported longer ago than this appear in no digest (digests are rewritten for the last
    /// `horizon` only), so they get a story of their own without text analysis: a new feed's backlog
    /// of old articles costs nothing to cluster.
    private let horizon: TimeInterval
    /// Read the next chunk's French while this one is clustered, one analyser per core (each owns a
    /// stemmer, so one thread each; used under the clusterer's lock, one chunk at a time). With one,
    /// the clusterer's core waited for the analysis most of the time. Made on first use (each builds
    /// its action lexicon through its own stemmer; an all-304 cycle never clusters).
    private let analysers = Mutex<[ItemAnalyser]>([])

    init(store: Store, window: Seconds, digestDays: Int, rebuildInterval: TimeInterval = 7 * 86_400) {
        self.store = store
        self.rebuildInterval = rebuildInterval
        var c = ClusteringConfiguration()
        c.window = TimeInterval(window)
        configuration = c
        horizon = max(TimeInterval(window), TimeInterval(digestDays) * 86_400)
    }

    /// What the poll cycle's store settles as it inserts (the same rule as `assign`'s, decided earlier):
    /// a new entry reported before the horizon gets a story of its own.
    func backlogCutoff(now: Date) -> BacklogCutoff {
        BacklogCutoff(reportedBefore: now.addingTimeInterval(-horizon), reason: ClusterAssignment.Reason.beforeDigestHorizon.rawValue)
    }

    /// Clusters the given entries (new in this cycle) and stores their stories. Returns the earlier
    /// entries that event merges moved to another story: the digests of their days change too.
    @discardableResult
    func assign(entryIDs: [Int64], now: Date) throws(StoreError) -> [Int64] {
        guard !entryIDs.isEmpty else { return [] }
        // Memory: a new feed's backlog (a first cycle of 2,000 feeds is 70,000 entries) is put in time
        // order from (id, time) pairs, then read and clustered a chunk at a time, never all at once.
        let order = try store.unassignedReportTimes(ids: entryIDs).sorted { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) }
        guard !order.isEmpty else { return [] }
        let pending = Set(order.map(\.id))
        return try clusterer.withLock { (slot: inout (StoryClusterer, builtAt: Date)?) throws(StoreError) -> [Int64] in
            // A call that fails part-way drops the clusterer: it may hold decisions the store lacks, and
            // the next call rebuilds it from the store, which is the truth.
            do throws(StoreError) {
                return try cluster(order, pending: pending, now: now, in: &slot)
            } catch {
                slot = nil
                throw error
            }
        }
    }

    /// `assign`'s work, under the clusterer's lock.
    private func cluster(_ order: [(id: Int64, reportedAt: Date)], pending: Set<Int64>, now: Date,
                         in slot: inout (StoryClusterer, builtAt: Date)?) throws(StoreError) -> [Int64] {
        let store = self.store, configuration = self.configuration
        let analysers = self.analysers.withLock { made in
            if made.isEmpty {
                made = (0..<max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))).map { _ in
                    ItemAnalyser(configuration: configuration, knownNames: [])
                }
            }
            return made
        }
        let oldest = now.addingTimeInterval(-horizon)
        // Rebuilt weekly, as after a restart (between two calls the clusterer holds nothing the store
        // lacks: each call ends by writing its merges). `abs`: a clock set back does not put it off.
        if let built = slot?.builtAt, abs(now.timeIntervalSince(built)) >= rebuildInterval { slot = nil }
        if slot == nil { slot = (try rebuild(now: now, pending: pending, analysers: analysers, oldest: oldest), now) }
        let c = slot!.0
        let starts = Array(stride(from: 0, to: order.count, by: Self.chunk))
        // Reads chunk k and analyses what the clusterer will read of it: neither entries before the
        // digest horizon nor deals. Runs beside the clusterer, with the names known when it was started.
        @Sendable func prepare(_ k: Int) throws(StoreError) -> PreparedChunk {
            let ids = order[starts[k]..<min(starts[k] + Self.chunk, order.count)].map(\.id)
            let entries = try store.entries(ids: ids).filter { $0.storyID == nil }.sorted(by: Self.timeOrder)
            let slots = Self.analyse(entries, with: analysers) { Self.isClustered($0, oldest: oldest) }
            var analysed: [Int64: AnalysedItem] = [:]
            for (e, a) in zip(entries, slots) { if let a { analysed[e.id] = a } }
            return PreparedChunk(entries: entries, analysed: analysed)
        }
        for a in analysers { a.knownNames = c.knownNames }
        var current = try prepare(0)
        var unwritten: [StoryAssignment] = []
        for k in starts.indices {
            // While this chunk is clustered, the other core writes the previous chunk's stories and
            // reads and analyses the next chunk: the clusterer's thread only clusters.
            // `StoryClusterer.add` re-reads any item whose reading depended on a name learnt meanwhile.
            let work = ChunkWork()
            let group = DispatchGroup()
            let toWrite = unwritten
            let next = k + 1 < starts.count ? k + 1 : nil
            if next != nil { for a in analysers { a.knownNames = c.knownNames } }
            // Reading and writing side by side too (WAL: the read does not wait for the write).
            if let next {
                DispatchQueue.global().async(group: group) { work.prepared = Result { () throws(StoreError) in try prepare(next) } }
            }
            if !toWrite.isEmpty {
                DispatchQueue.global().async(group: group) { work.written = Result { () throws(StoreError) in try store.assignStories(toWrite) } }
            }
            var assignments: [StoryAssignment] = []
            for e in current.entries {
                assignments.append(e.reportedAt < oldest ? Self.ownStory(e) : Self.assign(e, with: c, analysed: current.analysed[e.id]))
            }
            group.wait()
            try work.written?.get()
            unwritten = assignments
            if let prepared = work.prepared { current = try prepared.get() }
        }
        try store.assignStories(unwritten)
        // Fragments of one event merge (the older id surviving): the stored articles of each absorbed
        // event move to the survivor, in merge order (a survivor may be absorbed in turn). Threads merge
        // when an event links them: the stored events of each absorbed thread move to the survivor.
        // So the digest shows one event and one thread, and a restart restores the merged ones.
        var moved: [Int64] = []
        for merge in c.takeEventMerges() { moved += try store.mergeStory(merge.from, into: merge.into) }
        for merge in c.takeThreadMerges() { try store.mergeThread(merge.from, into: merge.into) }
        return moved
    }

    static let chunk = 1000

    /// When the clusterer in use was built (nil before the first call): for tests.
    var clustererBuiltAt: Date? { clusterer.withLock { $0?.builtAt } }

    /// An entry reported before the digest horizon: a story and a thread of its own, without analysis.
    static func ownStory(_ e: StoredEntry) -> StoryAssignment {
        StoryAssignment(entryID: e.id, storyID: OwnStory.storyID(entry: e.id), threadID: OwnStory.threadID(entry: e.id),
                        score: 1, terms: [], reason: ClusterAssignment.Reason.beforeDigestHorizon.rawValue)
    }

    /// Whether the clusterer reads a new entry: neither one reported before the digest horizon nor a deal.
    static func isClustered(_ e: StoredEntry, oldest: Date) -> Bool {
        e.reportedAt >= oldest && !DealDetector.isDeal(title: e.title, summary: e.summary)
    }

    /// The French of the `entries` that pass `include`, read on every core with the names the analysers
    /// were given, in order (nil for the others).
    private static func analyse(_ entries: [StoredEntry], with analysers: [ItemAnalyser],
                                where include: @Sendable (StoredEntry) -> Bool) -> [AnalysedItem?] {
        var slots = [AnalysedItem?](repeating: nil, count: entries.count)
        slots.withUnsafeMutableBufferPointer { buffer in
            // Worker w writes the indices w, w + n, w + 2n…: each slot by exactly one thread.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: analysers.count) { w in
                for i in stride(from: w, to: entries.count, by: analysers.count) where include(entries[i]) {
                    out[i] = analysers[w].analyse(item(entries[i]))
                }
            }
        }
        return slots
    }

    /// A clusterer rebuilt from the store (after a restart, and weekly): the entries of the open threads'
    /// days go back into their stored events and threads in time order, without any new decision, so
    /// event and thread ids stay stable. Entries stored but never clustered (a crash between two
    /// commits) are clustered at their place in time and their stories written.
    private func rebuild(now: Date, pending: Set<Int64>, analysers: [ItemAnalyser], oldest: Date) throws(StoreError) -> StoryClusterer {
        let c = StoryClusterer(configuration: configuration, explains: false)
        // Times first, then the entries a chunk at a time: 15 days of a big installation's entries,
        // text and all, would be tens of megabytes held at once (the analyses, hundreds).
        let history = try recentHistory(now: now, pending: pending)
        // Frequencies from the event window's days only, as before threads were restored: a primed
        // count is never forgotten, and the older entries are there for their threads, not for IDF.
        let primeSince = now.addingTimeInterval(-configuration.window - 86_400)
        let primed = history.filter { $0.firstSeen >= primeSince }.sorted { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }.map(\.id)
        for start in stride(from: 0, to: primed.count, by: Self.chunk) {
            c.prime(with: try store.entries(ids: Array(primed[start..<min(start + Self.chunk, primed.count)])).map(Self.item))
        }
        let order = history.sorted { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) }.map(\.id)
        var healed: [StoryAssignment] = []
        for start in stride(from: 0, to: order.count, by: Self.chunk) {
            let part = try store.entries(ids: Array(order[start..<min(start + Self.chunk, order.count)])).sorted(by: Self.timeOrder)
            for a in analysers { a.knownNames = c.knownNames }
            let analysed = Self.analyse(part, with: analysers) { e in
                (e.storyID != nil && e.threadID != nil) || Self.isClustered(e, oldest: oldest)
            }
            for (e, a) in zip(part, analysed) {
                if let story = e.storyID, let thread = e.threadID, let a {
                    c.restore(a, storyID: story, threadID: thread)
                } else {
                    healed.append(e.reportedAt < oldest ? Self.ownStory(e) : Self.assign(e, with: c, analysed: a))
                }
            }
        }
        if !healed.isEmpty { try store.assignStories(healed) }
        return c
    }

    /// A deal post's story of its own, or the clusterer's decision for anything else (from the
    /// entry's analysis done ahead when there is one).
    static func assign(_ e: StoredEntry, with c: StoryClusterer, analysed: AnalysedItem? = nil) -> StoryAssignment {
        if let analysed { return assignment(e, c.add(analysed)) }
        if DealDetector.isDeal(title: e.title, summary: e.summary) {
            return StoryAssignment(entryID: e.id, storyID: "s-d\(e.id)", threadID: "t-d\(e.id)", score: 1, terms: [], reason: dealReason)
        }
        return assignment(e, c.add(item(e)))
    }

    /// The clusterer's memory after a restart: the entries of the open threads' days (a thread stays
    /// open `threadWindow` after its latest article, so a follow-up a week later still links to it;
    /// events are open for the shorter `window`), without the batch about to be clustered (new entries
    /// have the highest ids; unassigned ones above the batch's lowest id that are not in it are crash
    /// orphans and are read too).
    private func recentHistory(now: Date, pending: Set<Int64>) throws(StoreError) -> [EntryTimes] {
        let since = now.addingTimeInterval(-max(configuration.window, configuration.threadWindow) - 86_400)
        let lowest = pending.min() ?? Int64.max
        // Deals and backlog entries never entered the clusterer: restoring them would open events for
        // news to join (and a first cycle's backlog, settled as it was stored, would be read back whole).
        let history = try store.entryTimes(firstSeenSince: since, assignedOrIDBelow: lowest,
                                           excludingReasons: [Self.dealReason, ClusterAssignment.Reason.beforeDigestHorizon.rawValue])
        // (The batch is never in `history`: its entries have no story and ids from `lowest` up.)
        let orphans = try store.unassignedEntryTimes(firstSeenSince: since).filter { $0.id >= lowest && !pending.contains($0.id) }
        return history + orphans
    }

    static func timeOrder(_ a: StoredEntry, _ b: StoredEntry) -> Bool {
        (a.reportedAt, a.id) < (b.reportedAt, b.id)
    }

    static func item(_ e: StoredEntry) -> ClusterItem {
        ClusterItem(id: "e\(e.id)", source: Outlet.name(entryURL: e.url, feedName: e.feedName), url: e.url, guid: e.guid,
                    title: e.title, summary: e.summary, published: e.reportedAt)
    }

    static func assignment(_ e: StoredEntry, _ a: ClusterAssignment) -> StoryAssignment {
        StoryAssignment(entryID: e.id, storyID: a.storyID, threadID: a.threadID, score: a.score, terms: a.sharedTerms,
                        reason: a.reason.rawValue,
                        threadLink: a.threadLink.map { StoredThreadLink(eventID: $0.eventID, score: $0.score, terms: $0.sharedTerms) })
    }
}

/// The outlet an entry comes from, for counting distinct sources: its site's domain without `www.`.
enum Outlet {
    static func name(entryURL: String?, feedName: String) -> String {
        guard let u = entryURL, let host = URLHost.lowercased(of: u),
              !host.isEmpty else { return feedName }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}

/// A chunk of new entries in time order, and the analysis of those the clusterer will read, by entry id.
private struct PreparedChunk: @unchecked Sendable {
    let entries: [StoredEntry]
    let analysed: [Int64: AnalysedItem]
}

/// What the other core did during one chunk (the next chunk read and analysed, the previous one's
/// stories written); filled on that thread, read after `DispatchGroup.wait`.
private final class ChunkWork: @unchecked Sendable {
    var prepared: Result<PreparedChunk, StoreError>?
    var written: Result<Void, StoreError>?
}
