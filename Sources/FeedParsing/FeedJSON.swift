import Foundation
import TextFormats

/// The `veille parse --json` document of DESIGN.md: fixed key order, explicit `null`s,
/// dates as RFC 3339 UTC without fraction (`2025-02-10T18:00:00Z`).
/// Hand-written rather than `JSONEncoder` so that `nil` becomes `null` instead of a missing key.
public enum FeedJSON {
    public static func encode(_ feed: ParsedFeed) -> String {
        var o = ""
        o.reserveCapacity(4096)
        o += "{\"format\": "; str(feed.format.rawValue, &o)
        o += ", \"title\": "; str(feed.title, &o)
        o += ", \"link\": "; opt(feed.link, &o)
        o += ", \"description\": "; str(feed.description, &o)
        o += ", \"language\": "; opt(feed.language, &o)
        o += ", \"updated\": "; opt(feed.updated.map(rfc3339), &o)
        o += ", \"entries\": ["
        for (i, e) in feed.entries.enumerated() {
            o += i == 0 ? "\n  {" : ",\n  {"
            o += "\"id\": "; opt(e.id, &o)
            o += ", \"title\": "; str(e.title, &o)
            o += ", \"link\": "; opt(e.link, &o)
            o += ", \"published\": "; opt(e.published.map(rfc3339), &o)
            o += ", \"updated\": "; opt(e.updated.map(rfc3339), &o)
            o += ", \"authors\": "; list(e.authors, &o)
            o += ", \"summary\": "; str(e.summary, &o)
            o += ", \"content_html\": "; opt(e.contentHTML, &o)
            o += ", \"categories\": "; list(e.categories, &o)
            o += ", \"enclosures\": ["
            for (j, x) in e.enclosures.enumerated() {
                if j > 0 { o += ", " }
                o += "{\"url\": "; str(x.url, &o)
                o += ", \"type\": "; opt(x.type, &o)
                o += ", \"length\": "; o += x.length.map(String.init) ?? "null"
                o += "}"
            }
            o += "], \"image\": "; opt(e.image, &o)
            o += "}"
        }
        o += feed.entries.isEmpty ? "]" : "\n ]"
        o += ", \"warnings\": "; list(feed.warnings, &o)
        o += "}\n"
        return o
    }

    /// `2025-02-10T18:00:00Z`, computed by hand (no shared, non-Sendable formatter).
    public static func rfc3339(_ date: Date) -> String {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        let c = CivilTime(unix: t)
        func p(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(p(c.year, 4))-\(p(c.month, 2))-\(p(c.day, 2))T\(p(c.hour, 2)):\(p(c.minute, 2)):\(p(c.second, 2))Z"
    }

    private static func opt(_ s: String?, _ o: inout String) {
        if let s { str(s, &o) } else { o += "null" }
    }

    private static func list(_ a: [String], _ o: inout String) {
        o += "["
        for (i, s) in a.enumerated() {
            if i > 0 { o += ", " }
            str(s, &o)
        }
        o += "]"
    }

    private static func str(_ s: String, _ o: inout String) {
        JSONString.append(s, to: &o)
    }
}

/// A UTC date and time, to and from seconds since 1970 (`CivilDate` counts the days).
/// Used both ways by the date parser and the JSON encoder; no Calendar or TimeZone objects involved.
struct CivilTime {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day; self.hour = hour; self.minute = minute; self.second = second
    }

    init(unix t: Int64) {
        var days = t / 86400
        var rem = t % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        hour = Int(rem / 3600); minute = Int(rem % 3600 / 60); second = Int(rem % 60)
        (year, month, day) = CivilDate.date(days: Int(days))
    }

    /// Seconds since 1970 for this UTC time, or nil when a field is out of range.
    var unixTime: Int64? {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        return Int64(CivilDate.days(year: year, month: month, day: day)) * 86400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
    }
}
