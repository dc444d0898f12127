import Foundation

/// Feed URLs: absolute http(s) only (veille never reads local files or other schemes on a feed's
/// behalf), and an identity used to refuse the same feed listed twice.
public enum FeedURL {
    public static func validate(_ text: String) -> Result<URL, ConfigValueError> {
        guard !text.isEmpty else { return .failure(.init("feed url must not be empty")) }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            return .failure(.init("invalid URL '\(text)'"))
        }
        guard scheme == "http" || scheme == "https" else {
            return .failure(.init("unsupported URL scheme '\(scheme)' in '\(text)': only http and https feeds are fetched"))
        }
        guard let host = url.host, !host.isEmpty else {
            return .failure(.init("URL '\(text)' has no host"))
        }
        return .success(url)
    }

    /// Scheme and host are case-insensitive, a default port and an empty path mean nothing.
    ///
    /// Text surgery on the already validated URL rather than URLComponents, whose host handling
    /// pages in ICU's IDNA code (about 1 MB that the daemon would keep after reading its config).
    public static func identity(_ url: URL) -> String {
        let text = url.absoluteString
        // ASCII (nearly every URL: non-ASCII is percent-encoded) by bytes: Character by Character,
        // this was a quarter of reading a 2,000-feed Feeds.toml.
        if let ascii = asciiIdentity(text) { return ascii }
        return characterIdentity(text)
    }

    /// `characterIdentity` on bytes, for ASCII text only (nil otherwise).
    static func asciiIdentity(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { b -> String? in
            guard !b.contains(where: { $0 >= 0x80 }) else { return nil }
            func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
            let n = b.count
            var sep = -1
            if n >= 3 {
                for i in 0...(n - 3) where b[i] == 0x3A && b[i + 1] == 0x2F && b[i + 2] == 0x2F { sep = i; break }
            }
            guard sep >= 0 else { return String(decoding: b, as: UTF8.self) }
            let scheme = b[0..<sep].map(lower)
            let restStart = sep + 3
            var authorityEnd = restStart
            while authorityEnd < n, b[authorityEnd] != 0x2F, b[authorityEnd] != 0x3F, b[authorityEnd] != 0x23 { authorityEnd += 1 }
            var tailEnd = authorityEnd
            while tailEnd < n, b[tailEnd] != 0x23 { tailEnd += 1 }
            var authorityStart = restStart
            var userInfo = restStart..<restStart
            if let at = (restStart..<authorityEnd).last(where: { b[$0] == 0x40 }) {
                userInfo = restStart..<(at + 1)
                authorityStart = at + 1
            }
            var hostEnd: Int?
            if authorityStart < authorityEnd, b[authorityStart] == 0x5B {
                hostEnd = (authorityStart..<authorityEnd).first(where: { b[$0] == 0x5D }).map { $0 + 1 }
            } else {
                hostEnd = (authorityStart..<authorityEnd).last(where: { b[$0] == 0x3A })
            }
            var host = authorityStart..<authorityEnd
            var portText: String?
            if let e = hostEnd, e < authorityEnd, b[e] == 0x3A {
                host = authorityStart..<e
                portText = Int(String(decoding: b[(e + 1)..<authorityEnd], as: UTF8.self)).map(String.init)
            }
            let schemeText = String(decoding: scheme, as: UTF8.self)
            if (schemeText == "http" && portText == "80") || (schemeText == "https" && portText == "443") { portText = nil }
            var out: [UInt8] = []
            out.reserveCapacity(n + 1)
            out += scheme
            out += [0x3A, 0x2F, 0x2F]
            out += b[userInfo]
            out += b[host].map(lower)
            if let p = portText { out.append(0x3A); out += p.utf8 }
            if authorityEnd == tailEnd || b[authorityEnd] == 0x3F { out.append(0x2F) }
            out += b[authorityEnd..<tailEnd]
            return String(decoding: out, as: UTF8.self)
        }
    }

    static func characterIdentity(_ text: String) -> String {
        guard let separator = text.range(of: "://") else { return text }
        let scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var tail = rest[authorityEnd...]
        if let hash = tail.firstIndex(of: "#") { tail = tail[..<hash] }
        var userInfo = ""
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[...at])
            authority = authority[authority.index(after: at)...]
        }
        // "host:port", or "[v6 address]:port".
        var host = authority, port: Substring?
        let hostEnd = authority.hasPrefix("[") ? authority.firstIndex(of: "]").map { authority.index(after: $0) } : authority.lastIndex(of: ":")
        if let hostEnd, hostEnd < authority.endIndex, authority[hostEnd] == ":" {
            host = authority[..<hostEnd]
            port = authority[authority.index(after: hostEnd)...]
        }
        var portText = port.flatMap { Int($0) }.map(String.init)
        if (scheme == "http" && portText == "80") || (scheme == "https" && portText == "443") { portText = nil }
        let path = tail.isEmpty || tail.hasPrefix("?") ? "/" + tail : String(tail)
        return scheme + "://" + userInfo + host.lowercased() + (portText.map { ":" + $0 } ?? "") + path
    }
}
