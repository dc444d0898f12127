import Foundation
import Testing
@testable import VeilleCore

/// The clock is a parameter: every case below runs at a fixed `now`.
@Suite("Scheduling policy")
struct SchedulePolicyTests {
    // Saturday 28 November 2026, 10:00:00 GMT.
    let now = Date(timeIntervalSince1970: 1_795_860_000)

    func input(_ outcome: SchedulePolicy.Outcome = .fetched, publications: [Date] = [], hints: SchedulePolicy.PublisherHints = .init(),
               jitter: Double = 0.5, interval: Int = 1800) -> SchedulePolicy.Input {
        SchedulePolicy.Input(now: now, outcome: outcome, interval: interval, minInterval: 900, maxInterval: 12 * 3600,
                             publications: publications, hints: hints, jitter: jitter)
    }

    func delay(_ d: SchedulePolicy.Decision) -> Double { d.next!.timeIntervalSince(now) }

    @Test func configuredIntervalWithoutHistory() {
        let d = SchedulePolicy.next(input())
        #expect(delay(d) == 1800)
        #expect(d.reason == "configured interval")
    }

    @Test func spreadIsTenPercentEachWay() {
        #expect(delay(SchedulePolicy.next(input(jitter: 0))) == 1620)
        #expect(abs(delay(SchedulePolicy.next(input(jitter: 0.999999))) - 1980) < 0.01)
    }

    @Test func busyFeedIsPolledAtTheFloorNeverMoreOften() {
        let every5min = (0..<20).map { now.addingTimeInterval(Double(-300 * $0 - 60)) }
        let d = SchedulePolicy.next(input(publications: every5min, jitter: 0))
        #expect(delay(d) == 900, "15 minutes is the default floor")
        #expect(d.reason == "publishing rhythm")
    }

    @Test func dailyFeedIsPolledTwiceADay() {
        let daily = (0..<10).map { now.addingTimeInterval(Double(-86_400 * $0 - 3600)) }
        #expect(delay(SchedulePolicy.next(input(publications: daily))) == 12 * 3600)
    }

    @Test func hourlyFeedIsPolledEveryHalfHour() {
        let hourly = (0..<10).map { now.addingTimeInterval(Double(-3600 * $0 - 600)) }
        #expect(delay(SchedulePolicy.next(input(publications: hourly))) == 1800)
    }

    @Test func quietFeedSlowsDown() {
        // Used to publish hourly, silent for 20 hours: a quarter of the silence (5 h).
        let old = (0..<10).map { now.addingTimeInterval(Double(-20 * 3600 - 3600 * $0)) }
        #expect(delay(SchedulePolicy.next(input(publications: old))) == 5 * 3600)
    }

    @Test func tooLittleHistoryFallsBackToConfiguration() {
        let two = [now.addingTimeInterval(-60), now.addingTimeInterval(-120)]
        #expect(SchedulePolicy.next(input(publications: two)).reason == "configured interval")
        let ancient = (0..<10).map { now.addingTimeInterval(Double(-40 * 86_400 - 60 * $0)) }
        #expect(SchedulePolicy.next(input(publications: ancient)).reason == "configured interval")
    }

    @Test func failuresBackOffExponentiallyUpToADay() {
        let delays = (1...10).map { delay(SchedulePolicy.next(input(.failed(consecutiveFailures: $0)))) }
        #expect(delays.prefix(6) == [1800, 3600, 7200, 14_400, 28_800, 57_600])
        #expect(delays.suffix(4).allSatisfy { $0 == 86_400 })
        #expect(delay(SchedulePolicy.next(input(.failed(consecutiveFailures: 3), jitter: 0))) == 5400)
        #expect(delay(SchedulePolicy.next(input(.failed(consecutiveFailures: 30), jitter: 0.99))) == 86_400)
    }

    @Test func retryAfterIsObeyedEvenOnFailure() {
        let hints = SchedulePolicy.PublisherHints(retryAfter: now.addingTimeInterval(7200))
        let d = SchedulePolicy.next(input(.failed(consecutiveFailures: 1), hints: hints))
        #expect(delay(d) == 7200)
        #expect(d.reason == "Retry-After")
        let far = SchedulePolicy.PublisherHints(retryAfter: now.addingTimeInterval(30 * 86_400))
        #expect(delay(SchedulePolicy.next(input(.failed(consecutiveFailures: 1), hints: far))) == 7 * 86_400)
    }

    @Test func cacheHintsAreFloors() {
        #expect(delay(SchedulePolicy.next(input(hints: .init(freshUntil: now.addingTimeInterval(3 * 3600))))) == 3 * 3600)
        #expect(delay(SchedulePolicy.next(input(hints: .init(freshUntil: now.addingTimeInterval(60))))) == 1800, "a short max-age does not make us poll sooner")
        #expect(delay(SchedulePolicy.next(input(hints: .init(ttlMinutes: 120)))) == 7200)
        #expect(SchedulePolicy.next(input(hints: .init(ttlMinutes: 120))).reason == "RSS ttl")
        #expect(delay(SchedulePolicy.next(input(hints: .init(updatePeriod: "daily", updateFrequency: 4)))) == 6 * 3600)
        #expect(delay(SchedulePolicy.next(input(hints: .init(ttlMinutes: 525_600)))) == 86_400, "a year-long ttl is capped at a day")
    }

    @Test func cacheHintsDoNotDelayRetriesAfterFailure() {
        let d = SchedulePolicy.next(input(.failed(consecutiveFailures: 1), hints: .init(ttlMinutes: 600)))
        #expect(delay(d) == 1800)
    }

    @Test func skipHoursMovesToTheNextAllowedHour() {
        // now + 30 min = 10:30 GMT; hours 10, 11, 12 are skipped → 13:00.
        let d = SchedulePolicy.next(input(hints: .init(skipHours: [10, 11, 12])))
        #expect(delay(d) == 3 * 3600)
        #expect(d.reason.hasSuffix("after skipHours/skipDays"))
    }

    @Test func skipDaysMovesToTheNextDay() {
        // Saturday → Sunday 00:00 GMT is 14 h away; Sunday skipped too → Monday 00:00.
        #expect(delay(SchedulePolicy.next(input(hints: .init(skipDays: ["Saturday", "sunday"])))) == 14 * 3600 + 86_400)
    }

    @Test func skippingEverythingIsIgnored() {
        #expect(delay(SchedulePolicy.next(input(hints: .init(skipHours: Set(0..<24))))) == 1800)
    }

    @Test func goneIsNeverPolledAgain() {
        #expect(SchedulePolicy.next(input(.gone)).next == nil)
    }
}
