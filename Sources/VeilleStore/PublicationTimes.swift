import Foundation

/// A feed's recent publication times as stored in `feed.recent_publications`: whole seconds since
/// 1970, newest first, separated by spaces. The schedule's rhythm needs them after every poll; kept in
/// the feed's row, a 304 needs no read of the feed's entries (a 2,000-feed all-304 cycle did 2,000).
public enum PublicationTimes {
    /// As many as the rhythm looks at, with room for entries dated in the future.
    public static let kept = 30

    /// The newest `kept` distinct times, newest first (a feed's stored and re-fetched entries name
    /// the same dates twice).
    public static func recent(_ dates: [Date]) -> [Date] {
        var seconds = dates.map { $0.timeIntervalSince1970.rounded(.down) }
        seconds.sort(by: >)
        var out: [Date] = []
        out.reserveCapacity(min(seconds.count, kept))
        var last: Double?
        for s in seconds where s != last {
            out.append(Date(timeIntervalSince1970: s))
            last = s
            if out.count == kept { break }
        }
        return out
    }

    static func text(_ dates: [Date]) -> String {
        dates.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) }.joined(separator: " ")
    }

    /// nil for NULL (never recorded: the caller reads the entries instead); unreadable numbers are skipped.
    /// Read byte by byte: every feed's row is read at the start of each cycle.
    static func dates(_ text: String?) -> [Date]? {
        guard var text else { return nil }
        return text.withUTF8 { bytes in
            var out: [Date] = []
            out.reserveCapacity(kept)
            var value: Int64 = 0, digits = 0, negative = false, valid = true
            func end() {
                if digits > 0 && valid { out.append(Date(timeIntervalSince1970: Double(negative ? -value : value))) }
                value = 0; digits = 0; negative = false; valid = true
            }
            for b in bytes {
                switch b {
                case UInt8(ascii: " "): end()
                case UInt8(ascii: "-") where digits == 0 && !negative: negative = true
                case UInt8(ascii: "0")...UInt8(ascii: "9") where digits < 18:
                    value = value * 10 + Int64(b - UInt8(ascii: "0"))
                    digits += 1
                default: valid = false
                }
            }
            end()
            return out
        }
    }
}
