/// Limits and manners for one batch of transfers (from `[daemon]` in Feeds.toml).
public struct FetchOptions: Sendable, Equatable {
    /// Transfers in flight at once.
    public var maxConcurrent: Int = 16
    /// Transfers in flight at once to one host: outlets serve many feeds from one server.
    public var perHost: Int = 2
    public var connectTimeoutSeconds: Int = 10
    public var timeoutSeconds: Int = 30
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is aborted (slow-loris servers).
    public var lowSpeedBytesPerSecond: Int = 64
    public var lowSpeedSeconds: Int = 15
    /// Bodies larger than this, counted after decompression, are refused.
    public var maxBytes: Int = 10 * 1024 * 1024
    public var maxRedirects: Int = 5
    public var userAgent: String = "veille"
    /// Feeds first; HTML last so that a page advertising feeds can still be recognised.
    public var accept: String = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.3, */*;q=0.2"
    /// Only for tests against a loopback TLS server with a self-signed certificate: never set by the daemon.
    public var caBundlePath: String? = nil

    public init() {}
}
