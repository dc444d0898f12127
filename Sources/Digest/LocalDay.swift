import Foundation
import TextFormats

/// A calendar day in some time zone ("2026-11-28"): the unit a digest covers.
///
/// A day is not always 24 hours long: in Europe/Paris 2026-03-29 lasts 23 hours and 2026-10-25
/// lasts 25, so a day's bounds always come from the calendar, never from adding 86,400 seconds.
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
    public init(date: Date, timeZone: TimeZone) {
        let parts = LocalDay.calendar(timeZone).dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
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
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public var description: String { isoString }

    /// From local midnight to the next local midnight: 23 or 25 hours on the days the clocks change.
    /// Where a time zone skips midnight itself, the day starts at its first existing instant.
    public func interval(in timeZone: TimeZone) -> DateInterval {
        DateInterval(start: start(in: timeZone), end: next.start(in: timeZone))
    }

    public var next: LocalDay { adding(days: 1) }
    public var previous: LocalDay { adding(days: -1) }

    /// Calendar arithmetic in UTC, where every day is a plain day.
    public func adding(days: Int) -> LocalDay {
        let utc = TimeZone(identifier: "UTC")!
        let calendar = LocalDay.calendar(utc)
        let moved = calendar.date(byAdding: .day, value: days, to: noon(in: utc))!
        return LocalDay(date: moved, timeZone: utc)
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601), for the day titles.
    public var isoWeekday: Int {
        let utc = TimeZone(identifier: "UTC")!
        let sundayFirst = LocalDay.calendar(utc).component(.weekday, from: noon(in: utc))
        return (sundayFirst + 5) % 7 + 1
    }

    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // Noon exists on every day in every time zone, so it anchors the day unambiguously.
    private func noon(in timeZone: TimeZone) -> Date {
        LocalDay.calendar(timeZone).date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    private func start(in timeZone: TimeZone) -> Date {
        LocalDay.calendar(timeZone).startOfDay(for: noon(in: timeZone))
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }
}
