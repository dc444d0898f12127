import Foundation
import GRDB
import Testing
import TestSupport
@testable import VeilleStore

@Suite("Stored date text")
struct DatabaseDateTextTests {
    /// Dates across the range veille meets (and beyond), with fractions that round badly in binary.
    static let samples: [Date] = {
        var rng = SplitMix64(seed: 20_261_207)   // seeded: a failure replays
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_000_000),
                             Date(timeIntervalSince1970: 1_795_000_000.999_9), Date(timeIntervalSince1970: -0.000_1),
                             Date(timeIntervalSince1970: 951_782_400),          // 2000-02-29
                             Date(timeIntervalSince1970: -12_212_553_600),      // 1583-01-01
                             Date(timeIntervalSince1970: 253_402_300_799.999)]  // 9999-12-31 23:59:59.999
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...4_000_000_000, using: &rng)))
            // Whole milliseconds, as most stored dates are after a round trip, and exact halves.
            let millis = Int.random(in: -2_000_000_000_000...4_000_000_000_000, using: &rng)
            dates.append(Date(timeIntervalSince1970: Double(millis) / 1000))
            dates.append(Date(timeIntervalSince1970: (Double(millis) + 0.5) / 1000))
        }
        return dates
    }()

    @Test func writesWhatGRDBWrites() {
        for date in Self.samples {
            let grdb = String.fromDatabaseValue(date.databaseValue)
            #expect(DatabaseDateText.string(date) == grdb, "\(date.timeIntervalSinceReferenceDate)")
        }
    }

    @Test func readsWhatGRDBReads() {
        for date in Self.samples {
            let stored = date.databaseValue
            #expect(DatabaseDateText.date(stored) == Date.fromDatabaseValue(stored), "\(stored)")
        }
    }

    @Test func otherShapesAreReadAsGRDBReadsThem() {
        let texts = ["2026-11-28 10:00:00", "2026-11-28T10:00:00.123Z", "2026-11-28", "2026-02-30 10:00:00.000", "not a date",
                     "1500-03-01 00:00:00.000", "0000-01-01 00:00:00.000"]
        let values = texts.map(\.databaseValue) + [1_795_000_000.databaseValue, 1_795_000_000.5.databaseValue, .null]
        for value in values {
            #expect(DatabaseDateText.date(value) == Date.fromDatabaseValue(value), "\(value)")
        }
    }

    @Test func datesOutsideTheGregorianYearsGoThroughGRDB() {
        for date in [Date.distantPast, Date(timeIntervalSince1970: -13_000_000_000), Date(timeIntervalSince1970: 300_000_000_000)] {
            #expect(DatabaseDateText.string(date) == String.fromDatabaseValue(date.databaseValue))
        }
    }
}
