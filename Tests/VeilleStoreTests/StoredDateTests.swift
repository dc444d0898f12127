import Foundation
import GRDB
import Testing
@testable import VeilleStore

/// The store writes and reads dates itself (no DateFormatter, no Calendar): the text and the Date
/// values must be GRDB's own, bit for bit, or old and new rows would compare wrongly.
@Suite("Stored dates")
struct StoredDateTests {
    /// Deterministic dates: whole seconds, milliseconds, sub-millisecond noise, before 1970 and
    /// around 2001-01-01 (Foundation's reference date, where the sums round differently).
    static func samples() -> [Date] {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return x >> 11 }
        var out: [Date] = []
        for i in 0..<20_000 {
            let unit = Double(next()) / Double(1 << 53)
            switch i % 5 {
            case 0: out.append(Date(timeIntervalSince1970: (unit * 2_000_000_000).rounded()))
            case 1: out.append(Date(timeIntervalSince1970: (unit * 2_000_000_000_000).rounded() / 1000))
            case 2: out.append(Date(timeIntervalSince1970: unit * 4_000_000_000 - 100_000_000))
            case 3: out.append(Date(timeIntervalSinceReferenceDate: unit * 6_000_000 - 3_000_000))
            default: out.append(Date(timeIntervalSinceReferenceDate: (unit * 6_000_000_000).rounded() / 1000 - 3_000_000))
            }
        }
        return out + [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_000_000), Date(timeIntervalSinceReferenceDate: 0),
                      Date(timeIntervalSince1970: 1_795_000_000.0005), Date(timeIntervalSince1970: -0.0004)]
    }

    @Test func writesGRDBsText() {
        for d in Self.samples() {
            let grdb = String.fromDatabaseValue(d.databaseValue)!
            #expect(StoredDate(d).databaseValue == d.databaseValue, "\(d.timeIntervalSince1970): \(grdb) vs \(StoredDate.text(d))")
        }
    }

    @Test func readsGRDBsDates() {
        for d in Self.samples() {
            let value = d.databaseValue
            let grdb = Date.fromDatabaseValue(value)!, ours = StoredDate.fromDatabaseValue(value)!.date
            #expect(ours.timeIntervalSinceReferenceDate.bitPattern == grdb.timeIntervalSinceReferenceDate.bitPattern,
                    "\(String.fromDatabaseValue(value)!): \(grdb.timeIntervalSinceReferenceDate) vs \(ours.timeIntervalSinceReferenceDate)")
        }
    }

    @Test func readsWhatSQLiteWritesAndOtherForms() {
        // DATETIME() and hand-written rows: no milliseconds, a "T", a time zone, a number.
        for text in ["2026-12-07 06:38:10", "2026-12-07T06:38:10.250", "2026-12-07 06:38", "2026-12-07", "2026-12-07 06:38:10.25"] {
            let value = text.databaseValue
            #expect(StoredDate.fromDatabaseValue(value)?.date == Date.fromDatabaseValue(value), "\(text)")
        }
        #expect(StoredDate.fromDatabaseValue(1_795_000_000.databaseValue)?.date == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(StoredDate.fromDatabaseValue("not a date".databaseValue) == nil)
        #expect(StoredDate.fromDatabaseValue(DatabaseValue.null) == nil)
        #expect(StoredDate.parse("2026-13-07 06:38:10.000") == nil)
        #expect(StoredDate.parse("2026-12-07 06:38:10.0000") == nil)
    }

    @Test func rowsWrittenByGRDBReadTheSame() throws {
        // A database an earlier veille wrote (GRDB's Date conversion) reads back the same.
        let q = try DatabaseQueue()
        try q.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, d DATETIME)")
            for (i, d) in Self.samples().prefix(2000).enumerated() {
                try db.execute(sql: "INSERT INTO t (id, d) VALUES (?, ?)", arguments: [i, d])
            }
        }
        try q.read { db in
            for row in try Row.fetchAll(db, sql: "SELECT d FROM t ORDER BY id") {
                #expect(row.date("d") == (row["d"] as Date))
            }
        }
    }
}
