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
    public static func identity(_ url: URL) -> String {
        guard var c = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        c.scheme = c.scheme?.lowercased()
        c.host = c.host?.lowercased()
        if (c.scheme == "http" && c.port == 80) || (c.scheme == "https" && c.port == 443) { c.port = nil }
        if c.path.isEmpty { c.path = "/" }
        c.fragment = nil
        return c.string ?? url.absoluteString
    }
}
