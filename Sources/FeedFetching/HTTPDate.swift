import Foundation

/// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form and asctime, all in GMT.
/// Hand-written because DateFormatter is neither Sendable nor cheap, and these three forms are fixed.
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
        var c = DateComponents()
        c.year = y; c.month = m; c.day = d; c.hour = hh; c.minute = mm; c.second = ss
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "GMT")!
        return cal.date(from: c)
    }

    private static func isMonthName(_ t: String) -> Bool {
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].contains(t)
    }

    /// IMF-fixdate, for tests and for `If-Modified-Since` fallbacks.
    public static func format(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "GMT")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let mons = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[c.weekday! - 1]), \(two(c.day!)) \(mons[c.month! - 1]) \(c.year!) \(two(c.hour!)):\(two(c.minute!)):\(two(c.second!)) GMT"
    }
}
