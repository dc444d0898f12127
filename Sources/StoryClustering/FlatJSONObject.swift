import Foundation

/// A reader for the one shape `veille cluster`'s lines nearly always have: a flat JSON object whose
/// values are strings or null. It answers nil for anything else (a number, a nested value, a known
/// key given twice, an escaped key, invalid UTF-8, a lone surrogate, a control character, trailing
/// bytes), and the caller then asks `JSONDecoder`, so errors and odd lines read exactly as before.
/// Why: reading a million lines through `JSONDecoder` took 4.6 s before clustering could start; 2.7 s so.
enum FlatJSONObject {
    /// The values of `keys` (nil when absent or null), or nil when the line is not such an object or
    /// names one of `keys` twice. Other keys are read and dropped, as the decoder drops them.
    static func parse(_ bytes: UnsafeRawBufferPointer, keys: [[UInt8]]) -> [String?]? {
        var i = 0
        let n = bytes.count
        func skipSpace() { while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 } }
        var values = [String?](repeating: nil, count: keys.count)
        var seen = [Bool](repeating: false, count: keys.count)
        skipSpace()
        guard i < n, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace()
        if i < n, bytes[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                // Keys without escapes only (an escaped key may spell a known key another way).
                guard i < n, bytes[i] == UInt8(ascii: "\""), let key = rawKey(bytes, &i) else { return nil }
                skipSpace()
                guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                guard i < n else { return nil }
                let value: String?
                if bytes[i] == UInt8(ascii: "\"") {
                    guard let s = string(bytes, &i) else { return nil }
                    value = s
                } else if n - i >= 4, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
                          bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") {
                    i += 4
                    value = nil
                } else {
                    return nil
                }
                if let k = keys.firstIndex(where: { $0.elementsEqual(bytes[key]) }) {
                    // A key given twice: which one counts is the decoder's business.
                    guard !seen[k] else { return nil }
                    seen[k] = true
                    values[k] = value
                }
                skipSpace()
                guard i < n else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "}") else { return nil }
                i += 1
                break
            }
        }
        skipSpace()
        return i == n ? values : nil
    }

    /// The byte range of a key without escapes (between the quotes); `i` ends after the closing quote.
    private static func rawKey(_ bytes: UnsafeRawBufferPointer, _ i: inout Int) -> Range<Int>? {
        var j = i + 1
        while j < bytes.count, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\"), bytes[j] >= 0x20 { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") else { return nil }
        let key = (i + 1)..<j
        // Even a key nobody reads must be valid UTF-8, as the decoder requires.
        if bytes[key].contains(where: { $0 >= 0x80 }),
           String(validating: UnsafeRawBufferPointer(rebasing: bytes[key]), as: UTF8.self) == nil { return nil }
        i = j + 1
        return key
    }

    /// The string starting at the quote at `i`; `i` ends after the closing quote.
    private static func string(_ bytes: UnsafeRawBufferPointer, _ i: inout Int) -> String? {
        let n = bytes.count
        var j = i + 1
        let start = j
        // The common case: no escape, one validated copy.
        while j < n, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\") {
            if bytes[j] < 0x20 { return nil }
            j += 1
        }
        guard j < n else { return nil }
        if bytes[j] == UInt8(ascii: "\"") {
            i = j + 1
            return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<j]), as: UTF8.self)
        }
        var out: [UInt8] = Array(bytes[start..<j])
        while j < n {
            let b = bytes[j]
            if b == UInt8(ascii: "\"") {
                i = j + 1
                return String(validating: out, as: UTF8.self)
            }
            if b < 0x20 { return nil }
            if b != UInt8(ascii: "\\") { out.append(b); j += 1; continue }
            guard j + 1 < n else { return nil }
            let e = bytes[j + 1]
            j += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(bytes, j) else { return nil }
                j += 4
                var scalar: UInt32 = unit
                if (0xD800...0xDBFF).contains(unit) {
                    // A high surrogate needs its low half, written as a second escape.
                    guard j + 6 <= n, bytes[j] == UInt8(ascii: "\\"), bytes[j + 1] == UInt8(ascii: "u"),
                          let low = hex4(bytes, j + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    j += 6
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    return nil
                }
                guard let s = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: String(s).utf8)
            default: return nil
            }
        }
        return nil
    }

    private static func hex4(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = bytes[k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }
}
