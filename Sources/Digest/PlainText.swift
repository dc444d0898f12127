/// Feed text made fit to show: one line, no characters that HTML or XML forbid, no bidi overrides.
enum PlainText {
    /// Collapses runs of whitespace to one space, trims, and drops control characters, Unicode
    /// noncharacters and the bidi embedding/override/isolate controls (a hostile title could use
    /// U+202E to reverse the text shown after it).
    static func clean(_ text: String) -> String {
        if isClean(text) { return text }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isLineWhitespace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if isDropped(scalar) { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// Already one clean line: no dropped character, no whitespace but single inner spaces.
    private static func isClean(_ text: String) -> Bool {
        var previousWasSpace = true  // a leading space is not clean
        for scalar in text.unicodeScalars {
            if scalar == " " {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else {
                if isLineWhitespace(scalar) || isDropped(scalar) { return false }
                previousWasSpace = false
            }
        }
        return !previousWasSpace || text.isEmpty
    }

    /// Characters that are not allowed (XML 1.0) or are parse errors (HTML) in a document.
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch v {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        case 0xFDD0...0xFDEF: return true
        default: return v & 0xFFFE == 0xFFFE
        }
    }

    private static func isLineWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
