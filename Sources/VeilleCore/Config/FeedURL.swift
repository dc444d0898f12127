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
