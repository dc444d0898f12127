import Foundation

/// The syndication format, detected from the document's content (never from the URL or the content type).
public enum FeedFormat: String, Sendable, CaseIterable {
    case rss20 = "rss2.0", rss10 = "rss1.0", rss09x = "rss0.9x", atom10 = "atom1.0", atom03 = "atom0.3", jsonFeed1 = "jsonfeed1"
}

/// One parsed document. Text fields are plain text (tags stripped, entities decoded, whitespace collapsed).
public struct ParsedFeed: Sendable {
    public var format: FeedFormat
    public var title: String
    public var link: String?
    public var description: String
    public var language: String?
    public var updated: Date?
    public var entries: [ParsedEntry]
    /// Recovered problems, "line 12: …"; the document was still usable.
    public var warnings: [String]
    public var hints: FeedHints

    public init(format: FeedFormat, title: String = "", link: String? = nil, description: String = "",
                language: String? = nil, updated: Date? = nil, entries: [ParsedEntry] = [],
                warnings: [String] = [], hints: FeedHints = FeedHints()) {
        self.format = format; self.title = title; self.link = link; self.description = description
        self.language = language; self.updated = updated; self.entries = entries
        self.warnings = warnings; self.hints = hints
    }
}

public struct ParsedEntry: Sendable {
    public var id: String?
    public var title: String
    public var link: String?
    public var published: Date?
    public var updated: Date?
    public var authors: [String]
    public var summary: String
    /// Sanitised HTML (allowlist, absolute URLs), nil when the entry has no content element.
    public var contentHTML: String?
    public var categories: [String]
    public var enclosures: [Enclosure]
    public var image: String?

    public init(id: String? = nil, title: String = "", link: String? = nil, published: Date? = nil,
                updated: Date? = nil, authors: [String] = [], summary: String = "", contentHTML: String? = nil,
                categories: [String] = [], enclosures: [Enclosure] = [], image: String? = nil) {
        self.id = id; self.title = title; self.link = link; self.published = published; self.updated = updated
        self.authors = authors; self.summary = summary; self.contentHTML = contentHTML
        self.categories = categories; self.enclosures = enclosures; self.image = image
    }
}

public struct Enclosure: Sendable, Equatable {
    public var url: String
    public var type: String?
    public var length: Int?
    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url; self.type = type; self.length = length
    }
}

/// Scheduling hints found in the feed, used by the poller's policy (pure data).
public struct FeedHints: Sendable, Equatable {
    /// RSS `<ttl>`.
    public var ttlMinutes: Int?
    /// `sy:updatePeriod`: hourly, daily, weekly, monthly or yearly.
    public var updatePeriod: String?
    /// `sy:updateFrequency`: times per period.
    public var updateFrequency: Int?
    /// RSS `<skipHours>`, 0–23 GMT.
    public var skipHours: Set<Int>
    /// RSS `<skipDays>`, "Monday"…"Sunday".
    public var skipDays: Set<String>

    public init(ttlMinutes: Int? = nil, updatePeriod: String? = nil, updateFrequency: Int? = nil,
                skipHours: Set<Int> = [], skipDays: Set<String> = []) {
        self.ttlMinutes = ttlMinutes; self.updatePeriod = updatePeriod; self.updateFrequency = updateFrequency
        self.skipHours = skipHours; self.skipDays = skipDays
    }
}

/// A feed advertised by an HTML page (`<link rel="alternate" type="application/rss+xml" …>`).
public struct DiscoveredFeed: Sendable, Equatable {
    public var url: String
    public var title: String?
    public var type: String
    public init(url: String, title: String?, type: String) { self.url = url; self.title = title; self.type = type }
}
