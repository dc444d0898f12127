/// Integers written with a fixed number of digits ("07", "2026"), as `%02d`/`%04d` would write them,
/// without `String(format:)` (Foundation's formatter pages in CoreFoundation's printf for two digits).
public enum Digits {
    /// `n` with leading zeros up to `width` digits; a minus sign comes first (`-07`), like printf's.
    public static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count - (n < 0 ? 1 : 0)))
        return (n < 0 ? "-" : "") + zeros + digits
    }
}
