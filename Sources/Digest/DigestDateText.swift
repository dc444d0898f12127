import Foundation

/// Dates and times as the digest writes them, in its time zone and language.
///
/// Written by hand from calendar components rather than with `DateFormatter`: the output must not
/// change with the ICU version (golden files, stable Atom entries), and formatters are not Sendable.
struct DigestDateText {
    let timeZone: TimeZone
    let language: DigestLanguage
    private let calendar: Calendar

    init(timeZone: TimeZone, language: DigestLanguage) {
        self.timeZone = timeZone
        self.language = language
        self.calendar = LocalDay.calendar(timeZone)
    }

    private static let frenchWeekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    private static let englishWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
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

    /// "18 h 05" (with no-break spaces) or "18:05"; preceded by a short date ("27 nov., 23 h 50",
    /// "Nov 27, 23:50") when the instant falls on another day than `day`.
    func time(_ date: Date, on day: LocalDay) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let hour = parts.hour!, minute = parts.minute!
        let clock = language == .fr
            ? "\(hour)\u{A0}h\u{A0}\(minute < 10 ? "0" : "")\(minute)"
            : String(format: "%02d:%02d", hour, minute)
        guard LocalDay(year: parts.year!, month: parts.month!, day: parts.day!) != day else { return clock }
        let sameYear = parts.year! == day.year
        switch language {
        case .fr:
            let date = "\(parts.day! == 1 ? "1er" : "\(parts.day!)")\u{A0}\(Self.frenchShortMonths[parts.month! - 1])"
            return "\(date)\(sameYear ? "" : " \(parts.year!)"), \(clock)"
        case .en:
            let date = "\(Self.englishShortMonths[parts.month! - 1])\u{A0}\(parts.day!)"
            return "\(date)\(sameYear ? "" : ", \(parts.year!)"), \(clock)"
        }
    }

    /// "Généré par veille le samedi 28 novembre 2026 à 18 h 30."
    func generatedLine(_ date: Date, words: DigestWords) -> String {
        let day = LocalDay(date: date, timeZone: timeZone)
        return words.generated(date: dayTitle(day), time: time(date, on: day))
    }

    /// RFC 3339 with the local offset ("2026-11-28T08:12:00+01:00"), for `<time datetime>`.
    func localTimestamp(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
            + sign + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// RFC 3339 in UTC ("2026-11-28T07:12:00Z"), for JSON and Atom. Fractions of a second are dropped.
    static func utcTimestamp(_ date: Date) -> String {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = civilDate(daysSinceEpoch: days)
        return String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y, m, d,
                      secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    // Howard Hinnant's days-to-civil algorithm: exact for the proleptic Gregorian calendar, and
    // far cheaper than a Calendar call for the thousands of timestamps of a big day.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
