import Foundation

/// A feed as Feeds.toml lists it.
public struct FeedSpec: Sendable, Equatable {
    public var url: String
    public var name: String
    public var tags: [String]
    public var enabled: Bool
    public init(url: String, name: String, tags: [String] = [], enabled: Bool = true) {
        self.url = url
        self.name = name
        self.tags = tags
        self.enabled = enabled
    }
}

/// A feed's stored state: validators, health and schedule.
public struct FeedState: Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var name: String
    public var tags: [String]
    public var configured: Bool
    public var enabled: Bool
    /// Where to fetch from: a permanent redirect's target, else the configured URL.
    public var fetchURL: String?
    public var etag: String?
    public var lastModified: String?
    public var title: String?
    public var siteURL: String?
    public var lastPolledAt: Date?
    public var lastSuccessAt: Date?
    public var lastErrorAt: Date?
    public var lastError: String?
    public var lastStatus: Int?
    public var consecutiveFailures: Int
    public var nextPollAt: Date?
    public var gone: Bool
    public var hints: StoredFeedHints
    public var entryCount: Int
    /// The newest publication times of its entries (`PublicationTimes`), nil until a poll recorded them.
    public var recentPublications: [Date]? = nil

    public var effectiveURL: String { fetchURL ?? url }
}

/// The scheduling hints last seen for a feed (feed-level and HTTP-level).
public struct StoredFeedHints: Sendable, Equatable {
    public var ttlMinutes: Int?
    public var updatePeriod: String?
    public var updateFrequency: Int?
    public var skipHours: Set<Int>
    public var skipDays: Set<String>
    public var freshUntil: Date?
    public var retryAfter: Date?
    public init(ttlMinutes: Int? = nil, updatePeriod: String? = nil, updateFrequency: Int? = nil,
                skipHours: Set<Int> = [], skipDays: Set<String> = [], freshUntil: Date? = nil, retryAfter: Date? = nil) {
        self.ttlMinutes = ttlMinutes
        self.updatePeriod = updatePeriod
        self.updateFrequency = updateFrequency
        self.skipHours = skipHours
        self.skipDays = skipDays
        self.freshUntil = freshUntil
        self.retryAfter = retryAfter
    }
}

/// The outcome of one poll of one feed, as the poll cycle decided it.
public struct FeedPollRecord: Sendable {
    public enum Result: Sendable, Equatable {
        /// 200 and parsed: validators and feed metadata are replaced.
        case success(etag: String?, lastModified: String?, title: String?, siteURL: String?)
        case notModified
        case failure(message: String, gone: Bool)
    }
    public var feedID: Int64
    public var result: Result
    public var status: Int?
    public var polledAt: Date
    public var nextPollAt: Date?
    /// A permanent redirect's target, to fetch from now on.
    public var movedTo: String?
    public var hints: StoredFeedHints?
    /// The feed's recent publication times to store (nil keeps the stored ones).
    public var recentPublications: [Date]?

    public init(feedID: Int64, result: Result, status: Int?, polledAt: Date, nextPollAt: Date?,
                movedTo: String? = nil, hints: StoredFeedHints? = nil, recentPublications: [Date]? = nil) {
        self.feedID = feedID
        self.result = result
        self.status = status
        self.polledAt = polledAt
        self.nextPollAt = nextPollAt
        self.movedTo = movedTo
        self.hints = hints
        self.recentPublications = recentPublications
    }
}

/// One entry as parsed, ready to store.
public struct EntryInput: Sendable, Equatable {
    public var identity: String
    public var guid: String?
    public var url: String? { didSet { contentHash = Self.hash(title, summary, url, authors) } }
    public var canonicalURL: String?
    public var title: String { didSet { contentHash = Self.hash(title, summary, url, authors) } }
    public var summary: String { didSet { contentHash = Self.hash(title, summary, url, authors) } }
    public var authors: [String] { didSet { contentHash = Self.hash(title, summary, url, authors) } }
    public var categories: [String]
    public var published: Date?
    public var updated: Date?
    /// What makes two versions of an entry differ for the reader. Computed where the entry is made
    /// (on the parsing threads), not by the store's one writer, which a first cycle keeps busy.
    private(set) var contentHash: String

