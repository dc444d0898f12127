import Foundation
import Testing
@testable import StoryClustering

/// Threads across days: an event on the same names joins the earlier event's thread while that
/// thread is open (two weeks after its latest article), not later.
@Suite("Thread links")
struct ThreadLinkTests {
    /// One developing story alone, its second event moved to start `days` after the first one's start.
    static func story(_ thread: String, secondEventAfter days: Double) throws -> (first: [StoryFixtureItem], second: [StoryFixtureItem], run: ClusterRun) {
        let spec = try #require(StoryFixtureItem.classes.first { $0.thread == thread })
        let fixture = try StoryFixtureItem.load()
        let first = fixture.filter { $0.event == spec.first }, second = fixture.filter { $0.event == spec.second }
        let start = { (items: [StoryFixtureItem]) in items.map(\.item.published).min()! }
        let shift = days * 86_400 - start(second).timeIntervalSince(start(first))
        return (first, second, ClusterRun(first.map(\.item) + shifted(second.map(\.item), by: shift)))
    }

    @Test("An event 3 to 10 days later on the same names joins the thread",
          arguments: StoryFixtureItem.classes.map(\.thread), [3.0, 6.0, 10.0])
    func laterEventJoinsTheThread(thread: String, days: Double) throws {
        let (first, second, run) = try Self.story(thread, secondEventAfter: days)
        for s in second {
            #expect(run.event(s.id) != run.event(first[0].id), "« \(s.title) », \(days) d later")
            #expect(run.thread(s.id) == run.thread(first[0].id), "« \(s.title) », \(days) d later")
        }
        let link = try #require(second.lazy.compactMap { run.assignments[$0.id]!.threadLink }.first)
        #expect(link.eventID == run.event(first[0].id))
        #expect(link.score >= run.clusterer.configuration.threadThreshold)
        #expect(!link.sharedTerms.isEmpty)
    }

    @Test("An event 30 days later starts a thread of its own", arguments: StoryFixtureItem.classes.map(\.thread))
    func eventAMonthLaterStartsANewThread(thread: String) throws {
        let (first, second, run) = try Self.story(thread, secondEventAfter: 30)
        for s in second {
            #expect(run.event(s.id) != run.event(first[0].id))
            #expect(run.thread(s.id) != run.thread(first[0].id), "« \(s.title) », 30 d later")
            #expect(run.assignments[s.id]!.threadLink == nil)
        }
    }

    /// The link says which earlier event, and through which names.
    @Test func threadLinkNamesTheEarlierEventAndTheSharedNames() throws {
        let run = ClusterRun(try StoryFixtureItem.load().map(\.item))
        let link = try #require(run.assignments["cb2a"]?.threadLink)
        #expect(link.eventID == run.event("cb1a"))
        #expect(link.sharedTerms.contains("Orbi") && link.sharedTerms.contains("Halcyon"), "\(link.sharedTerms)")
    }
}
