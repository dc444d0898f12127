/// The only links a digest contains: absolute http(s) URLs. Anything else (`javascript:`, `data:`,
/// relative or protocol-relative URLs) is dropped, and the text it was attached to is shown unlinked.
enum SafeLink {
    /// The URL ready to be put in a quoted attribute or a Markdown link destination, or nil if it
    /// is not an absolute http(s) URL with a host. Whitespace and the characters that could end an
    /// attribute or a destination (" < > \ ^ ` { | }) are percent-encoded, as is non-ASCII text
    /// after the host; a control character refuses the URL outright.
    static func http(_ raw: String?) -> String? {
        guard let raw else { return nil }
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
