import Foundation
import TextFormats

/// Dates and times as the digest writes them, in its time zone and language.
///
/// Written by hand rather than with `DateFormatter`: the output must not change with the ICU
/// version (golden files, stable Atom entries), formatters are not Sendable, and a big day formats
/// thousands of times.
struct DigestDateText {
    let timeZone: TimeZoneRules
    let language: DigestLanguage

    init(timeZone: TimeZoneRules, language: DigestLanguage) {
        self.timeZone = timeZone
        self.language = language
    }

    private static let frenchWeekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    private static let englishWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let frenchShortWeekdays = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
    private static let englishShortWeekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let frenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                       "août", "septembre", "octobre", "novembre", "décembre"]
    private static let frenchShortMonths = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.",
                                            "août", "sept.", "oct.", "nov.", "déc."]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December"]
    private static let englishShortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                             "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "samedi 28 novembre 2026", "dimanche 1er novembre 2026"; "Saturday, November 28, 2026".
    func dayTitle(_ day: LocalDay) -> String {
        switch language {
        case .fr:
            let weekday = Self.frenchWeekdays[day.isoWeekday - 1]
            let number = day.day == 1 ? "1er" : "\(day.day)"
            return "\(weekday) \(number) \(Self.frenchMonths[day.month - 1]) \(day.year)"
        case .en:
            return "\(Self.englishWeekdays[day.isoWeekday - 1]), \(Self.englishMonths[day.month - 1]) \(day.day), \(day.year)"
        }
    }

    /// An earlier day, short: "jeu. 26 nov." ("Thu, Nov 26"), with the year when it is not `reference`'s.
    func shortDay(_ day: LocalDay, from reference: LocalDay) -> String {
        let year = day.year == reference.year ? "" : " \(day.year)"
        switch language {
        case .fr:
            let number = day.day == 1 ? "1er" : "\(day.day)"
            return "\(Self.frenchShortWeekdays[day.isoWeekday - 1])\u{A0}\(number)\u{A0}\(Self.frenchShortMonths[day.month - 1])\(year)"
        case .en:
            return "\(Self.englishShortWeekdays[day.isoWeekday - 1]), \(Self.englishShortMonths[day.month - 1])\u{A0}\(day.day)\(year.isEmpty ? "" : ",\(year)")"
        }
    }

    /// "18 h 05" (with no-break spaces) or "18:05"; preceded by a short date ("27 nov., 23 h 50",
    /// "Nov 27, 23:50") when the instant falls on another day than `day`.
    func time(_ date: Date, on day: LocalDay) -> String {
        let p = localParts(date)
        let clock = language == .fr
            ? "\(p.hour)\u{A0}h\u{A0}\(Self.pad2(p.minute))"
            : Self.pad2(p.hour) + ":" + Self.pad2(p.minute)
        guard p.year != day.year || p.month != day.month || p.day != day.day else { return clock }
        let sameYear = p.year == day.year
        switch language {
        case .fr:
            let date = "\(p.day == 1 ? "1er" : "\(p.day)")\u{A0}\(Self.frenchShortMonths[p.month - 1])"
            return "\(date)\(sameYear ? "" : " \(p.year)"), \(clock)"
        case .en:
            let date = "\(Self.englishShortMonths[p.month - 1])\u{A0}\(p.day)"
            return "\(date)\(sameYear ? "" : ", \(p.year)"), \(clock)"
        }
    }

    /// "Généré par veille le samedi 28 novembre 2026 à 18 h 30."
    func generatedLine(_ date: Date, words: DigestWords) -> String {
        let day = LocalDay(date: date, timeZone: timeZone)
        return words.generated(date: dayTitle(day), time: time(date, on: day))
    }

    /// RFC 3339 with the local offset ("2026-11-28T08:12:00+01:00"), for `<time datetime>`.
    func localTimestamp(_ date: Date) -> String {
        let p = localParts(date)
        let minutes = abs(p.offset) / 60
        return Self.stamp(p) + (p.offset < 0 ? "-" : "+") + Self.pad2(minutes / 60) + ":" + Self.pad2(minutes % 60)
    }

    /// RFC 3339 in UTC ("2026-11-28T07:12:00Z"), for JSON and Atom. Fractions of a second are dropped.
    static func utcTimestamp(_ date: Date) -> String {
        stamp(parts(secondsSinceEpoch: Int64(date.timeIntervalSince1970.rounded(.down)), offset: 0)) + "Z"
    }

    struct Parts {
        var year, month, day, hour, minute, second, offset: Int
    }

    /// Wall-clock fields in the digest's zone. The zone gives only the offset; the calendar
    /// arithmetic is done here because Calendar calls dominate the rendering time of a big day.
    func localParts(_ date: Date) -> Parts {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = timeZone.offset(at: seconds)
        return Self.parts(secondsSinceEpoch: seconds + Int64(offset), offset: offset)
    }

    private static func parts(secondsSinceEpoch seconds: Int64, offset: Int) -> Parts {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = CivilDate.date(days: Int(days))
        return Parts(year: y, month: m, day: d, hour: secondOfDay / 3600,
                     minute: secondOfDay / 60 % 60, second: secondOfDay % 60, offset: offset)
    }

    private static func stamp(_ p: Parts) -> String {
        let year = String(p.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + pad2(p.month) + "-" + pad2(p.day)
            + "T" + pad2(p.hour) + ":" + pad2(p.minute) + ":" + pad2(p.second)
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
