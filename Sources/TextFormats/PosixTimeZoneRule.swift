/// A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3"), as the footer of a TZif file gives it: the
/// offsets in force after the file's last listed transition, for every later year.
public struct PosixTimeZoneRule: Sendable, Hashable {
    /// Seconds east of UTC (POSIX writes them west: "CET-1" is +3600).
    public let standardOffset: Int
    public let daylight: Daylight?

    public struct Daylight: Sendable, Hashable {
        public let offset: Int
        let start: Moment
        let end: Moment
    }

    /// A yearly moment: a day rule and a local time of day (seconds, may be negative or past 24 h).
    struct Moment: Sendable, Hashable {
        enum Day: Sendable, Hashable {
            /// Jn: day 1…365, February 29 never counted.
            case julianNoLeap(Int)
            /// n: day 0…365, February 29 counted.
            case zeroBased(Int)
            /// Mm.w.d: the w-th (5 = last) weekday d (0 = Sunday) of month m.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }
        let day: Day
        let time: Int

        /// Seconds since 1970 of this moment in `year`, in local time (the caller subtracts the offset).
        func localSeconds(year: Int) -> Int64 {
            let days: Int
            switch day {
            case .julianNoLeap(let n):
                let leap = CivilDate.daysIn(month: 2, year: year) == 29
                days = CivilDate.days(year: year, month: 1, day: 1) + n - 1 + (leap && n >= 60 ? 1 : 0)
            case .zeroBased(let n):
                days = CivilDate.days(year: year, month: 1, day: 1) + n
            case .monthWeekDay(let month, let week, let weekday):
                let first = CivilDate.days(year: year, month: month, day: 1)
                // 1970-01-01 was a Thursday (4, with Sunday = 0).
                let firstWeekday = ((first + 4) % 7 + 7) % 7
                var day = first + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
                let last = first + CivilDate.daysIn(month: month, year: year) - 1
                while day > last { day -= 7 }
                days = day
            }
            return Int64(days) * 86_400 + Int64(time)
        }
    }

    public init(standardOffset: Int, daylight: Daylight? = nil) {
        self.standardOffset = standardOffset
        self.daylight = daylight
    }

    /// Nil for text that is not a rule this parser knows (the caller then has no rule past the table).
    public init?(_ text: String) {
        var s = Substring(text)
        guard Self.name(&s), let std = Self.offset(&s) else { return nil }
        standardOffset = -std
        if s.isEmpty { daylight = nil; return }
        guard Self.name(&s) else { return nil }
        var dst = standardOffset + 3600
        if let first = s.first, first != "," {
            guard let o = Self.offset(&s) else { return nil }
            dst = -o
        }
        guard s.first == "," else { return nil }
        s.removeFirst()
        guard let start = Self.moment(&s), s.first == "," else { return nil }
        s.removeFirst()
        guard let end = Self.moment(&s), s.isEmpty else { return nil }
        daylight = Daylight(offset: dst, start: start, end: end)
    }

    /// The offset in force at `seconds` since 1970 (UTC).
    public func offset(at seconds: Int64) -> Int {
        guard let d = daylight else { return standardOffset }
        let year = CivilDate.date(days: Int(Self.floorDiv(seconds + Int64(standardOffset), 86_400))).year
        // The start is written in standard time, the end in daylight time.
        let start = d.start.localSeconds(year: year) - Int64(standardOffset)
        let end = d.end.localSeconds(year: year) - Int64(d.offset)
        let inDaylight = start < end ? (seconds >= start && seconds < end) : !(seconds >= end && seconds < start)
        return inDaylight ? d.offset : standardOffset
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    // MARK: parsing

    /// "CET", or "<+03>" for names that are not letters.
    private static func name(_ s: inout Substring) -> Bool {
        if s.first == "<" {
            guard let close = s.firstIndex(of: ">") else { return false }
            s = s[s.index(after: close)...]
            return true
        }
        let letters = s.prefix { $0.isASCII && $0.isLetter }
        guard letters.count >= 3 else { return false }
        s = s.dropFirst(letters.count)
        return true
    }

    /// "[+-]hh[:mm[:ss]]" in seconds, as written (west positive).
    private static func offset(_ s: inout Substring) -> Int? {
        var sign = 1
        if s.first == "+" || s.first == "-" { sign = s.first == "-" ? -1 : 1; s.removeFirst() }
        guard let t = clock(&s) else { return nil }
        return sign * t
    }

    private static func clock(_ s: inout Substring) -> Int? {
        var parts: [Int] = []
        repeat {
            if !parts.isEmpty { s.removeFirst() }
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 3, let n = Int(digits) else { return nil }
            parts.append(n)
            s = s.dropFirst(digits.count)
        } while s.first == ":" && parts.count < 3
        guard parts.count == 1 || (parts[1] < 60 && (parts.count < 3 || parts[2] < 60)) else { return nil }
        return parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
    }

    private static func number(_ s: inout Substring) -> Int? {
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        s = s.dropFirst(digits.count)
        return Int(digits)
    }

    private static func moment(_ s: inout Substring) -> Moment? {
        let day: Moment.Day
        if s.first == "M" {
            s.removeFirst()
            guard let m = number(&s), (1...12).contains(m), s.first == "." else { return nil }
            s.removeFirst()
            guard let w = number(&s), (1...5).contains(w), s.first == "." else { return nil }
            s.removeFirst()
            guard let d = number(&s), (0...6).contains(d) else { return nil }
            day = .monthWeekDay(month: m, week: w, weekday: d)
        } else if s.first == "J" {
            s.removeFirst()
            guard let n = number(&s), (1...365).contains(n) else { return nil }
            day = .julianNoLeap(n)
        } else {
            guard let n = number(&s), (0...365).contains(n) else { return nil }
            day = .zeroBased(n)
        }
        var time = 7200
        if s.first == "/" {
            s.removeFirst()
            // RFC 8536 §3.3.1: the time may be negative or up to 167 hours.
            guard let t = offset(&s), (-167 * 3600...167 * 3600).contains(t) else { return nil }
            time = t
        }
        return Moment(day: day, time: time)
    }
}
