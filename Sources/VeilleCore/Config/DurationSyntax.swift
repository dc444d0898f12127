import Foundation

/// Durations as written in Feeds.toml: one or more `<whole number><unit>` groups, units `d`, `h`,
/// `m`, `s`, largest first ("30m", "1h30m", "45s", "2d"). Fractions ("1.5h") are refused rather
/// than rounded, so what the user reads is exactly what veille does; write "1h30m".
public enum DurationSyntax {
    public static func parse(_ text: String) -> Result<Seconds, ConfigValueError> {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return .failure(.init("empty duration")) }
        if s.contains(".") || s.contains(",") {
            return .failure(.init("fractional duration '\(text)': use whole units, e.g. \"1h30m\""))
        }
        let units: [(Character, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var total = 0
        var digits = ""
        var lastUnitIndex = -1
        for ch in s {
            if ch.isASCII, ch.isNumber {
                digits.append(ch)
                continue
            }
            guard let idx = units.firstIndex(where: { $0.0 == Character(ch.lowercased()) }) else {
                return .failure(.init("invalid duration '\(text)': unknown unit '\(ch)' (use d, h, m, s)"))
            }
            guard let n = Int(digits) else {
                return .failure(.init("invalid duration '\(text)': a number must precede '\(ch)'"))
            }
            guard idx > lastUnitIndex else {
                return .failure(.init("invalid duration '\(text)': units must go from largest to smallest, each once"))
            }
            let (product, overflow) = n.multipliedReportingOverflow(by: units[idx].1)
            guard !overflow, total <= Int.max - product else { return .failure(.init("duration '\(text)' is too large")) }
            total += product
            lastUnitIndex = idx
            digits = ""
        }
        if !digits.isEmpty {
            return .failure(.init("invalid duration '\(text)': missing unit after \(digits) (e.g. \"\(digits)s\" or \"\(digits)m\")"))
        }
        return .success(total)
    }

    /// The shortest canonical spelling ("1h30m"), for messages and `veille feeds`.
    public static func format(_ seconds: Seconds) -> String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}
