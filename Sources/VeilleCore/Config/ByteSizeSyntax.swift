import Foundation

/// Sizes as written in Feeds.toml: a whole number and a unit, `B`, `KB`, `MB`, `GB` (case-insensitive;
/// `KiB`, `MiB`, `GiB` are accepted as synonyms). Like nginx and systemd, K/M/G are powers of 1024:
/// "10MB" is 10 485 760 bytes.
public enum ByteSizeSyntax {
    public static func parse(_ text: String) -> Result<Int, ConfigValueError> {
        let s = text.trimmingCharacters(in: .whitespaces)
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        let unit = s.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        if s.contains(".") || s.contains(",") {
            return .failure(.init("fractional size '\(text)': use a whole number, e.g. \"1536KB\""))
        }
        guard let n = Int(digits) else {
            return .failure(.init("invalid size '\(text)': expected a number and a unit, e.g. \"10MB\""))
        }
        let factor: Int
        switch unit {
        case "b": factor = 1
        case "k", "kb", "kib": factor = 1 << 10
        case "m", "mb", "mib": factor = 1 << 20
        case "g", "gb", "gib": factor = 1 << 30
        case "": return .failure(.init("invalid size '\(text)': missing unit (B, KB, MB or GB)"))
        default: return .failure(.init("invalid size '\(text)': unknown unit '\(unit)' (use B, KB, MB or GB)"))
        }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: factor)
        guard !overflow else { return .failure(.init("size '\(text)' is too large")) }
        return .success(bytes)
    }
}

/// What is wrong with one value, before it is placed at a line and column.
public struct ConfigValueError: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
