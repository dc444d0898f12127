import Foundation
import TextFormats
import Testing
@testable import VeilleCore

/// What `veille poll` says when no feed was due.
@Suite("Nothing-due hint")
struct PollHintTests {
    let paris = ZoneInfoDirectory.rules(named: "Europe/Paris")!
    let now = Date(timeIntervalSince1970: 1_795_860_000)   // Saturday 28 November 2026, 11:00 in Paris

    @Test func saysWhenAndHowNotToWait() {
        #expect(PollHint.nothingDue(next: now.addingTimeInterval(12 * 60), now: now, timeZone: paris)
            == "nothing due: next poll at 11:12 (Europe/Paris, in 12 min); `veille poll --all` polls every feed now")
        #expect(PollHint.nothingDue(next: now.addingTimeInterval(14 * 3600 + 5 * 60), now: now, timeZone: paris)
            == "nothing due: next poll at 2026-11-29 01:05 (Europe/Paris, in 14 h 05); `veille poll --all` polls every feed now")
        #expect(PollHint.nothingDue(next: nil, now: now, timeZone: paris)
            == "nothing due: no feed is scheduled; `veille poll --all` polls every feed now")
        #expect(PollHint.delay(40) == "in 40 s")
        #expect(PollHint.delay(0) == "now")
    }
}
