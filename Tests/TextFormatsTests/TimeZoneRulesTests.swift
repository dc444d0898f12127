import Foundation
import Testing
@testable import TextFormats

/// veille's time zones against Foundation's (ICU's tz data), which they replace in the daemon.
@Suite("Time zone rules")
struct TimeZoneRulesTests {
    let paris = ZoneInfoDirectory.rules(named: "Europe/Paris")!

    func at(_ text: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970)
    }

    @Test func parisSwitchesOn29MarchAnd25October2026() {
        // 02:00 CET becomes 03:00 CEST at 01:00 UTC; 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        #expect(paris.offset(at: at("2026-03-29T00:59:59Z")) == 3600)
        #expect(paris.offset(at: at("2026-03-29T01:00:00Z")) == 7200)
        #expect(paris.offset(at: at("2026-10-25T00:59:59Z")) == 7200)
        #expect(paris.offset(at: at("2026-10-25T01:00:00Z")) == 3600)
        let before = paris.wallClock(at: at("2026-03-29T00:59:59Z")), after = paris.wallClock(at: at("2026-03-29T01:00:00Z"))
        #expect((before.hour, before.minute, before.second) == (1, 59, 59))
        #expect((after.hour, after.minute, after.second) == (3, 0, 0))
    }

    @Test func parisMatchesFoundationFrom1970To2100() {
        let foundation = TimeZone(identifier: "Europe/Paris")!
        // Every transition Foundation knows (and the hour either side), plus a sample every 7 hours.
        var date = Date(timeIntervalSince1970: 0)
        let end = Date(timeIntervalSince1970: 4_102_444_800)
        var checked = 0
        while let next = foundation.nextDaylightSavingTimeTransition(after: date), next < end {
            for t in [next.addingTimeInterval(-3600), next.addingTimeInterval(-1), next, next.addingTimeInterval(3600)] {
                #expect(paris.offset(at: Int64(t.timeIntervalSince1970)) == foundation.secondsFromGMT(for: t), "\(t)")
                checked += 1
            }
            date = next
        }
        for s in stride(from: Int64(0), to: 4_102_444_800, by: 7 * 3600 + 13) {
            let d = Date(timeIntervalSince1970: TimeInterval(s))
            if paris.offset(at: s) != foundation.secondsFromGMT(for: d) {
                Issue.record("offset differs at \(d)")
                break
            }
        }
        #expect(checked > 4 * 200)
    }

    @Test func afterItsTableAZoneFollowsItsRule() {
        // The file lists transitions up to 2037 at most; 2100's come from the POSIX footer.
        #expect(paris.rule != nil)
        #expect(paris.offset(at: at("2100-03-28T00:59:59Z")) == 3600)
        #expect(paris.offset(at: at("2100-03-28T01:00:00Z")) == 7200)
        #expect(paris.offset(at: at("2100-10-31T00:59:59Z")) == 7200)
        #expect(paris.offset(at: at("2100-10-31T01:00:00Z")) == 3600)
    }

    @Test func southernZonesAndOtherRuleForms() {
        let sydney = TimeZoneRules(identifier: "Australia/Sydney", rule: PosixTimeZoneRule("AEST-10AEDT,M10.1.0,M4.1.0/3")!)
        #expect(sydney.offset(at: at("2026-01-15T00:00:00Z")) == 11 * 3600)
        #expect(sydney.offset(at: at("2026-07-15T00:00:00Z")) == 10 * 3600)
        // First Sunday of April 2026 is the 5th: 03:00 AEDT = 16:00 UTC the day before.
        #expect(sydney.offset(at: at("2026-04-04T15:59:59Z")) == 11 * 3600)
        #expect(sydney.offset(at: at("2026-04-04T16:00:00Z")) == 10 * 3600)
        #expect(PosixTimeZoneRule("<+03>-3")?.offset(at: 0) == 3 * 3600)
        #expect(PosixTimeZoneRule("EST5EDT,M3.2.0,M11.1.0")?.standardOffset == -5 * 3600)
        #expect(PosixTimeZoneRule("XXX3YYY,J60/0,J300/0") != nil)
        // Julian day 60 is 1 March, leap year or not.
        let j = TimeZoneRules(identifier: "J", rule: PosixTimeZoneRule("AAA0BBB,J60/0,J300/0")!)
        #expect(j.offset(at: at("2028-02-29T23:59:59Z")) == 0)
        #expect(j.offset(at: at("2028-03-01T00:00:00Z")) == 3600)
        for bad in ["", "CET", "C-1", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5.0", "CET-1CEST,M3.5.0,M10.5.0/200", "CET-x"] {
            #expect(PosixTimeZoneRule(bad) == nil, "\(bad)")
        }
    }

    @Test func aDayThatSkipsMidnightStartsWhenTheClocksJump() {
        // São Paulo's clocks went from 00:00 to 01:00 on 2018-11-04.
        let saoPaulo = ZoneInfoDirectory.rules(named: "America/Sao_Paulo")!
        let day = CivilDate.days(year: 2018, month: 11, day: 4)
        #expect(saoPaulo.startOfDay(days: day) == at("2018-11-04T03:00:00Z"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Sao_Paulo")!
        let noon = Date(timeIntervalSince1970: TimeInterval(at("2018-11-04T15:00:00Z")))
        #expect(Int64(calendar.startOfDay(for: noon).timeIntervalSince1970) == saoPaulo.startOfDay(days: day))
        // A fall back repeats an hour but never midnight in Paris: days start at 00:00 local.
        #expect(paris.startOfDay(days: CivilDate.days(year: 2026, month: 10, day: 25)) == at("2026-10-24T22:00:00Z"))
        #expect(paris.startOfDay(days: CivilDate.days(year: 2026, month: 10, day: 26)) == at("2026-10-25T23:00:00Z"))
        #expect(paris.startOfDay(days: CivilDate.days(year: 2026, month: 3, day: 30)) == at("2026-03-29T22:00:00Z"))
    }

    @Test func fallBackRepeatsAnHourOfWallClock() {
        let first = paris.wallClock(at: at("2026-10-25T00:30:00Z")), second = paris.wallClock(at: at("2026-10-25T01:30:00Z"))
        #expect((first.hour, first.minute) == (2, 30))
        #expect((second.hour, second.minute) == (2, 30))
        #expect(paris.localDays(at: at("2026-10-25T22:59:59Z")) == CivilDate.days(year: 2026, month: 10, day: 25))
        #expect(paris.localDays(at: at("2026-10-25T23:00:00Z")) == CivilDate.days(year: 2026, month: 10, day: 26))
    }

    @Test func utcAndOnlyPlausibleNamesAreLoaded() {
        #expect(TimeZoneRules.utc.offset(at: 1_800_000_000) == 0)
        #expect(ZoneInfoDirectory.rules(named: "UTC", directory: "/nonexistent")?.identifier == "UTC")
        #expect(ZoneInfoDirectory.rules(named: "Europe/Paris", directory: "/nonexistent") == nil)
        for bad in ["", "../../etc/passwd", "/etc/passwd", "Europe/../Europe/Paris", "Europe/", "Europe//Paris", "Mars/Olympus_Mons", ".hidden"] {
            #expect(ZoneInfoDirectory.rules(named: bad) == nil, "\(bad)")
        }
        #expect(ZoneInfoDirectory.rules(named: "America/Argentina/Buenos_Aires")?.offset(at: 1_800_000_000) == -3 * 3600)
    }
}
