/// Captured text -> String, with feedparser's two repairs of mis-encoded text (next to
/// `EncodingDetection`, which decides how the document's bytes are read in the first place):
/// - doubly encoded UTF-8 ("Ã©" -> "é"): when every character is below U+0100 and their bytes form
///   valid UTF-8 with multi-byte sequences;
/// - C1 control characters (U+0080–U+009F, from `&#146;` or mislabelled windows-1252) read as the
///   windows-1252 characters their authors meant ("don’t", not "don\u{92}t").
enum MojibakeRepair {
    static func string(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { string($0) }
    }

    /// `b` with ASCII whitespace trimmed at both ends, then repaired (trimming first saves a copy).
    static func trimmedString(_ bytes: [UInt8], from: Int = 0, to: Int? = nil) -> String {
        bytes.withUnsafeBufferPointer { p in
            var s = from, e = to ?? p.count
            while s < e, isBlank(p[s]) { s += 1 }
            while e > s, isBlank(p[e - 1]) { e -= 1 }
            return string(UnsafeBufferPointer(rebasing: p[s..<e]))
        }
    }

    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }

    static func string(_ b: UnsafeBufferPointer<UInt8>) -> String {
        guard hasC2orC3(b) else { return String(decoding: b, as: UTF8.self) }
        // Quick no: a doubly encoded text's first non-ASCII character is a UTF-8 lead byte (U+00C2–U+00F4)
        // read as Latin-1. "é" (C3 A9 -> U+00E9 followed by ASCII) usually settles it at once.
        if let k = b.firstIndex(where: { $0 >= 0x80 }) {
            let c = b[k]
            if c != 0xC2 && c != 0xC3 { return plainOrC1(b) }
            guard k + 1 < b.count else { return plainOrC1(b) }
            let v = ((c & 0x03) << 6) | (b[k + 1] & 0x3F)
            if v < 0xC2 || v > 0xF4 { return plainOrC1(b) }
            // …and the next one a continuation byte (U+0080–U+00BF, encoded C2 80–C2 BF).
            guard k + 3 < b.count, b[k + 2] == 0xC2, b[k + 3] >= 0x80, b[k + 3] <= 0xBF else { return plainOrC1(b) }
        }
        var latin: [UInt8] = []
        latin.reserveCapacity(b.count)
        var i = 0
        var onlyLatin1 = true
        while i < b.count {
            let c = b[i]
            if c < 0x80 { latin.append(c); i += 1 }
            else if (c == 0xC2 || c == 0xC3), i + 1 < b.count { latin.append(((c & 0x03) << 6) | (b[i + 1] & 0x3F)); i += 2 }
            else { onlyLatin1 = false; break }
        }
        if onlyLatin1, latin.contains(where: { $0 >= 0x80 }), EncodingDetection.isValidUTF8(latin) {
            return latin.withUnsafeBufferPointer { plainOrC1($0) }
        }
        return plainOrC1(b)
    }

    /// Whether a byte is 0xC2 or 0xC3 (the lead bytes of U+0080–U+00FF, which both repairs need):
    /// 8 bytes at a time, most text being ASCII or without them.
    @inline(__always) static func hasC2orC3(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        guard let base = p.baseAddress else { return false }
        var i = 0
        while i + 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // (c & 0xFE) == 0xC2 for a byte c: test all 8 at once.
            let x = (w & 0xFEFE_FEFE_FEFE_FEFE) ^ 0xC2C2_C2C2_C2C2_C2C2
            if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < n { if p[i] & 0xFE == 0xC2 { return true }; i += 1 }
        return false
    }

    /// C1 control characters (U+0080–U+009F) read as the windows-1252 characters their authors meant.
    static func plainOrC1(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hasC1 = false
        var j = 0
        while j + 1 < bytes.count { if bytes[j] == 0xC2, bytes[j + 1] >= 0x80, bytes[j + 1] <= 0x9F { hasC1 = true; break }; j += 1 }
        guard hasC1 else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        j = 0
        while j < bytes.count {
            if bytes[j] == 0xC2, j + 1 < bytes.count, bytes[j + 1] >= 0x80, bytes[j + 1] <= 0x9F {
                EncodingDetection.appendUTF8(EncodingDetection.cp1252High[Int(bytes[j + 1] - 0x80)], &out)
                j += 2
            } else { out.append(bytes[j]); j += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
