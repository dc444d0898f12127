import Foundation

/// The host of an absolute URL ("https://www.Numerama.com/feed" → "www.Numerama.com"), read from
/// the text when it is plain ASCII. URLComponents' host runs every host through ICU's IDNA code
/// (about 1 MB that a daemon would keep resident for a value it can read off the string). Callers
/// parse with URLComponents first (whether the text is a URL at all stays its decision) and ask its
/// host only when this says nil: a host with percent-escapes, "xn--" labels or other characters,
/// an IP literal in brackets, or no "scheme://" start.
public enum URLHost {
    public static func plain(_ url: String) -> Substring? {
        // Bytes, not characters: this runs for every link of every entry parsed, and a character
        // walk (grapheme breaking) was most of its cost. The parts read are ASCII by the checks
        // below, so byte positions are character positions.
        let u = url.utf8
        guard let colon = u.firstIndex(of: 58) else { return nil }             // ":"
        let scheme = u[..<colon]
        guard let first = scheme.first, isLetter(first), scheme.allSatisfy(isSchemeCharacter) else { return nil }
        var i = colon
        for expected: UInt8 in [58, 47, 47] {                                    // "://"
            guard i < u.endIndex, u[i] == expected else { return nil }
            i = u.index(after: i)
        }
        let authorityStart = i
        var authorityEnd = u.endIndex
        while i < u.endIndex {
            let c = u[i]
            if c == 47 || c == 63 || c == 35 { authorityEnd = i; break }        // / ? #
            i = u.index(after: i)
        }
        // A combining mark after the terminator would make it another character: not plain.
        if authorityEnd < u.endIndex {
            let next = u.index(after: authorityEnd)
            if next < u.endIndex && u[next] >= 0x80 { return nil }
        }
        let authority = u[authorityStart..<authorityEnd]
        guard authority.allSatisfy(isURLCharacter) else { return nil }
        var hostStart = authorityStart, hostEnd = authorityEnd
        if let at = authority.lastIndex(of: 64) { hostStart = u.index(after: at) }   // "@"
        if let port = u[hostStart..<hostEnd].firstIndex(of: 58) {
            guard u[u.index(after: port)..<hostEnd].allSatisfy(isDigit) else { return nil }
            hostEnd = port
        }
        let host = u[hostStart..<hostEnd]
        guard !host.isEmpty, host.allSatisfy(isHostCharacter) else { return nil }
        // Punycode labels are where URLComponents and the text may disagree: leave them to it.
        for label in host.split(separator: 46) where label.count >= 4 {        // "."
            let p = Array(label.prefix(4))
            if p[0] | 0x20 == 120 && p[1] | 0x20 == 110 && p[2] == 45 && p[3] == 45 { return nil }   // "xn--"
        }
        return url[hostStart..<hostEnd]
    }

    /// The host of `url`, lowercased; nil when URLComponents does not read `url` as a URL with a
    /// host. URLComponents keeps the say on validity; `plain` spares it the host of a plain URL.
    public static func lowercased(of url: String) -> String? {
        URLComponents(string: url).flatMap { plain(url).map(String.init) ?? $0.host }?.lowercased()
    }

    private static func isSchemeCharacter(_ c: UInt8) -> Bool {
        isLetter(c) || isDigit(c) || c == 43 || c == 45 || c == 46   // + - .
    }

    private static func isHostCharacter(_ c: UInt8) -> Bool {
        isLetter(c) || isDigit(c) || c == 45 || c == 46 || c == 95   // - . _
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Unreserved, reserved and "%".
    private static func isURLCharacter(_ c: UInt8) -> Bool {
        isLetter(c) || isDigit(c) || urlSymbols[Int(c)]
    }

    private static let urlSymbols: [Bool] = (0..<256).map { c in "-._~:/?#[]@!$&'()*+,;=%".utf8.contains(UInt8(c)) }
}
