import Foundation

/// Everything a day's digest shows, already ranked, grouped, cleaned and cut: the renderers only
/// lay it out. Built by `DigestBuilder`.
public struct DigestModel: Sendable, Equatable {
    public var day: LocalDay
    public var language: DigestLanguage
    /// The zone in which times are shown (and which decided the day).
    public var timeZone: TimeZone
    public var generatedAt: Date
    /// Threads led by a story covered by two or more distinct outlets, best lead first.
    public var topThreads: [DigestThread]
    /// Threads led by a story from a single outlet, grouped by tag.
    public var topicGroups: [DigestTopicGroup]

    public init(day: LocalDay, language: DigestLanguage, timeZone: TimeZone, generatedAt: Date,
                topThreads: [DigestThread], topicGroups: [DigestTopicGroup]) {
        self.day = day
        self.language = language
        self.timeZone = timeZone
        self.generatedAt = generatedAt
        self.topThreads = topThreads
        self.topicGroups = topicGroups
    }

    /// The stories of "À la une" in the order shown: each top thread's stories, lead first.
    public var topStories: [DigestStory] { topThreads.flatMap(\.stories) }

    /// Every thread of the day in the order shown.
    public var allThreads: [DigestThread] { topThreads + topicGroups.flatMap(\.threads) }

    /// Every story of the day in the order shown, top stories first.
    public var allStories: [DigestStory] { allThreads.flatMap(\.stories) }

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
    /// The story's thread ("t-…"), nil when its input gave none.
    public var threadID: String?

    public init(id: String, headline: String, url: String?, outlet: String, summary: String,
                firstReported: Date, updated: Date, outletCount: Int, sources: [DigestStorySource],
                score: Double? = nil, explanation: String? = nil, threadID: String? = nil) {
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
        self.threadID = threadID
    }
}

/// A thread (developing story) as one day shows it: its events of the day, shown together, and its
/// events of earlier days. Most threads are one story without history, and show as that story alone.
public struct DigestThread: Sendable, Equatable {
    /// The thread id ("t-…"); nil when the story's input gave none.
    public var id: String?
    /// The headline of the thread's first event, earlier days included: what the developing story is.
    public var title: String
    /// The thread's stories of the day: the best ranked first (it places the thread), then the others
    /// in rank order. Never empty.
    public var stories: [DigestStory]
    /// The thread's events of earlier days, newest first, at most `DigestBuilder.earlierLimit`.
    public var earlier: [DigestEarlierEvent]

    public init(id: String?, title: String, stories: [DigestStory], earlier: [DigestEarlierEvent] = []) {
        self.id = id
        self.title = title
        self.stories = stories
        self.earlier = earlier
    }

    /// A story shown alone, in a thread of its own without history.
    public init(alone story: DigestStory) {
        self.init(id: story.threadID, title: story.headline, stories: [story])
    }

    /// Several stories of the day: shown together under the thread's title.
    public var isGrouped: Bool { stories.count > 1 }
}

/// An earlier day's event of a thread, linked to that day's digest.
public struct DigestEarlierEvent: Sendable, Equatable {
    public var id: String
    /// Cleaned and cut like every headline.
    public var headline: String
    /// Its representative article's link, http(s) only.
    public var url: String?
    /// The digest that shows it: the local day of its first report.
    public var day: LocalDay
    public var firstReported: Date

    public init(id: String, headline: String, url: String?, day: LocalDay, firstReported: Date) {
        self.id = id
        self.headline = headline
        self.url = url
        self.day = day
        self.firstReported = firstReported
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

/// Threads led by a single-outlet story, sharing the lead's tag; `tag` is nil for the untagged ones.
public struct DigestTopicGroup: Sendable, Equatable {
    public var tag: String?
    public var threads: [DigestThread]

    public init(tag: String?, threads: [DigestThread]) {
        self.tag = tag
        self.threads = threads
    }

    /// Stories each alone in its thread.
    public init(tag: String?, stories: [DigestStory]) {
        self.init(tag: tag, threads: stories.map(DigestThread.init(alone:)))
    }

    /// The group's stories in the order shown.
    public var stories: [DigestStory] { threads.flatMap(\.stories) }
}
