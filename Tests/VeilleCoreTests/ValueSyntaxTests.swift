import Testing
@testable import VeilleCore

@Suite("Durations and sizes")
struct ValueSyntaxTests {
    @Test(arguments: [
        ("0s", 0), ("45s", 45), ("30m", 1800), ("90m", 5400), ("1h30m", 5400), ("2d", 172_800),
        ("1d2h3m4s", 93_784), ("15M", 900), (" 1h ", 3600),
    ])
    func validDurations(text: String, seconds: Int) throws {
        #expect(try DurationSyntax.parse(text).get() == seconds)
    }

    @Test(arguments: ["", "30", "1.5h", "1,5h", "30x", "m", "30m1h", "1h1h", "-5m", "h30"])
    func invalidDurations(text: String) {
        #expect(throws: ConfigValueError.self) { try DurationSyntax.parse(text).get() }
    }

    @Test func fractionalDurationSuggestsWholeUnits() {
        guard case .failure(let e) = DurationSyntax.parse("1.5h") else { Issue.record("accepted 1.5h"); return }
        #expect(e.message.contains("1h30m"))
    }

    @Test func durationOverflowIsAnError() {
        #expect(throws: ConfigValueError.self) { try DurationSyntax.parse("999999999999999999d").get() }
    }

    @Test(arguments: [(0, "0s"), (45, "45s"), (5400, "1h30m"), (86_400, "1d"), (93_784, "1d2h3m4s")])
    func formatIsCanonical(seconds: Int, text: String) throws {
        #expect(DurationSyntax.format(seconds) == text)
        #expect(try DurationSyntax.parse(text).get() == seconds)
    }

    @Test(arguments: [
        ("10MB", 10_485_760), ("512KB", 524_288), ("512kb", 524_288), ("1GB", 1_073_741_824),
        ("100B", 100), ("2MiB", 2_097_152), ("64 KB", 65_536),
    ])
    func validSizes(text: String, bytes: Int) throws {
        #expect(try ByteSizeSyntax.parse(text).get() == bytes)
    }

    @Test(arguments: ["10", "MB", "1.5MB", "10TB", "ten MB", ""])
    func invalidSizes(text: String) {
        #expect(throws: ConfigValueError.self) { try ByteSizeSyntax.parse(text).get() }
    }
}
