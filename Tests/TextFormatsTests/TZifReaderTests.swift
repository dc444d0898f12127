import Testing
@testable import TextFormats

/// TZif files that are not the system's: a version 1 file, and damaged ones.
@Suite("TZif reader")
struct TZifReaderTests {
    /// A version 1 file: one transition at t = 1000 from +1 h (type 0) to +2 h (type 1).
    func version1() -> [UInt8] {
        func be32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
        var b = Array("TZif".utf8) + [0] + [UInt8](repeating: 0, count: 15)
        b += be32(0) + be32(0) + be32(0) + be32(1) + be32(2) + be32(8)   // isut, isstd, leap, time, type, char
        b += be32(1000) + [1]
        b += be32(3600) + [0, 0] + be32(7200) + [1, 4]
        b += Array("CET\0CES\0".utf8)
        return b
    }

    @Test func readsAVersion1File() throws {
        let rules = try TZifReader.rules(identifier: "Test/One", bytes: version1())
        #expect(rules.offset(at: 999) == 3600)
        #expect(rules.offset(at: 1000) == 7200)
        #expect(rules.offset(at: -5_000_000_000) == 3600)
        #expect(rules.offset(at: 5_000_000_000) == 7200)
    }

    @Test func refusesDamagedFiles() {
        let good = version1()
        for bad in [[], Array(good.prefix(30)), Array(good.dropLast(3)), Array("TZiX".utf8) + good.dropFirst(4)] {
            #expect(throws: TZifReader.Malformed.self) { try TZifReader.rules(identifier: "X", bytes: bad) }
        }
        var outOfRange = good
        outOfRange[44 + 4] = 7   // the transition's type index
        #expect(throws: TZifReader.Malformed.self) { try TZifReader.rules(identifier: "X", bytes: outOfRange) }
    }
}
