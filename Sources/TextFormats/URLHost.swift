import Foundation

/// The host of an absolute URL ("https://www.Numerama.com/feed" → "www.Numerama.com"), read from
/// the text when it is plain ASCII. URLComponents' host runs every host through ICU's IDNA code
/// (about 1 MB that a daemon would keep resident for a value it can read off the string). Callers
/// parse with URLComponents first (whether the text is a URL at all stays its decision) and ask its
/// host only when this says nil: a host with percent-escapes, "xn--" labels or other characters,
/// an IP literal in brackets, or no "scheme://" start.
public enum URLHost {
    public static func plain(_ url: String) -> Substring? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.utf8.first, isLetter(first), scheme.utf8.allSatisfy(isSchemeCharacter),
              url[colon...].hasPrefix("://") else { return nil }
        let rest = url[url.index(colon, offsetBy: 3)...]
        let authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)]
        var host = authority
        guard authority.utf8.allSatisfy(isURLCharacter) else { return nil }
        if let at = authority.lastIndex(of: "@") { host = authority[authority.index(after: at)...] }
        if let colon = host.firstIndex(of: ":") {
            guard host[host.index(after: colon)...].utf8.allSatisfy(isDigit) else { return nil }
            host = host[..<colon]
        }
        guard !host.isEmpty, host.utf8.allSatisfy(isHostCharacter) else { return nil }
        // Punycode labels are where URLComponents and the text may disagree: leave them to it.
        guard !host.split(separator: ".").contains(where: { $0.utf8.count >= 4 && $0.prefix(4).lowercased() == "xn--" }) else { return nil }
        return host
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
        isLetter(c) || isDigit(c) || "-._~:/?#[]@!$&'()*+,;=%".utf8.contains(c)
    }
}
