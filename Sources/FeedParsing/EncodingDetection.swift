import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes in any encoding -> UTF-8 bytes, with the precedence of RFC 7303: byte order mark, then the
/// HTTP charset, then the XML declaration, then UTF-8. A document that claims UTF-8 (or claims nothing)
/// but is not valid UTF-8 is read as windows-1252, as browsers and feedparser do; ISO-8859-1 is read as
/// windows-1252 too (its C1 range is never meant as control characters in real feeds).
struct DecodedDocument {
    var utf8: [UInt8]
    var encoding: String
    var warnings: [String]
    /// false: UTF-8 by declaration, not checked yet (see `EncodingDetection.decode(_:contentType:checkUTF8:)`).
    var utf8Checked = true

    /// The document with its UTF-8 checked: read as windows-1252 if it is not valid.
    func checked() -> DecodedDocument {
        guard !utf8Checked else { return self }
        var w = warnings
        return EncodingDetection.utf8OrFallback(utf8, declared: encoding, &w)
    }
}

enum EncodingDetection {
    /// With `checkUTF8: false`, a document that says it is UTF-8 (or says nothing) is handed over
    /// unchecked: libxml2 checks every byte as it reads and reports the first bad one as an error, after
    /// which the XML side calls `checked()` (one pass over the bytes saved for most feeds).
    static func decode(_ data: [UInt8], contentType: String?, checkUTF8: Bool = true) -> DecodedDocument {
        var warnings: [String] = []
        // 1. Byte order mark: wins over everything.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            return utf8OrFallback(Array(data.dropFirst(3)), declared: "utf-8", &warnings)
        }
        if data.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return iconvDecode(Array(data.dropFirst(4)), "UTF-32BE", &warnings) }
        if data.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return iconvDecode(Array(data.dropFirst(4)), "UTF-32LE", &warnings) }
        if data.starts(with: [0xFE, 0xFF]) { return iconvDecode(Array(data.dropFirst(2)), "UTF-16BE", &warnings) }
        if data.starts(with: [0xFF, 0xFE]) { return iconvDecode(Array(data.dropFirst(2)), "UTF-16LE", &warnings) }
        // 2. No BOM but the first character of an XML document ('<') in a 16/32-bit encoding.
        if data.count >= 4 {
            let h = (data[0], data[1], data[2], data[3])
            if h == (0, 0, 0, 0x3C) { return iconvDecode(data, "UTF-32BE", &warnings) }
            if h == (0x3C, 0, 0, 0) { return iconvDecode(data, "UTF-32LE", &warnings) }
            if h.0 == 0, h.1 == 0x3C { return iconvDecode(data, "UTF-16BE", &warnings) }
            if h.0 == 0x3C, h.1 == 0, h.2 != 0 { return iconvDecode(data, "UTF-16LE", &warnings) }
        }
        // EBCDIC ("<?xm" in code page 037): read the declaration through CP037 to learn the real code page.
        if data.starts(with: [0x4C, 0x6F, 0xA7, 0x94]) {
            var w: [String] = []
            let head = iconvDecode(Array(data.prefix(200)), "CP037", &w).utf8
            return iconvDecode(data, xmlDeclarationEncoding(head) ?? "CP037", &warnings)
        }
        // 3. HTTP charset (RFC 7303: the charset parameter beats the XML declaration), 4. XML declaration.
        let declared = charset(fromContentType: contentType) ?? xmlDeclarationEncoding(data)
        let name = (declared ?? "utf-8").lowercased()
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            if !checkUTF8 { return DecodedDocument(utf8: data, encoding: name, warnings: warnings, utf8Checked: false) }
            return utf8OrFallback(data, declared: name, &warnings)
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii",
             "iso_8859-1", "iso-latin-1", "x-cp1252", "iso-8859-15", "iso8859-15":
            // A document whose bytes are valid UTF-8 with multi-byte sequences is UTF-8 whatever it
            // claims: reading it as Latin-1 would print "Ã©" for "é".
            if !isASCII(data), isValidUTF8(data) {
                warnings.append("line 1: declared \(name) but the bytes are UTF-8; read as UTF-8")
                return DecodedDocument(utf8: data, encoding: "utf-8", warnings: warnings)
            }
            if name.hasSuffix("15") { return iconvDecode(data, "ISO-8859-15", &warnings) }
            return DecodedDocument(utf8: windows1252ToUTF8(data), encoding: "windows-1252", warnings: warnings)
        case "utf-16", "utf-16le", "utf-16be", "utf-32", "ucs-2", "ucs-4":
            // Declared 16/32-bit but with 8-bit bytes (no NULs up front): a wrong declaration.
            return utf8OrFallback(data, declared: "utf-8", &warnings)
        default:
            return iconvDecode(data, name, &warnings)
        }
    }

    /// `text/xml; charset="ISO-8859-1"` -> "iso-8859-1".
    static func charset(fromContentType ct: String?) -> String? {
        guard let ct else { return nil }
        for param in ct.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let v = kv[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return v.isEmpty ? nil : v.lowercased()
        }
        return nil
    }

    /// The `encoding="…"` of `<?xml … ?>` at the start of the document.
    static func xmlDeclarationEncoding(_ d: [UInt8]) -> String? {
        var i = 0
        while i < d.count, i < 64, d[i] == 0x20 || d[i] == 0x0A || d[i] == 0x0D || d[i] == 0x09 { i += 1 }
        guard d.count >= i + 5, d[i] == 0x3C, d[i + 1] == 0x3F, d[i + 2] | 0x20 == 0x78, d[i + 3] | 0x20 == 0x6D, d[i + 4] | 0x20 == 0x6C else { return nil }
        let end = min(d.count, i + 300)
        var j = i + 5
        var declEnd = end
        while j + 1 < end { if d[j] == 0x3F && d[j + 1] == 0x3E { declEnd = j; break }; j += 1 }
        // "encoding" in any case, found on the bytes (Foundation's case-insensitive search is slow).
        let word: [UInt8] = Array("encoding".utf8)
        var at = -1
        var k = i + 5
        while k + word.count <= declEnd {
            var same = true
            for o in 0..<word.count where d[k + o] | 0x20 != word[o] { same = false; break }
            if same { at = k + word.count; break }
            k += 1
        }
        guard at >= 0 else { return nil }
        let decl = String(decoding: d[at..<declEnd], as: UTF8.self)
        var rest = decl[...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        rest = rest.dropFirst()
        let value = rest.prefix { $0 != q }
        return value.isEmpty ? nil : value.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func utf8OrFallback(_ data: [UInt8], declared: String, _ warnings: inout [String]) -> DecodedDocument {
        if isValidUTF8(data) { return DecodedDocument(utf8: data, encoding: "utf-8", warnings: warnings) }
        warnings.append("line \(lineOfFirstInvalidUTF8(data)): not valid UTF-8; read as windows-1252")
        return DecodedDocument(utf8: windows1252ToUTF8(data), encoding: "windows-1252", warnings: warnings)
    }

    static func isASCII(_ d: [UInt8]) -> Bool {
        d.withUnsafeBufferPointer { p in
            var acc: UInt8 = 0
            for b in p { acc |= b }
            return acc < 0x80
        }
    }

    static func isValidUTF8(_ d: [UInt8]) -> Bool { firstInvalidUTF8(d) == nil }

    static func lineOfFirstInvalidUTF8(_ d: [UInt8]) -> Int {
        let at = firstInvalidUTF8(d) ?? d.count
        return 1 + d[0..<at].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Offset of the first byte that breaks UTF-8 (overlongs and surrogates included), nil if valid.
    static func firstInvalidUTF8(_ d: [UInt8]) -> Int? {
        d.withUnsafeBufferPointer { p -> Int? in
            let n = p.count
            var i = 0
            while i < n {
                // ASCII fast path, 8 bytes at a time.
                while i + 8 <= n {
                    let w = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < n else { break }
                let c = p[i]
                if c < 0x80 { i += 1; continue }
                var need = 0
                var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: need = 1
                case 0xE0: need = 2; lo = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: need = 2
                case 0xED: need = 2; hi = 0x9F
                case 0xF0: need = 3; lo = 0x90
                case 0xF1...0xF3: need = 3
                case 0xF4: need = 3; hi = 0x8F
                default: return i
                }
                guard i + need < n else { return i }
                let b1 = p[i + 1]
                if b1 < lo || b1 > hi { return i }
                for k in 2..<(need + 1) where p[i + k] & 0xC0 != 0x80 { return i }
                i += need + 1
            }
            return nil
        }
    }

    /// windows-1252's 0x80–0x9F row; the rest of the byte range is Latin-1.
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252ToUTF8(_ d: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(d.count + d.count / 8)
        for b in d {
            if b < 0x80 { out.append(b); continue }
            let u = b < 0xA0 ? cp1252High[Int(b - 0x80)] : UInt32(b)
            appendUTF8(u, &out)
        }
        return out
    }

    @inline(__always) static func appendUTF8(_ u: UInt32, _ out: inout [UInt8]) {
        if u < 0x80 { out.append(UInt8(u)) }
        else if u < 0x800 { out.append(UInt8(0xC0 | (u >> 6))); out.append(UInt8(0x80 | (u & 0x3F))) }
        else if u < 0x10000 {
            out.append(UInt8(0xE0 | (u >> 12))); out.append(UInt8(0x80 | ((u >> 6) & 0x3F))); out.append(UInt8(0x80 | (u & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (u >> 18))); out.append(UInt8(0x80 | ((u >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((u >> 6) & 0x3F))); out.append(UInt8(0x80 | (u & 0x3F)))
        }
    }

    /// Python codec spellings that feeds use (and feedparser understands) -> glibc iconv names.
    static func iconvName(_ charset: String) -> String {
        let c = charset.lowercased().replacingOccurrences(of: "_", with: "-")
        switch c {
        case "maccentraleurope", "maclatin2", "mac-latin2", "mac-centraleurope": return "MAC-CENTRALEUROPE"
        case "macroman", "mac-roman", "macintosh": return "MACINTOSH"
        case "maciceland", "mac-iceland": return "MAC-IS"
        case "maccyrillic", "mac-cyrillic": return "MAC-CYRILLIC"
        case "macgreek", "mac-greek": return "MAC-GREEK"
        case "macturkish", "mac-turkish": return "MAC-TURKISH"
        case "cp-is", "csibm861", "ibm861", "861": return "CP861"
        default: return c.uppercased()
        }
    }

    /// Any other charset through glibc's iconv; unknown charsets and invalid input fall back to
    /// UTF-8 (if valid) or windows-1252, with a warning.
    static func iconvDecode(_ data: [UInt8], _ charset: String, _ warnings: inout [String]) -> DecodedDocument {
        var cd = iconv_open("UTF-8", iconvName(charset))
        if cd == iconv_t(bitPattern: -1) { cd = iconv_open("UTF-8", charset.uppercased()) }
        if cd == iconv_t(bitPattern: -1) {
            warnings.append("line 1: unknown encoding \(charset); read as UTF-8")
            return utf8OrFallback(data, declared: "utf-8", &warnings)
        }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: data.count * 2 + 16)
        var input = data
        var produced = 0
        var failed = false
        input.withUnsafeMutableBufferPointer { inBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            while inLeft > 0 {
                let r: Int = out.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count - produced
                    let before = outLeft
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    produced += before - outLeft
                    return rc == -1 ? Int(errno) : 0
                }
                if r == 0 { break }
                if r == E2BIG { out.append(contentsOf: [UInt8](repeating: 0, count: out.count)); continue }
                // Invalid or truncated sequence: skip one byte, remember the damage.
                failed = true
                inPtr = inPtr.map { $0 + 1 }
                inLeft -= 1
                if out.count - produced < 4 { out.append(contentsOf: [UInt8](repeating: 0, count: 64)) }
                out[produced] = 0xEF; out[produced + 1] = 0xBF; out[produced + 2] = 0xBD
                produced += 3
            }
        }
        out.removeSubrange(produced...)
        if failed { warnings.append("line 1: invalid \(charset) byte sequences replaced") }
        return DecodedDocument(utf8: out, encoding: charset.lowercased(), warnings: warnings)
    }
}
