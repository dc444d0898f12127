import Foundation
import Testing
@testable import StoryClustering

/// A restart: the daemon restores the stored items with their event and thread ids, then adds new
/// ones; ids must be those of a run that never stopped. Same input, same assignments.
@Suite("Restore stability")
struct RestoreStabilityTests {
    /// Restores `stored` (in time order) into a fresh clusterer primed like `ClusterRun`, then adds `rest`.
    /// `ahead`: each item analysed first, as the daemon does on every core, by an analyser that knows no
    /// name (so `restore` must read again those whose sentence-initial word it has learnt is a name).
    static func restarted(stored: [(ClusterItem, storyID: String, threadID: String)], rest: [ClusterItem],
                          prime: [ClusterItem], ahead: Bool = false) -> ClusterRun {
        let c = StoryClusterer()
        c.prime(with: prime)
        let analyser = ItemAnalyser(knownNames: [])
        for (item, s, t) in stored {
            if ahead { c.restore(analyser.analyse(item), storyID: s, threadID: t) } else { c.restore(item, storyID: s, threadID: t) }
        }
        return ClusterRun(rest, clusterer: c, prime: false)
    }

    @Test("Restoring the first part of the stream and adding the rest gives the same ids", arguments: [8, 19, 30], [false, true])
    func restoreThenAddMatchesAnUninterruptedRun(split: Int, ahead: Bool) throws {
        let items = try StoryFixtureItem.load().map(\.item)
        let whole = ClusterRun(items)
        let stored = whole.order.prefix(split).map { id in
            (items.first { $0.id == id }!, storyID: whole.event(id), threadID: whole.thread(id))
        }
        let rest = whole.order.dropFirst(split).map { id in items.first { $0.id == id }! }
        let resumed = Self.restarted(stored: stored, rest: rest, prime: items, ahead: ahead)
        for item in rest {
            #expect(resumed.event(item.id) == whole.event(item.id), "« \(item.title) »")
            #expect(resumed.thread(item.id) == whole.thread(item.id), "« \(item.title) »")
        }
        for (item, _, t) in stored {
            #expect(resumed.clusterer.currentThreadID(for: t) == whole.thread(item.id), "« \(item.title) »")
        }
        if ahead {
            // Read ahead without the names, restored as if read in place: the same profiles, so the same scores.
            let plain = Self.restarted(stored: stored, rest: rest, prime: items)
            for item in rest { #expect(resumed.assignments[item.id]?.score == plain.assignments[item.id]?.score, "« \(item.title) »") }
        }
    }

    /// A report of the unrelated Montréal event that names the model links the office thread into
    /// the launch thread: the launch thread is older, its id survives, the office event keeps its id.
    static let bridge = ClusterItem(
        id: "br1", source: "lesechos.fr", url: "https://www.lesechos.fr/tech/br1.html",
        title: "Kestria s’installe à Montréal pour vendre Orla 2 aux entreprises nord-américaines",
        summary: "Le bureau de Montréal, qui comptera 150 personnes, commercialisera le modèle ouvert Orla 2 lancé mardi.",
        published: ISO8601DateFormatter().date(from: "2025-03-12T08:00:00+01:00")!)
    static let followUp = ClusterItem(
        id: "br2", source: "clubic.com", title: "Kestria recrute à Montréal pour commercialiser Orla 2",
        published: ISO8601DateFormatter().date(from: "2025-03-12T10:30:00+01:00")!)

    static func mergeStream() throws -> [ClusterItem] {
        try StoryFixtureItem.load().filter { $0.event == "orla-2" || $0.event == "kestria-office" }.map(\.item) + [bridge, followUp]
    }

    @Test func threadMergeKeepsTheOlderThreadID() throws {
        let run = ClusterRun(try Self.mergeStream())
        let launch = run.assignments["md1a"]!, office = run.assignments["ko1a"]!, bridge = run.assignments["br1"]!
        try #require(launch.threadID != office.threadID, "the office story starts a thread of its own")
        #expect(bridge.storyID == office.storyID)
        #expect(bridge.threadLink?.eventID == launch.storyID)
        #expect(bridge.threadID == launch.threadID)
        #expect(run.clusterer.currentThreadID(for: office.threadID) == launch.threadID)
        #expect(run.clusterer.currentThreadID(for: launch.threadID) == launch.threadID)
        #expect(run.thread("br2") == launch.threadID)
        // Events are never renamed by a thread merge.
        #expect(run.event("ko1b") == office.storyID && run.event("md1b") == launch.storyID)
    }

    /// After a restart, whether the store kept the ids as issued (the younger thread's id on the
    /// office reports) or rewrote them after the merge, later items get the older thread's id.
    @Test("Thread ids survive a restart after a merge", arguments: [false, true])
    func threadIDsSurviveARestartAfterAMerge(storeRewritesMergedThreads: Bool) throws {
        let items = try Self.mergeStream()
        let whole = ClusterRun(items)
        let stored = whole.order.filter { $0 != "br2" }.map { id in
            (items.first { $0.id == id }!, storyID: whole.event(id),
             threadID: storeRewritesMergedThreads ? whole.thread(id) : whole.assignments[id]!.threadID)
        }
        let resumed = Self.restarted(stored: stored, rest: [Self.followUp], prime: items)
        #expect(resumed.event("br2") == whole.event("br2"))
        #expect(resumed.thread("br2") == whole.thread("md1a"))
        // Ids as issued: the restored office event sits in "t-ko1a" until the bridge report (stored
        // under the launch thread) restores the merge. Rewritten ids: the process never hears of "t-ko1a".
        if !storeRewritesMergedThreads {
            #expect(resumed.clusterer.currentThreadID(for: whole.assignments["ko1a"]!.threadID) == whole.thread("md1a"))
        }
        for id in whole.order where id != "br2" { #expect(resumed.clusterer.currentThreadID(for: stored.first { $0.0.id == id }!.threadID) == whole.thread(id)) }
    }

    @Test func sameInputGivesIdenticalAssignments() throws {
        let items = try StoryFixtureItem.load().map(\.item)
        let a = ClusterRun(items), b = ClusterRun(items)
        #expect(a.order == b.order)
        for id in a.order {
            #expect(a.assignments[id] == b.assignments[id], "\(id)")
            #expect(a.thread(id) == b.thread(id))
        }
    }
}
