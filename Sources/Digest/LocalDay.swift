import Foundation
import TextFormats

/// A calendar day in some time zone ("2026-11-28"): the unit a digest covers.
///
/// A day is not always 24 hours long: in Europe/Paris 2026-03-29 lasts 23 hours and 2026-10-25
/// lasts 25, so a day's bounds always come from the zone's rules, never from adding 86,400 seconds.
public struct LocalDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Fails for dates that do not exist ("2026-02-30").
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local day on which `date` falls in `timeZone`.
    public init(date: Date, timeZone: TimeZoneRules) {
        let (y, m, d) = CivilDate.date(days: timeZone.localDays(at: Self.seconds(date)))
        self.year = y
        self.month = m
        self.day = d
    }

    /// Parses exactly `YYYY-MM-DD`, the form of `veille digest --date` and of the file names.
    public init?(isoString: String) {
        let parts = isoString.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// "2026-11-28": the digest's file name stem.
    public var isoString: String {
        Digits.padded(year, 4) + "-" + Digits.padded(month, 2) + "-" + Digits.padded(day, 2)
    }

    public var description: String { isoString }

    /// From local midnight to the next local midnight: 23 or 25 hours on the days the clocks change.
    /// Where a time zone skips midnight itself, the day starts at its first existing instant.
    public func interval(in timeZone: TimeZoneRules) -> DateInterval {
        DateInterval(start: start(in: timeZone), end: next.start(in: timeZone))
    }

    public var next: LocalDay { adding(days: 1) }
    public var previous: LocalDay { adding(days: -1) }

    /// Plain day arithmetic: days, not hours, so no time zone is involved.
    public func adding(days: Int) -> LocalDay {
        let (y, m, d) = CivilDate.date(days: daysSince1970 + days)
        return LocalDay(uncheckedYear: y, month: m, day: d)
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601), for the day titles.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        ((daysSince1970 + 3) % 7 + 7) % 7 + 1
    }

    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private var daysSince1970: Int { CivilDate.days(year: year, month: month, day: day) }

    private init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    private func start(in timeZone: TimeZoneRules) -> Date {
        Date(timeIntervalSince1970: TimeInterval(timeZone.startOfDay(days: daysSince1970)))
    }

    /// Whole seconds since 1970, rounded down (as the local time of day shows them).
    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
