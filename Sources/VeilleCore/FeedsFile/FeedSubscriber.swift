import FeedFetching
import FeedParsing
import Foundation

/// What `veille add` finds at a URL: a feed it can parse, or an HTML page that advertises feeds.
public struct FeedSubscriber: Sendable {
    public enum Probe: Sendable, Equatable {
        case feed(url: String, title: String, entries: Int)
        case page(alternates: [DiscoveredFeed])
        case failure(String)
    }

    let options: FetchOptions

    public init(daemon: DaemonSettings) {
        var o = FetchOptions()
        o.timeoutSeconds = daemon.timeout
        o.connectTimeoutSeconds = daemon.connectTimeout
        o.maxBytes = daemon.maxFeedSize
        o.userAgent = daemon.userAgent
        options = o
    }

    /// Fetches `url` and tells what it is. A permanent redirect's target is the URL to subscribe to.
    public func probe(_ url: String) -> Probe {
        let result = Fetcher(options: options).fetchAll([FetchRequest(key: 0, url: url)])[0]
        switch result.outcome {
        case .failed(let e): return .failure(e.message)
        case .notModified: return .failure("unexpected 304 Not Modified")
        case .fetched: break
        }
        let finalURL = result.permanentRedirect ?? url
        do {
            let feed = try FeedParser.parse(result.body, contentType: result.contentType, baseURL: URL(string: result.effectiveURL))
            return .feed(url: finalURL, title: feed.title, entries: feed.entries.count)
        } catch {
            let found = FeedDiscovery.alternates(inHTML: result.body, baseURL: URL(string: result.effectiveURL))
            if !found.isEmpty { return .page(alternates: found) }
            return .failure(error.feedFailureMessage)
        }
    }
}

/// Checks a candidate feed against the configuration before anything is written.
public enum FeedAdmission {
    public static func problem(name: String?, url: String, in config: Configuration) -> String? {
        switch FeedURL.validate(url) {
        case .failure(let e): return e.message
        case .success(let u):
            let identity = FeedURL.identity(u)
            if let f = config.feeds.first(where: { FeedURL.identity($0.url) == identity }) {
                return "already subscribed: '\(f.name)' has this URL"
            }
        }
        if let n = name?.trimmingWhitespace(), let f = config.feeds.first(where: { $0.name.lowercased() == n.lowercased() }) {
            return "a feed is already named '\(f.name)'; choose another with --name"
        }
        return nil
    }
}
