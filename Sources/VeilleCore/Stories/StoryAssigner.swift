import Foundation
import Synchronization
import StoryClustering
import VeilleStore

/// Gives every new entry its story, incrementally and in time order, with the same clusterer as
/// `veille cluster`. The clusterer's memory is rebuilt from the store on first use (after a
/// restart): stored items of the open window go back into their stories without any new decision,
/// so story ids stay stable across cycles and restarts.
final class StoryAssigner: Sendable {
    private let store: Store
    private let configuration: ClusteringConfiguration
    private let clusterer = Mutex<StoryClusterer?>(nil)
    /// Story ids handed out or restored by this process, to notice when a merge pass folds one into another.
    private let known = Mutex<Set<String>>([])

    init(store: Store, window: Seconds) {
        self.store = store
        var c = ClusteringConfiguration()
        c.window = TimeInterval(window)
        configuration = c
    }

    /// Clusters the given entries (new in this cycle) and stores their stories. Returns how many
    /// joined an existing story.
    @discardableResult
    func assign(entryIDs: [Int64], now: Date) throws(StoreError) -> Int {
        guard !entryIDs.isEmpty else { return 0 }
        let fresh = try store.entries(ids: entryIDs).filter { $0.storyID == nil }
        let pending = Set(fresh.map(\.id))
        let restored: [StoredEntry]? = clusterer.withLock { $0 == nil } ? try recentHistory(now: now) : nil
        return try clusterer.withLock { (slot: inout StoryClusterer?) throws(StoreError) -> Int in
            if slot == nil {
                let c = StoryClusterer(configuration: configuration)
                let history = (restored ?? []).filter { !pending.contains($0.id) }
                c.prime(with: history.map(Self.item))
                var orphans: [StoredEntry] = []
                for e in history.sorted(by: Self.timeOrder) {
                    if let story = e.storyID { c.restore(Self.item(e), storyID: story) } else { orphans.append(e) }
                }
                slot = c
                // Entries stored but never clustered (a crash between the two commits) are healed now.
                if !orphans.isEmpty { try store.assignStories(orphans.map { Self.assignment($0, c.add(Self.item($0))) }) }
            }
            let c = slot!
            var joined = 0
            var assignments: [StoryAssignment] = []
            for e in fresh.sorted(by: Self.timeOrder) {
                let a = c.add(Self.item(e))
                if a.reason != .newStory { joined += 1 }
                assignments.append(Self.assignment(e, a))
            }
            try store.assignStories(assignments)
            try relabelMerged(c, adding: Set(assignments.map(\.storyID)) .union(history(restored)))
            return joined
        }
    }

    private func history(_ restored: [StoredEntry]?) -> Set<String> {
        Set((restored ?? []).compactMap(\.storyID))
    }

    /// The clusterer may fold a young story into an older one when a later item shows they are one
    /// event; the stored entries of the absorbed story then move to the survivor, so the digest shows
    /// one story and a restart restores the merged one.
    private func relabelMerged(_ c: StoryClusterer, adding ids: Set<String>) throws(StoreError) {
        let merges: [(String, String)] = known.withLock { set in
            set.formUnion(ids)
            var moved: [(String, String)] = []
            for id in set {
                let survivor = c.currentStoryID(for: id)
                if survivor != id { moved.append((id, survivor)) }
            }
            for (id, _) in moved { set.remove(id) }
            return moved.sorted { $0.0 < $1.0 }
        }
        for (from, into) in merges { try store.mergeStory(from, into: into) }
    }

    private func recentHistory(now: Date) throws(StoreError) -> [StoredEntry] {
        try store.entries(firstSeenSince: now.addingTimeInterval(-configuration.window - 86_400))
    }

    static func timeOrder(_ a: StoredEntry, _ b: StoredEntry) -> Bool {
        (a.reportedAt, a.id) < (b.reportedAt, b.id)
    }

    static func item(_ e: StoredEntry) -> ClusterItem {
        ClusterItem(id: "e\(e.id)", source: Outlet.name(entryURL: e.url, feedName: e.feedName), url: e.url, guid: e.guid,
                    title: e.title, summary: e.summary, published: e.reportedAt)
    }

    static func assignment(_ e: StoredEntry, _ a: ClusterAssignment) -> StoryAssignment {
        StoryAssignment(entryID: e.id, storyID: a.storyID, score: a.score, terms: a.sharedTerms, reason: a.reason.rawValue)
    }
}

/// The outlet an entry comes from, for counting distinct sources: its site's domain without `www.`.
enum Outlet {
    static func name(entryURL: String?, feedName: String) -> String {
        guard let u = entryURL, let host = URLComponents(string: u)?.host?.lowercased(), !host.isEmpty else { return feedName }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}
