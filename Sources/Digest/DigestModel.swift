import Foundation

/// Everything a day's digest shows, already ranked, grouped, cleaned and cut: the renderers only
/// lay it out. Built by `DigestBuilder`.
public struct DigestModel: Sendable, Equatable {
    public var day: LocalDay
    public var language: DigestLanguage
    /// The zone in which times are shown (and which decided the day).
    public var timeZone: TimeZone
    public var generatedAt: Date
    /// Stories covered by two or more distinct outlets, best first.
    public var topStories: [DigestStory]
    /// Stories from a single outlet, grouped by tag.
    public var topicGroups: [DigestTopicGroup]

    public init(day: LocalDay, language: DigestLanguage, timeZone: TimeZone, generatedAt: Date,
                topStories: [DigestStory], topicGroups: [DigestTopicGroup]) {
        self.day = day
        self.language = language
        self.timeZone = timeZone
        self.generatedAt = generatedAt
        self.topStories = topStories
        self.topicGroups = topicGroups
    }

    /// Every story of the day, top stories first.
    public var allStories: [DigestStory] { topStories + topicGroups.flatMap(\.stories) }

    public var isEmpty: Bool { topStories.isEmpty && topicGroups.allSatisfy { $0.stories.isEmpty } }

    public var articleCount: Int { allStories.reduce(0) { $0 + $1.sources.count } }

    /// Distinct outlets over the whole day.
    public var outletCount: Int {
        var keys = OutletKeys()
        return Set(allStories.flatMap { $0.sources.map { keys.key($0.outlet) } }).count
    }

}

/// Two feeds of one outlet ("Le Monde" and "le monde") count as one outlet. Folding is slow and a
/// day has few outlets, so each name is folded once.
struct OutletKeys {
    private var cache: [String: String] = [:]

    mutating func key(_ outlet: String) -> String {
        if let key = cache[outlet] { return key }
        let key = outlet.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        cache[outlet] = key
        return key
    }
}

/// One story as shown: its representative headline and every source.
public struct DigestStory: Sendable, Equatable {
    public var id: String
    public var headline: String
    /// The representative article's link; nil when it had none or it was not http(s).
    public var url: String?
    /// The representative article's outlet.
    public var outlet: String
    /// At most `DigestBuilder.summaryLimit` characters, cut at a word boundary.
    public var summary: String
    /// The earliest source's first-report time.
    public var firstReported: Date
    /// The latest source's first-report time: it moves only when the story gains a source.
    public var updated: Date
    /// Distinct outlets (two feeds of one outlet count once).
    public var outletCount: Int
    /// Every article, oldest first.
    public var sources: [DigestStorySource]
    public var score: Double?
    public var explanation: String?

    public init(id: String, headline: String, url: String?, outlet: String, summary: String,
                firstReported: Date, updated: Date, outletCount: Int, sources: [DigestStorySource],
                score: Double? = nil, explanation: String? = nil) {
        self.id = id
        self.headline = headline
        self.url = url
        self.outlet = outlet
        self.summary = summary
        self.firstReported = firstReported
        self.updated = updated
        self.outletCount = outletCount
        self.sources = sources
        self.score = score
        self.explanation = explanation
    }
}

/// One article inside a story.
public struct DigestStorySource: Sendable, Equatable {
    public var entryID: String
    public var outlet: String
    public var title: String
    /// nil when the feed gave none or it was not http(s).
    public var url: String?
    public var published: Date
    public var tags: [String]
    /// Whether this is the article whose headline represents the story.
    public var isRepresentative: Bool

    public init(entryID: String, outlet: String, title: String, url: String?, published: Date,
                tags: [String] = [], isRepresentative: Bool = false) {
        self.entryID = entryID
        self.outlet = outlet
        self.title = title
        self.url = url
        self.published = published
        self.tags = tags
        self.isRepresentative = isRepresentative
    }
}

/// Single-outlet stories sharing a tag; `tag` is nil for the untagged ones.
public struct DigestTopicGroup: Sendable, Equatable {
    public var tag: String?
    public var stories: [DigestStory]

    public init(tag: String?, stories: [DigestStory]) {
        self.tag = tag
        self.stories = stories
    }
}
