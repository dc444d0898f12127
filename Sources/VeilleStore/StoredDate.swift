import Foundation
import GRDB
import TextFormats

/// A date column's value, in the text GRDB has always stored ("2026-12-07 06:38:10.123", UTC): the
/// same strings and, read back, the same Date values bit for bit as GRDB's own Date conversion, so
/// databases of every version read and compare as before. veille's own because GRDB converts with
/// a DateFormatter and a Calendar, whose ICU code and data (about 4 MB) a daemon would otherwise keep
/// resident for its whole life just to store a timestamp.
struct StoredDate: DatabaseValueConvertible {
    var date: Date

    init(_ date: Date) { self.date = date }

    var databaseValue: DatabaseValue { Self.text(date).databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        if case .string(let s) = dbValue.storage, let d = parse(s) { return StoredDate(d) }
        // Anything else SQLite calls a date (no seconds, a "T", a number of seconds…): GRDB's reading.
        return Date.fromDatabaseValue(dbValue).map(StoredDate.init)
    }

    /// "yyyy-MM-dd HH:mm:ss.SSS" in UTC, milliseconds rounded to the nearest as DateFormatter does.
    static func text(_ date: Date) -> String {
        let ms = Int64(((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000).rounded())
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let c = TimeZoneRules.utc.wallClock(at: seconds)
        return Digits.padded(c.year, 4) + "-" + Digits.padded(c.month, 2) + "-" + Digits.padded(c.day, 2) + " "
            + Digits.padded(c.hour, 2) + ":" + Digits.padded(c.minute, 2) + ":" + Digits.padded(c.second, 2)
            + "." + Digits.padded(Int(ms - seconds * 1000), 3)
    }

    /// The stored form, with or without milliseconds; nil for any other text.
    static func parse(_ text: String) -> Date? {
        var utf8 = text.utf8.makeIterator()
        var fields: [Int] = []
        var value = 0, digits = 0
        // Field widths and the separator after each: yyyy-MM-dd HH:mm:ss.SSS
        let layout: [(width: Int, separator: UInt8?)] = [(4, 0x2D), (2, 0x2D), (2, 0x20), (2, 0x3A), (2, 0x3A), (2, 0x2E), (3, nil)]
        var index = 0
        while let byte = utf8.next() {
            if byte >= 0x30 && byte <= 0x39 {
                guard digits < layout[index].width else { return nil }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
            } else {
                guard digits == layout[index].width, byte == layout[index].separator, index < 5 || byte == 0x2E else { return nil }
                fields.append(value)
                value = 0; digits = 0; index += 1
            }
        }
        guard digits == layout[index].width, index >= 5 else { return nil }
        fields.append(value)
        if fields.count == 6 { fields.append(0) }
        guard (1...12).contains(fields[1]), (1...31).contains(fields[2]), fields[3] < 24, fields[4] < 60, fields[5] < 60
        else { return nil }
        let days = CivilDate.days(year: fields[0], month: fields[1], day: fields[2])
        // Summed as Foundation's Gregorian calendar sums it for GRDB: whole days since 2001, then the
        // time of day with its fraction (another order can differ in the last bit).
        let secondOfDay = fields[3] * 3600 + fields[4] * 60 + fields[5]
        return Date(timeIntervalSinceReferenceDate: Double((days - 11_323) * 86_400)
            + (Double(secondOfDay) + Double(fields[6]) / 1000))
    }
}

extension Row {
    /// A non-null date column (GRDB traps on NULL the same way for Date).
    func date(_ column: String) -> Date { (self[column] as StoredDate).date }

    func optionalDate(_ column: String) -> Date? { (self[column] as StoredDate?)?.date }
}

extension Date {
    /// As a statement argument, in the stored text.
    var stored: StoredDate { StoredDate(self) }
}

extension Optional where Wrapped == Date {
    var stored: StoredDate? { map(StoredDate.init) }
}
