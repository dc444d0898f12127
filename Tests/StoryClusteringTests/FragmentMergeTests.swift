import Foundation
import Testing
@testable import StoryClustering

/// One happening reported in two wordings (a breakdown, then the operator's apology for "an incident")
/// first splits into two events; the reports that use both wordings show they are one, and the
/// fragments merge, the older event's id surviving (`ClusteringConfiguration.fragmentThreshold`).
@Suite("Fragment merge")
struct FragmentMergeTests {
    /// The developing-stories fixture is the background (document frequencies), as a day's other news.
    func items() throws -> (all: [ClusterItem], fragments: [StoryFixtureItem]) {
        let fragments = try StoryFixtureItem.load("fragments.jsonl")
        return (try StoryFixtureItem.load().map(\.item) + fragments.map(\.item), fragments)
    }

    @Test func fragmentsOfOneHappeningMergeUnderTheOlderID() throws {
        let (all, fragments) = try items()
        let run = ClusterRun(all)
        let outage = fragments.filter { $0.event == "outage" }
        for r in outage {
            #expect(run.event(r.id) == "s-a1", "« \(r.title) » reports the breakdown")
        }
        // The apology founded an event of its own, which the merge absorbed.
        #expect(run.assignments["b1"]?.reason == .newStory)
        #expect(run.clusterer.currentStoryID(for: "s-b1") == "s-a1")
        #expect(run.clusterer.takeEventMerges().map { "\($0.from)>\($0.into)" } == ["s-b1>s-a1"])
        // The article that showed it says so (`--explain`'s "absorbed").
        let merges = run.order.flatMap { run.assignments[$0]!.absorbed }
        #expect(merges.map(\.eventID) == ["s-b1"] && merges.allSatisfy { $0.intoID == "s-a1" && $0.score >= 0.35 })
        #expect(run.clusterer.takeEventMerges().isEmpty)
        // Another story on the same company the same day stays out.
        #expect(run.event("x1") != "s-a1")
    }

    @Test func withoutTheMergeTheHappeningStaysSplit() throws {
        var configuration = ClusteringConfiguration()
        configuration.fragmentThreshold = 0
        let run = ClusterRun(try items().all, configuration: configuration)
        #expect(run.event("b1") == "s-b1")
        #expect(run.event("a1") == "s-a1")
        #expect(run.thread("b1") == run.thread("a1"))
        #expect(run.clusterer.takeEventMerges().isEmpty)
    }

    /// After a restart the store holds the merged event; the clusterer rebuilt from it keeps joining
    /// new reports to the survivor.
    @Test func aRestoredMergedEventKeepsGrowing() throws {
        let all = try items().all
        let run = ClusterRun(all)
        let restored = StoryClusterer()
        restored.prime(with: all)
        let sorted = all.sorted { $0.published < $1.published }
        for item in sorted {
            let a = try #require(run.assignments[item.id])
            restored.restore(item, storyID: run.clusterer.currentStoryID(for: a.storyID), threadID: run.clusterer.currentThreadID(for: a.threadID))
        }
        let later = StoryFixtureItem(id: "d1", source: "leparisien.fr", url: "https://leparisien.fr/d1.html",
                                     title: "Panne des numéros d'urgence : Telcora s’excuse pour l'incident technique",
                                     summary: nil, published: "2026-03-04T12:10:00+01:00", event: "outage", thread: nil)
        #expect(restored.add(later.item).storyID == "s-a1")
    }
}
