import Foundation
import TextFormats

/// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form and asctime, all in GMT.
/// Hand-written because DateFormatter is neither Sendable nor cheap, and these three forms are fixed;
/// CivilDate rather than Calendar, which would page in ICU's time zone code for GMT.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public static func parse(_ text: String) -> Date? {
        // Tokens split on spaces, commas and dashes: "Sun, 06 Nov 1994 08:49:37 GMT",
        // "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994".
        let tokens = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?
        for t in tokens {
            if let m = months.firstIndex(of: String(t.prefix(3))), t.count == 3 || Self.isMonthName(t) {
                month = m + 1
            } else if t.contains(":") {
                let p = t.split(separator: ":").compactMap { Int($0) }
                guard p.count == 3 else { return nil }
                time = (p[0], p[1], p[2])
            } else if let n = Int(t) {
                if t.count <= 2 && day == nil { day = n }
                else if t.count == 4 || (t.count == 2 && day != nil) { year = t.count == 2 ? (n < 70 ? 2000 + n : 1900 + n) : n }
                else { return nil }
            }
        }
        guard let d = day, let m = month, let y = year, let (hh, mm, ss) = time,
              (1...31).contains(d), (0...23).contains(hh), (0...59).contains(mm), (0...60).contains(ss) else { return nil }
        // Like a lenient Calendar: "31 Apr" is 1 May, second 60 the next minute's first.
        let days = CivilDate.days(year: y, month: m, day: 1) + d - 1
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hh * 3600 + mm * 60 + ss))
    }

    private static func isMonthName(_ t: String) -> Bool {
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].contains(t)
    }

    /// IMF-fixdate, for tests and for `If-Modified-Since` fallbacks.
    public static func format(_ date: Date) -> String {
        let c = TimeZoneRules.utc.wallClock(at: Int64(date.timeIntervalSince1970.rounded(.down)))
        let days = CivilDate.days(year: c.year, month: c.month, day: c.day)
        // 1970-01-01 was a Thursday.
        let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let mons = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { Digits.padded(n, 2) }
        return "\(names[(days % 7 + 7) % 7]), \(two(c.day)) \(mons[c.month - 1]) \(c.year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }
}
