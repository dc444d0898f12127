import Foundation
import Testing
@testable import StoryClustering

/// Issue 13's failure classes: the events of one developing story are different events of one thread;
/// the reports of one event, worded differently by each outlet, are one event.
@Suite("Event split")
struct EventSplitTests {
    @Test("The two events of a developing story get different events", arguments: StoryFixtureItem.classes.map(\.thread))
    func eventsOfADevelopingStoryStayApart(thread: String) throws {
        let fixture = try StoryFixtureItem.load()
        let run = ClusterRun(fixture.map(\.item))
        let spec = try #require(StoryFixtureItem.classes.first { $0.thread == thread })
        let first = fixture.filter { $0.event == spec.first }, second = fixture.filter { $0.event == spec.second }
        try #require(first.count >= 2 && second.count >= 2)
        for a in first {
            for b in second {
                #expect(run.event(a.id) != run.event(b.id), "« \(a.title) » / « \(b.title) » are two happenings")
            }
        }
    }

    @Test("The two events of a developing story share a thread", arguments: StoryFixtureItem.classes.map(\.thread))
    func eventsOfADevelopingStoryShareAThread(thread: String) throws {
        let fixture = try StoryFixtureItem.load()
        let run = ClusterRun(fixture.map(\.item))
        let members = fixture.filter { $0.thread == thread }
        try #require(members.count >= 4)
        for m in members {
            #expect(run.thread(m.id) == run.thread(members[0].id), "« \(m.title) » belongs to « \(members[0].title) »'s thread")
        }
    }

    /// Paraphrases: different wording, outlets and fields (title only, title and lead), within hours.
    @Test("The reports of one event share their event", arguments: StoryFixtureItem.classes.flatMap { [$0.first, $0.second] } + ["kestria-office"])
    func reportsOfOneEventStayTogether(event: String) throws {
        let fixture = try StoryFixtureItem.load()
        let run = ClusterRun(fixture.map(\.item))
        let members = fixture.filter { $0.event == event }
        try #require(members.count >= 2)
        for m in members {
            #expect(run.event(m.id) == run.event(members[0].id), "« \(m.title) » reports the same happening as « \(members[0].title) »")
        }
    }

    /// Another story on the same company the same day: neither in the launch's event nor in its thread.
    @Test func unrelatedSameDayStoryOnTheSameCompanyStaysOut() throws {
        let fixture = try StoryFixtureItem.load()
        let run = ClusterRun(fixture.map(\.item))
        let office = fixture.filter { $0.event == "kestria-office" }
        let launches = fixture.filter { $0.thread == "models" }
        try #require(office.count >= 2 && !launches.isEmpty)
        for o in office {
            #expect(run.event(o.id) == run.event(office[0].id))
            #expect(run.thread(o.id) == run.thread(office[0].id))
            for l in launches {
                #expect(run.event(o.id) != run.event(l.id), "« \(o.title) » / « \(l.title) »")
                #expect(run.thread(o.id) != run.thread(l.id), "« \(o.title) » / « \(l.title) »")
            }
        }
    }

    /// Different developing stories of the same days never share a thread.
    @Test func threadsMatchTheLabelledStories() throws {
        let fixture = try StoryFixtureItem.load()
        let run = ClusterRun(fixture.map(\.item))
        for a in fixture {
            for b in fixture where a.id < b.id && a.thread != b.thread {
                #expect(run.thread(a.id) != run.thread(b.id), "« \(a.title) » / « \(b.title) »")
            }
        }
    }
}
