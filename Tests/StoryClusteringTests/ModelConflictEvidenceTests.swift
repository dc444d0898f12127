import Foundation
import Testing
@testable import StoryClustering

/// `--explain` evidence for two launches of one model line ("Orla 2", then "Orla 3" three days later,
/// inside the first event's 72-hour window): a report of the second launch is kept out of the first
/// launch's event, and says why: a model conflict naming both versions.
@Suite("Model conflict evidence")
struct ModelConflictEvidenceTests {
    static func expectConflict(_ a: ClusterAssignment, firstEvent: String, title: String) {
        #expect(a.storyID != firstEvent, "« \(title) » is another launch")
        let r = a.rejections.first { $0.eventID == firstEvent }
        #expect(r?.kind == .modelConflict, "« \(title) »: \(a.rejections)")
        #expect(r.map { $0.detail.contains("Orla 2") && $0.detail.contains("Orla 3") } == true, "« \(title) »: \(a.rejections)")
    }

    /// The whole fixture: every "Orla 3" report.
    @Test func secondLaunchReportsRejectTheFirstLaunchForTheirVersion() throws {
        let fixture = try StoryFixtureItem.load()
        let run = ClusterRun(fixture.map(\.item))
        let firstEvent = run.event("md1a")
        let second = fixture.filter { $0.event == "orla-3" }
        try #require(second.count >= 2)
        // "Kestria dévoile déjà Orla 3, trois jours après Orla 2" names both versions: the first named
        // is its subject.
        for s in second { Self.expectConflict(run.assignments[s.id]!, firstEvent: firstEvent, title: s.title) }
    }

    /// Without the report naming both versions, the evidence is there.
    @Test func versionOnlyHeadlinesCarryAModelConflict() throws {
        let fixture = try StoryFixtureItem.load().filter { $0.thread == "models" && $0.id != "md2a" }
        let run = ClusterRun(fixture.map(\.item))
        let firstEvent = run.event("md1a")
        for s in fixture where s.event == "orla-3" {
            Self.expectConflict(run.assignments[s.id]!, firstEvent: firstEvent, title: s.title)
            #expect(run.thread(s.id) == run.thread("md1a"))
        }
    }
}
