import Foundation

/// What `veille poll` says when no feed was due: when the next one is, and how not to wait.
public enum PollHint {
    /// "nothing due: next poll at 14:35 (in 12 min); `veille poll --all` polls every feed now".
    public static func nothingDue(next: Date?, now: Date, timeZone: TimeZone) -> String {
        let hint = "`veille poll --all` polls every feed now"
        guard let next else { return "nothing due: no feed is scheduled; \(hint)" }
        let seconds = max(0, Int(next.timeIntervalSince(now).rounded(.up)))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: next)
        let sameDay = calendar.isDate(next, inSameDayAs: now)
        let clock = String(format: "%02d:%02d", p.hour ?? 0, p.minute ?? 0)
        let when = sameDay ? clock : String(format: "%04d-%02d-%02d ", p.year ?? 0, p.month ?? 0, p.day ?? 0) + clock
        return "nothing due: next poll at \(when) (\(timeZone.identifier), \(delay(seconds))); \(hint)"
    }

    /// "in 12 min", "in 2 h 05", "in 40 s", "now".
    static func delay(_ seconds: Int) -> String {
        if seconds <= 0 { return "now" }
        if seconds < 60 { return "in \(seconds) s" }
        let minutes = (seconds + 59) / 60
        if minutes < 60 { return "in \(minutes) min" }
        return "in \(minutes / 60) h \(String(format: "%02d", minutes % 60))"
    }
}
