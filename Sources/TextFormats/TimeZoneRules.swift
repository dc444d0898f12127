/// A time zone as the system's tz database describes it (a TZif file, RFC 8536): its UTC offset at
/// any instant. veille's own because Foundation's TimeZone and Calendar page in ICU (about 5 MB
/// of a daemon that otherwise idles at 50), and because the offset is all the digest needs: the
/// calendar arithmetic is CivilDate's.
public struct TimeZoneRules: Sendable, Hashable {
    /// "Europe/Paris": what Feeds.toml said, and what the digest's JSON reports.
    public let identifier: String
    /// Seconds since 1970 of each transition, ascending, and the offset in force from it on.
    let transitions: [Int64]
    let offsets: [Int]
    /// Before the first transition.
    let initialOffset: Int
    /// After the last transition (a TZif file of version 2 or later ends with it).
    let rule: PosixTimeZoneRule?

    public static let utc = TimeZoneRules(identifier: "UTC", transitions: [], offsets: [], initialOffset: 0, rule: nil)

    init(identifier: String, transitions: [Int64], offsets: [Int], initialOffset: Int, rule: PosixTimeZoneRule?) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.rule = rule
    }

    /// A zone that follows one POSIX rule for all time (tests, and zones without a table).
    public init(identifier: String, rule: PosixTimeZoneRule) {
        self.init(identifier: identifier, transitions: [], offsets: [], initialOffset: rule.standardOffset, rule: rule)
    }

    /// Seconds east of UTC at `seconds` since 1970.
    public func offset(at seconds: Int64) -> Int {
        if let last = transitions.last, seconds >= last, let rule { return rule.offset(at: seconds) }
        if transitions.isEmpty { return rule?.offset(at: seconds) ?? initialOffset }
        guard seconds >= transitions[0] else { return initialOffset }
        // The last transition at or before `seconds`.
        var low = 0, high = transitions.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if transitions[mid] <= seconds { low = mid } else { high = mid - 1 }
        }
        return offsets[low]
    }

    /// Days since 1970-01-01 of the local date at `seconds`.
    public func localDays(at seconds: Int64) -> Int {
        Int(PosixTimeZoneRule.floorDiv(seconds + Int64(offset(at: seconds)), 86_400))
    }

    /// The first instant of the local day `days` (since 1970-01-01): local midnight, or where the
    /// clocks skip midnight, the instant they jump to.
    public func startOfDay(days: Int) -> Int64 {
        let midnight = Int64(days) * 86_400
        // Every offset in force within two days either side (zones move by hours, not days).
        var candidates = Set<Int>()
        for probe in stride(from: midnight - 2 * 86_400, through: midnight + 2 * 86_400, by: 3600) {
            candidates.insert(offset(at: probe))
        }
        // Midnight exists when some offset maps it to an instant where that offset is in force; the
        // first such instant is the day's start (midnight repeated by a fall back counts once, first).
        let valid = candidates.map { midnight - Int64($0) }.filter { offset(at: $0) == Int(midnight - $0) }
        if let first = valid.min() { return first }
        // Skipped: the day starts at the transition, the first instant whose local date is `days`.
        var low = midnight - Int64(candidates.max()!), high = midnight - Int64(candidates.min()!)
        while low < high {
            let mid = low + (high - low) / 2
            if localDays(at: mid) >= days { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// The wall clock at `seconds` since 1970: what a clock on the wall in this zone shows.
    public func wallClock(at seconds: Int64) -> WallClock {
        let local = seconds + Int64(offset(at: seconds))
        let days = PosixTimeZoneRule.floorDiv(local, 86_400)
        let second = Int(local - days * 86_400)
        let (y, m, d) = CivilDate.date(days: Int(days))
        return WallClock(year: y, month: m, day: d, hour: second / 3600, minute: second / 60 % 60, second: second % 60)
    }

    public struct WallClock: Sendable, Hashable {
        public var year, month, day, hour, minute, second: Int
    }
}
