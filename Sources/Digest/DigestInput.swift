import Foundation

/// One article as the store knows it: the raw material of a digest. Strings are the feed's own
/// (already plain text, but untrusted: the renderers escape them and keep only http(s) links).
public struct DigestSource: Sendable, Equatable {
    public var entryID: String
    /// The feed's configured name ("Numerama").
    public var outlet: String
    /// The feed's configured tags, in their configured order.
    public var feedTags: [String]
    public let title: String
    public var url: String?
    public let summary: String
    /// When the outlet first reported it: the entry's published date, else when veille first saw it.
    /// It decides the local day the article belongs to.
    public var published: Date
    /// The article's own categories, as its feed gave them ("Cybersécurité", "Smartphones").
    public var categories: [String]
    /// A deal post (`DealDetector`), decided once: a story spanning several days is built once per day.
    public let isDeal: Bool

    public init(entryID: String, outlet: String, feedTags: [String] = [], title: String,
                url: String?, summary: String = "", published: Date, categories: [String] = []) {
        self.entryID = entryID
        self.outlet = outlet
        self.feedTags = feedTags
        self.title = title
        self.url = url
        self.summary = summary
        self.published = published
        self.categories = categories
        isDeal = DealDetector.isDeal(title: title, summary: summary)
    }
}

/// One story (event) with an article on the day, as the clustering module left it: every article
/// reporting the event (those of earlier days too: the day's digest folds them; those of later days
/// are left out, so a day's file shows the event as it was that day), and the event's thread.
public struct DigestStoryInput: Sendable, Equatable {
    /// The store's story id; stable for the story's lifetime (the Atom entry id is built from it).
    public var id: String
    public var sources: [DigestSource]
    /// Index in `sources` of the article whose headline represents the story.
    public var representative: Int
    /// Why articles joined the story, as the clusterer names it ("event", "syndicatedCopy", "sameURL"…).
    public var joinReasons: Set<String>
    /// The clustering's confidence in the grouping, if it has one.
    public var score: Double?
    /// The event's thread ("t-…"); the day's events of one thread are shown together. nil: a thread of its own.
    public var threadID: String?
    /// The thread's events first reported on earlier days, in any order (the builder keeps the newest).
    public var earlier: [EarlierEvent]

    public init(id: String, sources: [DigestSource], representative: Int = 0,
                joinReasons: Set<String> = [], score: Double? = nil, threadID: String? = nil, earlier: [EarlierEvent] = []) {
        self.id = id
        self.sources = sources
        self.representative = representative
        self.joinReasons = joinReasons
        self.score = score
        self.threadID = threadID
        self.earlier = earlier
    }
}

/// An event of the thread reported on an earlier day: shown under "Précédemment" with a link to that
/// day's digest. It belongs to the local day of its first report, as every story does.
public struct EarlierEvent: Sendable, Equatable {
    /// The store's story id.
    public var id: String
    /// Its representative headline (feed text, untrusted).
    public var headline: String
    /// Its representative article's link, if any.
    public var url: String?
    public var firstReported: Date

    public init(id: String, headline: String, url: String? = nil, firstReported: Date) {
        self.id = id
        self.headline = headline
        self.url = url
        self.firstReported = firstReported
    }
}
