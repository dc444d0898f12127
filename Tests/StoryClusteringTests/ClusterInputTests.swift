import Foundation
import Testing
@testable import StoryClustering

/// `veille cluster`'s JSON Lines input, read strictly: the first bad line is named.
@Suite("Cluster input")
struct ClusterInputTests {
    @Test func itemsAreReadInOrderAndBlankLinesSkipped() throws {
        let text = """
        {"id":"n1","source":"numerama","url":"https://www.numerama.com/a","title":"Fibrex rejette l'offre de 40 milliards","summary":"L'opérateur juge l'offre insuffisante.","published":"2026-03-07T08:30:00+01:00"}

        {"id":"n2","title":"Trois groupes proposent 43 milliards","published":"2026-03-06T07:00:00.5Z"}
        \t
        """
        let items = try ClusterInput.items(from: Data(text.utf8))
        #expect(items.map(\.id) == ["n1", "n2"])
        #expect(items[0].source == "numerama")
        #expect(items[0].summary == "L'opérateur juge l'offre insuffisante.")
        #expect(items[0].published == Date(timeIntervalSince1970: 1_772_868_600))
        #expect(items[1].source == "")
        #expect(items[1].published.timeIntervalSince1970 == 1_772_780_400.5)
    }

    @Test func theFirstBadLineIsNamed() {
        let noID = "{\"id\":\"a\",\"published\":\"2026-03-07T08:30:00Z\"}\n{\"title\":\"Sans identifiant\"}\n"
        #expect(throws: ClusterInput.LineError(line: 2, message: "not a JSON item with a string \"id\"")) {
            try ClusterInput.items(from: Data(noID.utf8))
        }
        let badDate = "\n{\"id\":\"a\",\"published\":\"7 mars 2026\"}\n"
        #expect(throws: ClusterInput.LineError(line: 2, message: "\"published\" must be RFC 3339 with an offset")) {
            try ClusterInput.items(from: Data(badDate.utf8))
        }
    }

    /// Inputs of a byte or none: read, not split (the split looked at the byte before the middle,
    /// out of bounds for one byte).
    @Test func tinyInputsAreReadWhole() throws {
        #expect(try ClusterInput.items(from: Data()).isEmpty)
        #expect(try ClusterInput.items(from: Data("\n".utf8)).isEmpty)
        #expect(throws: ClusterInput.LineError(line: 1, message: "not a JSON item with a string \"id\"")) {
            try ClusterInput.items(from: Data("x".utf8))
        }
    }

    /// Past a megabyte the document is read in two halves: the items keep their order and the bad
    /// line keeps its number, in either half.
    @Test func aLargeDocumentReadInHalvesKeepsOrderAndLineNumbers() throws {
        func line(_ k: Int) -> String {
            "{\"id\":\"e\(k)\",\"source\":\"lemonde.fr\",\"title\":\"L'Arcep publie l'observatoire n° \(k) des débits mobiles\",\"published\":\"2026-03-07T08:30:00+01:00\"}"
        }
        let lines = (0..<12_000).map(line)
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 1 << 20)
        let items = try ClusterInput.items(from: Data(text.utf8))
        #expect(items.map(\.id) == (0..<12_000).map { "e\($0)" })
        for bad in [17, 11_000] {
            var broken = lines
            broken[bad - 1] = "{\"title\":\"Sans identifiant\"}"
            #expect(throws: ClusterInput.LineError(line: bad, message: "not a JSON item with a string \"id\"")) {
                try ClusterInput.items(from: Data((broken.joined(separator: "\n") + "\n").utf8))
            }
        }
    }

    @Test func rfc3339NeedsAnOffsetAndValidFields() {
        #expect(RFC3339.parse("2026-03-07T08:30:00+01:00") == Date(timeIntervalSince1970: 1_772_868_600))
        #expect(RFC3339.parse("2026-03-07t07:30:00z") == Date(timeIntervalSince1970: 1_772_868_600))
        #expect(RFC3339.parse("2026-03-07T08:30:00") == nil)
        #expect(RFC3339.parse("2026-13-07T08:30:00Z") == nil)
        #expect(RFC3339.parse("2026-03-07T24:30:00Z") == nil)
        #expect(RFC3339.parse("2026-03-07T08:30:00+01:00x") == nil)
    }
}
