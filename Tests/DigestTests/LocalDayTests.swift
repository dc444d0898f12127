import Foundation
import TextFormats
import Testing
@testable import Digest

/// Which local day an instant belongs to, and how long a day is, in Europe/Paris — including
/// the two days of 2026 when the clocks change.
@Suite("Local days in Europe/Paris")
struct LocalDayTests {
    let paris = DigestFixture.paris
    func day(_ s: String) -> LocalDay { LocalDay(isoString: s)! }
    func at(_ s: String) -> Date { DigestFixture.date(s) }

    @Test func ordinaryDayLasts24Hours() {
        let interval = day("2026-11-28").interval(in: paris)
        #expect(interval.start == at("2026-11-28T00:00:00+01:00"))
        #expect(interval.end == at("2026-11-29T00:00:00+01:00"))
        #expect(interval.duration == 24 * 3600)
    }

    @Test func springForwardDayLasts23Hours() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST.
        let interval = day("2026-03-29").interval(in: paris)
        #expect(interval.start == at("2026-03-28T23:00:00Z"))
        #expect(interval.end == at("2026-03-29T22:00:00Z"))
        #expect(interval.duration == 23 * 3600)
        #expect(LocalDay(date: at("2026-03-29T01:59:59+01:00"), timeZone: paris) == day("2026-03-29"))
        #expect(LocalDay(date: at("2026-03-29T03:00:00+02:00"), timeZone: paris) == day("2026-03-29"))
        #expect(LocalDay(date: at("2026-03-29T23:59:59+02:00"), timeZone: paris) == day("2026-03-29"))
        #expect(LocalDay(date: at("2026-03-30T00:00:00+02:00"), timeZone: paris) == day("2026-03-30"))
        #expect(LocalDay(date: at("2026-03-28T23:59:59+01:00"), timeZone: paris) == day("2026-03-28"))
    }

    @Test func fallBackDayLasts25Hours() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        let interval = day("2026-10-25").interval(in: paris)
        #expect(interval.start == at("2026-10-24T22:00:00Z"))
        #expect(interval.end == at("2026-10-25T23:00:00Z"))
        #expect(interval.duration == 25 * 3600)
        #expect(LocalDay(date: at("2026-10-25T02:30:00+02:00"), timeZone: paris) == day("2026-10-25"))
        #expect(LocalDay(date: at("2026-10-25T02:30:00+01:00"), timeZone: paris) == day("2026-10-25"))
        #expect(LocalDay(date: at("2026-10-25T23:59:59+01:00"), timeZone: paris) == day("2026-10-25"))
        #expect(LocalDay(date: at("2026-10-26T00:00:00+01:00"), timeZone: paris) == day("2026-10-26"))
        #expect(LocalDay(date: at("2026-10-24T23:59:59+02:00"), timeZone: paris) == day("2026-10-24"))
    }

    @Test func consecutiveDaysTileTime() {
        // Every instant belongs to exactly one day: each day ends where the next begins.
        var d = day("2026-03-27")
        while d < day("2026-11-02") {
            #expect(d.interval(in: paris).end == d.next.interval(in: paris).start)
            d = d.next
        }
    }

    @Test func timesAcrossTheChangeShowLocalClock() {
        let dates = DigestDateText(timeZone: paris, language: .fr)
        let d = day("2026-10-25")
        #expect(dates.time(at("2026-10-25T02:30:00+02:00"), on: d) == "2\u{A0}h\u{A0}30")
        #expect(dates.time(at("2026-10-25T02:30:00+01:00"), on: d) == "2\u{A0}h\u{A0}30")
        #expect(dates.time(at("2026-10-24T23:50:00+02:00"), on: d) == "24\u{A0}oct., 23\u{A0}h\u{A0}50")
        #expect(dates.localTimestamp(at("2026-10-25T02:30:00+01:00")) == "2026-10-25T02:30:00+01:00")
        #expect(dates.localTimestamp(at("2026-10-25T02:30:00+02:00")) == "2026-10-25T02:30:00+02:00")
        let en = DigestDateText(timeZone: paris, language: .en)
        #expect(en.time(at("2026-03-29T03:05:00+02:00"), on: day("2026-03-29")) == "03:05")
        #expect(en.time(at("2025-12-31T23:05:00+01:00"), on: day("2026-01-01")) == "Dec\u{A0}31, 2025, 23:05")
    }

    @Test func buildingADayAcrossTheChangeKeepsItsArticles() {
        // Sources at both 02:30s of the fall-back night belong to the same digest.
        let first = DigestFixture.source("a", outlet: "Numerama", at: "2026-10-25T02:30:00+02:00")
        let second = DigestFixture.source("b", outlet: "Next", at: "2026-10-25T02:30:00+01:00")
        let model = DigestFixture.build([DigestStoryInput(id: "s", sources: [second, first])], day: "2026-10-25")
        let story = model.topStories[0]
        #expect(story.sources.map(\.entryID) == ["a", "b"])
        #expect(story.updated.timeIntervalSince(story.firstReported) == 3600)
        #expect(MarkdownRenderer.render(model).contains("premier article à 2\u{A0}h\u{A0}30"))
    }

    @Test func isoStrings() {
        #expect(day("2026-11-28").isoString == "2026-11-28")
        #expect(LocalDay(year: 2026, month: 3, day: 9)?.isoString == "2026-03-09")
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01T00", "", "２０２６-01-01"] {
            #expect(LocalDay(isoString: bad) == nil, "\(bad)")
        }
        #expect(LocalDay(isoString: "2028-02-29") != nil)
    }

    @Test func arithmeticAndTitles() {
        #expect(day("2026-12-31").next == day("2027-01-01"))
        #expect(day("2026-03-01").previous == day("2026-02-28"))
        #expect(day("2026-11-28").isoWeekday == 6)
        #expect(day("2026-11-28") < day("2026-11-29"))
        let fr = DigestDateText(timeZone: paris, language: .fr)
        #expect(fr.dayTitle(day("2026-11-28")) == "samedi 28 novembre 2026")
        #expect(fr.dayTitle(day("2026-11-01")) == "dimanche 1er novembre 2026")
        #expect(DigestDateText(timeZone: paris, language: .en).dayTitle(day("2026-11-28")) == "Saturday, November 28, 2026")
    }

    @Test func utcTimestamps() {
        #expect(DigestDateText.utcTimestamp(at("2026-11-28T08:12:34.9+01:00")) == "2026-11-28T07:12:34Z")
        #expect(DigestDateText.utcTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(DigestDateText.utcTimestamp(at("2028-02-29T23:59:59Z")) == "2028-02-29T23:59:59Z")
        #expect(DigestDateText.utcTimestamp(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
