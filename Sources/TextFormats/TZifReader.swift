/// Reads TZif files (RFC 8536, versions 1 to 4), the binary form of the tz database in
/// /usr/share/zoneinfo: the transition table (64-bit in version 2 and later) and the POSIX rule
/// in the footer. Leap-second records are skipped: the files veille reads carry none (and Date
/// ignores leap seconds anyway).
public enum TZifReader {
    public struct Malformed: Error, Sendable, Equatable {
        public let reason: String
    }

    public static func rules(identifier: String, bytes: [UInt8]) throws(Malformed) -> TimeZoneRules {
        var r = Cursor(bytes: bytes)
        let v1 = try header(&r)
        guard v1.version >= 2 else {
            return try block(&r, v1, timeSize: 4, identifier: identifier, rule: nil)
        }
        // Skip the 32-bit block: version 2+ repeats everything with 64-bit times.
        try r.skip(v1.timecnt * 5 + v1.typecnt * 6 + v1.charcnt + v1.leapcnt * 8 + v1.isstdcnt + v1.isutcnt)
        let v2 = try header(&r)
        let start = r.offset
        try r.skip(v2.timecnt * 9 + v2.typecnt * 6 + v2.charcnt + v2.leapcnt * 12 + v2.isstdcnt + v2.isutcnt)
        var rule: PosixTimeZoneRule?
        if r.offset < bytes.count, bytes[r.offset] == 0x0A,
           let end = bytes[(r.offset + 1)...].firstIndex(of: 0x0A), end > r.offset + 1 {
            rule = PosixTimeZoneRule(String(decoding: bytes[(r.offset + 1)..<end], as: UTF8.self))
        }
        r.offset = start
        return try block(&r, v2, timeSize: 8, identifier: identifier, rule: rule)
    }

    struct Header {
        var version: Int
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int
    }

    private static func header(_ r: inout Cursor) throws(Malformed) -> Header {
        guard Array(try r.take(4)) == Array("TZif".utf8) else { throw Malformed(reason: "not a TZif file") }
        let v = try r.take(1).first!
        let version = v == 0 ? 1 : Int(v) - 0x30
        guard (1...9).contains(version) else { throw Malformed(reason: "unknown TZif version") }
        try r.skip(15)
        let counts = try (0..<6).map { _ throws(Malformed) in try Int(r.int32()) }
        guard counts.allSatisfy({ $0 >= 0 }), counts[4] >= 1 else { throw Malformed(reason: "bad counts") }
        return Header(version: version, isutcnt: counts[0], isstdcnt: counts[1], leapcnt: counts[2],
                      timecnt: counts[3], typecnt: counts[4], charcnt: counts[5])
    }

    private static func block(_ r: inout Cursor, _ h: Header, timeSize: Int, identifier: String,
                              rule: PosixTimeZoneRule?) throws(Malformed) -> TimeZoneRules {
        var times: [Int64] = []
        for _ in 0..<h.timecnt { times.append(timeSize == 8 ? try r.int64() : Int64(try r.int32())) }
        let indices = try r.take(h.timecnt).map(Int.init)
        var types: [Int] = []
        for _ in 0..<h.typecnt {
            types.append(Int(try r.int32()))
            try r.skip(2)
        }
        // The rest (abbreviations, leap seconds, indicators) is not needed, but must be there.
        try r.skip(h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt)
        guard indices.allSatisfy({ $0 < types.count }) else { throw Malformed(reason: "bad type index") }
        guard zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }) else { throw Malformed(reason: "transitions out of order") }
        return TimeZoneRules(identifier: identifier, transitions: times, offsets: indices.map { types[$0] },
                             initialOffset: types[0], rule: rule)
    }

    struct Cursor {
        let bytes: [UInt8]
        var offset = 0

        mutating func take(_ n: Int) throws(Malformed) -> ArraySlice<UInt8> {
            guard n >= 0, n <= bytes.count - offset else { throw Malformed(reason: "truncated") }
            defer { offset += n }
            return bytes[offset..<(offset + n)]
        }

        mutating func skip(_ n: Int) throws(Malformed) { _ = try take(n) }

        mutating func int32() throws(Malformed) -> Int32 {
            Int32(bitPattern: try take(4).reduce(0) { $0 << 8 | UInt32($1) })
        }

        mutating func int64() throws(Malformed) -> Int64 {
            Int64(bitPattern: try take(8).reduce(0) { $0 << 8 | UInt64($1) })
        }
    }
}