    public init(identity: String, guid: String? = nil, url: String? = nil, canonicalURL: String? = nil, title: String,
                summary: String, authors: [String] = [], categories: [String] = [], published: Date? = nil, updated: Date? = nil) {
        self.identity = identity
        self.guid = guid
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.summary = summary
        self.authors = authors
        self.categories = categories
        self.published = published
        self.updated = updated
        contentHash = Self.hash(title, summary, url, authors)
    }

    private static func hash(_ title: String, _ summary: String, _ url: String?, _ authors: [String]) -> String {
        StableHash.hex([title, summary, url ?? "", authors.joined(separator: "\u{1f}")].joined(separator: "\u{1e}"))
    }
}

/// An entry's id and times, without its text: enough to put many entries in order before reading
/// them a chunk at a time.
public struct EntryTimes: Sendable, Equatable {
    public let id: Int64
    /// `StoredEntry.reportedAt`.
    public let reportedAt: Date
    public let firstSeen: Date
}

/// An entry as stored.
public struct StoredEntry: Sendable, Equatable {
    public var id: Int64
    public var feedID: Int64
    public var feedName: String
    public var feedTags: [String]
    public var identity: String
    public var guid: String?
    public var url: String?
    public var canonicalURL: String?
    public var title: String
    public var summary: String
    public var published: Date?
    public var firstSeen: Date
    public var storyID: String?
    /// The thread of the entry's story (nil while the entry has no story).
    public var threadID: String?
    public var clusterScore: Double?
    public var clusterTerms: [String]
    public var clusterReason: String?
    /// The article's own categories, as its feed gave them.
    public var categories: [String] = []

    /// The time of the report: its own date when it has a plausible one, else when veille first saw it.
    public var reportedAt: Date { Self.reportTime(published: published, firstSeen: firstSeen) }

    public static func reportTime(published: Date?, firstSeen: Date) -> Date {
        guard let p = published, p <= firstSeen.addingTimeInterval(3600) else { return firstSeen }
        return p
    }
}

/// What storing one poll changed.
public struct EntryChanges: Sendable, Equatable {
    public var inserted: [Int64] = []
    public var updated: [Int64] = []
    /// Those of `inserted` given a story of their own as they were stored (`BacklogCutoff`).
    public var settled: [Int64] = []
    /// The report time (`StoredEntry.reportedAt`) of each of `inserted`, in the same order: which
    /// digest days they touch, without reading them back.
    public var insertedReportTimes: [Date] = []
    public init(inserted: [Int64] = [], updated: [Int64] = [], settled: [Int64] = [], insertedReportTimes: [Date] = []) {
        self.inserted = inserted
        self.updated = updated
        self.settled = settled
        self.insertedReportTimes = insertedReportTimes
    }
}

/// A story assignment to persist: the entry's event (story), the event's thread, and why.
public struct StoryAssignment: Sendable, Equatable {
    public var entryID: Int64
    public var storyID: String
    /// The story's thread after this assignment: the story row takes the latest assignment's thread.
    public var threadID: String
    public var score: Double
    public var terms: [String]
    /// The clusterer's reason, as its raw value (the store does not know the clusterer's types).
    public var reason: String
    /// Set when this entry linked its story to an earlier event; kept on the story until another link replaces it.
    public var threadLink: StoredThreadLink?

    public init(entryID: Int64, storyID: String, threadID: String, score: Double, terms: [String], reason: String,
                threadLink: StoredThreadLink? = nil) {
        self.entryID = entryID
        self.storyID = storyID
        self.threadID = threadID
        self.score = score
        self.terms = terms
        self.reason = reason
        self.threadLink = threadLink
    }
}

/// Why a story belongs to its thread: the earlier event it was linked to, the score and the shared terms.
public struct StoredThreadLink: Sendable, Equatable {
    public var eventID: String
    public var score: Double
    public var terms: [String]

    public init(eventID: String, score: Double, terms: [String]) {
        self.eventID = eventID
        self.score = score
        self.terms = terms
    }
}
