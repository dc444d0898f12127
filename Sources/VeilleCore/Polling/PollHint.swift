import Foundation
import TextFormats

/// What `veille poll` says when no feed was due: when the next one is, and how not to wait.
public enum PollHint {
    /// "nothing due: next poll at 14:35 (in 12 min); `veille poll --all` polls every feed now".
    public static func nothingDue(next: Date?, now: Date, timeZone: TimeZoneRules) -> String {
        let hint = "`veille poll --all` polls every feed now"
        guard let next else { return "nothing due: no feed is scheduled; \(hint)" }
        let seconds = max(0, Int(next.timeIntervalSince(now).rounded(.up)))
        let p = timeZone.wallClock(at: Int64(next.timeIntervalSince1970.rounded(.down)))
        let today = timeZone.wallClock(at: Int64(now.timeIntervalSince1970.rounded(.down)))
        let sameDay = (p.year, p.month, p.day) == (today.year, today.month, today.day)
        let clock = Digits.padded(p.hour, 2) + ":" + Digits.padded(p.minute, 2)
        let when = sameDay ? clock : Digits.padded(p.year, 4) + "-" + Digits.padded(p.month, 2) + "-" + Digits.padded(p.day, 2) + " " + clock
        return "nothing due: next poll at \(when) (\(timeZone.identifier), \(delay(seconds))); \(hint)"
    }

    /// "in 12 min", "in 2 h 05", "in 40 s", "now".
    static func delay(_ seconds: Int) -> String {
        if seconds <= 0 { return "now" }
        if seconds < 60 { return "in \(seconds) s" }
        let minutes = (seconds + 59) / 60
        if minutes < 60 { return "in \(minutes) min" }
        return "in \(minutes / 60) h \(Digits.padded(minutes % 60, 2))"
    }
}
