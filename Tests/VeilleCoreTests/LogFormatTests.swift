import Foundation
import Logging
import Testing
@testable import VeilleCore

@Suite("Log lines")
struct LogFormatTests {
    @Test func journalLinesCarryPriority() {
        #expect(VeilleLogHandler.format(level: .error, message: "feed failed", metadata: ["feed": "Numerama"], journal: true, date: Date()) == "<3>feed failed feed=Numerama")
        #expect(VeilleLogHandler.format(level: .debug, message: "x", metadata: [:], journal: true, date: Date()) == "<7>x")
        #expect(VeilleLogHandler.format(level: .warning, message: "x", metadata: [:], journal: true, date: Date()) == "<4>x")
    }

    @Test func terminalLinesCarryUTCTimestampAndLevel() {
        let line = VeilleLogHandler.format(level: .info, message: "ready", metadata: [:], journal: false, date: Date(timeIntervalSince1970: 1_739_206_800))
        #expect(line == "2025-02-10T17:00:00Z info ready")
    }

    @Test func timestampsAreFoundationsISO8601() {
        // Written by hand (no Calendar): same text as `formatted(.iso8601)`, fractions dropped.
        for t in [0, 951_782_400.5, 1_739_206_800, 1_774_746_000, 4_102_444_799.999, -86_400] as [Double] {
            let d = Date(timeIntervalSince1970: t)
            #expect(VeilleLogHandler.utcStamp(d) == d.formatted(.iso8601), "\(t)")
        }
    }

    @Test func messagesStayOnOneLine() {
        let line = VeilleLogHandler.format(level: .info, message: "a\nb\r\nc", metadata: [:], journal: true, date: Date())
        #expect(line == "<6>a b  c")
    }

    @Test func journalStreamMustMatchStderr() {
        #expect(VeilleLogHandler.stderrIsJournal(environment: [:]) == false)
        #expect(VeilleLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "garbage"]) == false)
        #expect(VeilleLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "1:1"]) == false)
    }
}
