/// The only links a digest contains: absolute http(s) URLs. Anything else (`javascript:`, `data:`,
/// relative or protocol-relative URLs) is dropped, and the text it was attached to is shown unlinked.
enum SafeLink {
    /// The URL ready to be put in a quoted attribute or a Markdown link destination, or nil if it
    /// is not an absolute http(s) URL with a host. Whitespace and the characters that could end an
    /// attribute or a destination (" < > \ ^ ` { | }) are percent-encoded, as is non-ASCII text
    /// after the host; a control character refuses the URL outright.
    static func http(_ raw: String?) -> String? {
        guard let raw else { return nil }
        return plain(raw) ?? scalarPath(raw)
    }

    /// The common case, decided on bytes: a URL already as `scalarPath` would write it (lower-case
    /// scheme, printable ASCII with nothing to encode, a host) is returned as it is; nil leaves the
    /// decision to `scalarPath`. Every card's links go through here, for every day it is shown on.
    static func plain(_ raw: String) -> String? {
        let utf8 = raw.utf8
        let scheme: Int
        if utf8.starts(with: "https://".utf8) { scheme = 8 } else if utf8.starts(with: "http://".utf8) { scheme = 7 } else { return nil }
        var index = 0, authorityEnd: Int?, hostStart = scheme
        let ok: Bool? = utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes {
                defer { index += 1 }
                guard b >= 0x21 && b <= 0x7E else { return false }
                switch b {
                case 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return false
                default: break
                }
                guard index >= scheme, authorityEnd == nil else { continue }
                if b == 0x2F || b == 0x3F || b == 0x23 { authorityEnd = index } else if b == 0x40 { hostStart = index + 1 }
            }
            return true
        }
        guard ok == true else { return nil }
        let end = authorityEnd ?? utf8.count
        // A host: not empty, not starting with a port.
        guard hostStart < end, utf8[utf8.index(utf8.startIndex, offsetBy: hostStart)] != 0x3A else { return nil }
        return raw
    }

    /// Any text, scalar by scalar.
    static func scalarPath(_ raw: String) -> String? {
        let trimmed = raw.trimmingASCIIWhitespace()
        let lower = trimmed.prefix(8).lowercased()
        let schemeLength: Int
        if lower.hasPrefix("https://") {
            schemeLength = 8
        } else if lower.hasPrefix("http://") {
            schemeLength = 7
        } else {
            return nil
        }
        var out = schemeLength == 8 ? "https://" : "http://"
        let rest = trimmed.unicodeScalars.dropFirst(schemeLength)
        var authorityLength = 0
        var inAuthority = true
        for scalar in rest {
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) || PlainText.isDropped(scalar) { return nil }
            if inAuthority {
                if scalar == "/" || scalar == "?" || scalar == "#" {
                    inAuthority = false
                } else {
                    authorityLength += 1
                }
            }
            // Non-ASCII after the host is percent-encoded (UTF-8), so the link is a plain URI for
            // every consumer; an internationalised host is left to the browser.
            if scalar.properties.isWhitespace || Self.encoded.contains(scalar) || (!inAuthority && !scalar.isASCII) {
                for byte in String(scalar).utf8 { out += "%" + hex(byte) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        // "https://" alone, "https:///path" or "https://user@/": no host to go to.
        let authority = rest.prefix(authorityLength)
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last
        guard let host, !host.isEmpty, host.first != ":" else { return nil }
        return out
    }

    private static let encoded: Set<Unicode.Scalar> = ["\"", "<", ">", "\\", "^", "`", "{", "|", "}"]

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
