import Foundation
import TextFormats

/// The whole of Feeds.toml, typed, with DESIGN.md's defaults filled in.
public struct Configuration: Sendable, Equatable {
    public var daemon: DaemonSettings
    public var digest: DigestSettings
    public var dedupe: DedupeSettings
    public var metrics: MetricsSettings
    public var feeds: [FeedConfig]
    /// The file this configuration was read from (relative paths in it are resolved against its folder).
    public var sourcePath: String?

    public init(daemon: DaemonSettings = .init(), digest: DigestSettings = .init(),
                dedupe: DedupeSettings = .init(), metrics: MetricsSettings = .init(), feeds: [FeedConfig] = [],
                sourcePath: String? = nil) {
        self.daemon = daemon
        self.digest = digest
        self.dedupe = dedupe
        self.metrics = metrics
        self.feeds = feeds
        self.sourcePath = sourcePath
    }

    public var enabledFeeds: [FeedConfig] { feeds.filter(\.enabled) }
}

public struct DaemonSettings: Sendable, Equatable {
    /// `state_dir` as written (nil when absent); see `StatePaths` for how it is resolved.
    public var stateDir: String? = nil
    public var pollInterval: Seconds = 30 * 60
    public var minInterval: Seconds = 15 * 60
    public var maxInterval: Seconds = 12 * 3600
    public var maxConcurrent: Int = 16
    public var perHost: Int = 2
    public var timeout: Seconds = 30
    public var connectTimeout: Seconds = 10
    public var maxFeedSize: Int = 10 * 1024 * 1024
    public var userAgent: String = "veille/\(VeilleVersion.string) (self-hosted news aggregator)"
    public var keepDays: Int = 30
    public init() {}
}

public struct DigestSettings: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable { case md, html, atom, json }
    public enum Language: String, Sendable, CaseIterable { case fr, en }
    public var dir: String = "digests"
    public var timeZone: TimeZoneRules = Self.paris
    public var formats: [Format] = [.md, .html, .atom]
    public var language: Language = .fr
    /// How many days the rolling Atom feed covers.
    public var atomDays: Int = 7
    /// How each tag reads as a theme heading (`[digest.tag_labels]`: `politique-numerique = "Politique numérique"`).
    public var tagLabels: [String: String] = [:]
    public init() {}

    /// The default zone. Its current rule (EU summer time since 1996) stands in for the tz database
    /// on a system without one, so the default never fails.
    static let paris = ZoneInfoDirectory.rules(named: "Europe/Paris")
        ?? TimeZoneRules(identifier: "Europe/Paris", rule: PosixTimeZoneRule("CET-1CEST,M3.5.0,M10.5.0/3")!)
}

public struct DedupeSettings: Sendable, Equatable {
    /// Stories stay open to new sources for this long after their first report.
    public var window: Seconds = 72 * 3600
    public init() {}
}

public struct MetricsSettings: Sendable, Equatable {
    /// `textfile` as written: where a Prometheus text file is written after each cycle, for
    /// node_exporter's textfile collector (nil: none). Relative to the state directory.
    public var textfile: String? = nil
    public init(textfile: String? = nil) { self.textfile = textfile }
}

public struct FeedConfig: Sendable, Equatable {
    public var name: String
    public var url: URL
    public var tags: [String]
    public var enabled: Bool
    /// Overrides `[daemon] poll_interval` for this feed.
    public var pollInterval: Seconds?
    /// 1-based line of the `[[feed]]` header in the source file, for messages.
    public var line: Int?

    public init(name: String, url: URL, tags: [String] = [], enabled: Bool = true,
                pollInterval: Seconds? = nil, line: Int? = nil) {
        self.name = name
        self.url = url
        self.tags = tags
        self.enabled = enabled
        self.pollInterval = pollInterval
        self.line = line
    }
}

/// Durations in the configuration are whole seconds.
public typealias Seconds = Int
