import Testing
import TextFormats

@Suite("Digits")
struct DigitsTests {
    @Test func padsAsPrintfDoes() {
        #expect(Digits.padded(7, 2) == "07")
        #expect(Digits.padded(2026, 4) == "2026")
        #expect(Digits.padded(12345, 4) == "12345")
        #expect(Digits.padded(0, 3) == "000")
        #expect(Digits.padded(-7, 3) == "-07")
    }
}
