import Foundation
import GRDB
import TextFormats

/// Dates as the database stores them: GRDB's text form "yyyy-MM-dd HH:mm:ss.SSS" (UTC), written and
/// read by hand. GRDB goes through a DateFormatter (ICU) to write one and a Calendar to read one:
/// several microseconds each, and a cold cycle writes three per entry and an all-304 cycle reads
/// dozens per feed. The text is byte for byte what GRDB writes, so old rows, SQL comparisons
/// between stored dates and GRDB's own reading of them are unchanged.
enum DatabaseDateText {
    /// The text of `date`, as GRDB's `Date.databaseValue` writes it.
    static func string(_ date: Date) -> String {
        // As the formatter GRDB uses: milliseconds since 1970, to the nearest, halves upwards.
        let millis = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        // ICU's calendar is Julian before 1582: those (and years past 9999) take GRDB's own path.
        guard millis >= gregorianFloorMillis, millis < 253_402_300_800_000 else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let ms = Int(millis)
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        var inDay = ms - days * 86_400_000
        let (year, month, day) = CivilDate.date(days: days)
        return String(unsafeUninitializedCapacity: 23, initializingUTF8With: { (out: UnsafeMutableBufferPointer<UInt8>) -> Int in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0); out[4] = UInt8(ascii: "-")
            put(month, 2, at: 5); out[7] = UInt8(ascii: "-")
            put(day, 2, at: 8); out[10] = UInt8(ascii: " ")
            put(inDay / 3_600_000, 2, at: 11); inDay %= 3_600_000; out[13] = UInt8(ascii: ":")
            put(inDay / 60_000, 2, at: 14); inDay %= 60_000; out[16] = UInt8(ascii: ":")
            put(inDay / 1000, 2, at: 17); out[19] = UInt8(ascii: ".")
            put(inDay % 1000, 3, at: 20)
            return 23
        })
    }

    /// The date of a stored value; values of any other shape (numbers, hand-written rows) are read
    /// by GRDB as before.
    static func date(_ value: DatabaseValue) -> Date? {
        if case .string(var text) = value.storage, let d = text.withUTF8({ parse($0) }) { return d }
        return Date.fromDatabaseValue(value)
    }

    /// The value to bind for `date` (nil stays NULL).
    static func value(_ date: Date?) -> String? {
        date.map(string)
    }

    /// "yyyy-MM-dd HH:mm:ss.SSS" exactly, else nil.
    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count == 23, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: ".") else { return nil }
        func number(_ start: Int, _ width: Int) -> Int? {
            var v = 0
            for i in start..<start + width {
                let d = b[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), let milli = number(20, 3),
              year >= 1583, (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        // Summed as Foundation's Gregorian calendar sums them (GRDB reads dates with it), so that
        // both give the very same double: midnight, then the time of day with its fraction.
        let midnight = Double(CivilDate.days(year: year, month: month, day: day) * 86_400 - 978_307_200)
        let inDay = Double(hour * 3600 + minute * 60 + second) + Double(milli * 1_000_000) / 1_000_000_000
        return Date(timeIntervalSinceReferenceDate: midnight + inDay)
    }

    /// 1583-01-01T00:00:00Z: the first full Gregorian year in every calendar involved.
    private static let gregorianFloorMillis = Double(CivilDate.days(year: 1583, month: 1, day: 1)) * 86_400_000
}

extension Row {
    /// The stored date in column `index` (nil for NULL), read with `DatabaseDateText`.
    func date(_ index: Int) -> Date? {
        DatabaseDateText.date(self[index] as DatabaseValue)
    }

    /// The stored date of a NOT NULL column; anything unreadable fails as GRDB's own decoding does.
    func requiredDate(_ index: Int) -> Date {
        date(index) ?? self[index]
    }
}
