import Foundation
import TextFormats

/// Everything a day's digest shows, already ranked, grouped, cleaned and cut: the renderers only
/// lay it out. Built by `DigestBuilder`.
public struct DigestModel: Sendable, Equatable {
    public var day: LocalDay
    public var language: DigestLanguage
    /// The zone in which times are shown (and which decided the day).
    public var timeZone: TimeZoneRules
    public var generatedAt: Date
    /// Threads led by a story covered by two or more distinct outlets, best lead first.
    public var topThreads: [DigestThread]
    /// Threads led by a story from a single outlet, grouped by tag.
    public var topicGroups: [DigestTopicGroup]
    /// The day's deal posts ("Bons plans"), latest first: never part of a story.
    public var deals: [DigestDeal]
    /// The days with a digest before and after this one, for the page's links.
    public var navigation: DigestNavigation

    public init(day: LocalDay, language: DigestLanguage, timeZone: TimeZoneRules, generatedAt: Date,
                topThreads: [DigestThread], topicGroups: [DigestTopicGroup], deals: [DigestDeal] = [],
                navigation: DigestNavigation = DigestNavigation()) {
        self.day = day
        self.language = language
        self.timeZone = timeZone
        self.generatedAt = generatedAt
        self.topThreads = topThreads
        self.topicGroups = topicGroups
        self.deals = deals
        self.navigation = navigation
    }

    /// The stories of "À la une" in the order shown: each top thread's stories, lead first.
    public var topStories: [DigestStory] { topThreads.flatMap(\.stories) }

    /// Every thread of the day in the order shown.
    public var allThreads: [DigestThread] { topThreads + topicGroups.flatMap(\.threads) }

    /// Every story of the day in the order shown, top stories first.
    public var allStories: [DigestStory] { allThreads.flatMap(\.stories) }

    public var isEmpty: Bool { topStories.isEmpty && topicGroups.allSatisfy { $0.stories.isEmpty } && deals.isEmpty }

    /// The day's articles, each once: the stories' sources of the day and the deals (folded earlier
    /// sources belong to their own days).
    public var articleCount: Int { allStories.reduce(0) { $0 + $1.sources.count } + deals.count }

    /// Distinct outlets among the day's articles.
    public var outletCount: Int {
        var keys = OutletKeys()
        return Set(allStories.flatMap { $0.sources.map { keys.key($0.outlet) } } + deals.map { keys.key($0.outlet) }).count
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

/// One story as shown: its representative headline, the day's sources, and the sources of earlier
/// days folded (a continuing event).
public struct DigestStory: Sendable, Equatable {
    public var id: String
    public var headline: String
    /// The representative article's link; nil when it had none or it was not http(s).
    public var url: String?
    /// The representative article's outlet.
    public var outlet: String
    /// At most `DigestBuilder.summaryLimit` characters, cut at a word boundary. Never the headline again.
    public var summary: String
    /// The outlet whose article the summary comes from when it is not the headline's article; nil otherwise.
    public var summaryOutlet: String?
    /// The earliest source's first-report time (earlier days included).
    public var firstReported: Date
    /// The latest source's first-report time: it moves only when the story gains a source.
    public var updated: Date
    /// Distinct outlets up to the end of the day, earlier days included (two feeds of one outlet count once).
    public var outletCount: Int
    /// Distinct outlets among the day's own sources: what ranks the story on this day.
    public var outletCountToday: Int
    /// The day's articles, oldest first.
    public var sources: [DigestStorySource]
    /// The articles of earlier days (a continuing event), oldest first; shown folded.
    public var earlierSources: [DigestStorySource]
    /// The local day of the event's first article, when it is before the digest's day.
    public var firstDay: LocalDay?
    /// The clustering's probability, for scripts (the pages show `reason`'s wording instead).
    public var score: Double?
    /// Why the articles are together; nil for a single article.
    public var reason: GroupingReason?
    /// The story's thread ("t-…"), nil when its input gave none.
    public var threadID: String?

    public init(id: String, headline: String, url: String?, outlet: String, summary: String, summaryOutlet: String? = nil,
                firstReported: Date, updated: Date, outletCount: Int, outletCountToday: Int? = nil,
                sources: [DigestStorySource], earlierSources: [DigestStorySource] = [], firstDay: LocalDay? = nil,
                score: Double? = nil, reason: GroupingReason? = nil, threadID: String? = nil) {
        self.id = id
        self.headline = headline
        self.url = url
        self.outlet = outlet
        self.summary = summary
        self.summaryOutlet = summaryOutlet
        self.firstReported = firstReported
        self.updated = updated
        self.outletCount = outletCount
        self.outletCountToday = outletCountToday ?? outletCount
        self.sources = sources
        self.earlierSources = earlierSources
        self.firstDay = firstDay
        self.score = score
        self.reason = reason
        self.threadID = threadID
    }

    /// An event first reported on an earlier day that gained sources on this one.
    public var isContinuing: Bool { !earlierSources.isEmpty }

    /// The sources a card lists with their headlines: the day's, the headline's own article left out
    /// (the card's heading already is its title), at most `DigestBuilder.listedSources`.
    public var listedSources: ArraySlice<DigestStorySource> {
        sources.filter { !$0.isRepresentative || sources.count == 1 }.prefix(DigestBuilder.listedSources)
    }

    /// The day's other sources, named only ("Aussi : …").
    public var moreSources: [DigestStorySource] {
        Array(sources.filter { !$0.isRepresentative || sources.count == 1 }.dropFirst(DigestBuilder.listedSources))
    }
}

/// A deal post ("Bon plan : …"), listed apart in one line.
public struct DigestDeal: Sendable, Equatable {
    public var entryID: String
    public var outlet: String
    public var title: String
    /// nil when the feed gave none or it was not http(s).
    public var url: String?
    public var published: Date

    public init(entryID: String, outlet: String, title: String, url: String?, published: Date) {
        self.entryID = entryID
        self.outlet = outlet
        self.title = title
        self.url = url
        self.published = published
    }
}

/// The neighbouring digests a page links to; the publisher knows which days have one.
public struct DigestNavigation: Sendable, Equatable {
    public var previous: LocalDay?
    public var next: LocalDay?
    /// Whether an index of the days (`index.html`) sits beside the day's files.
    public var hasIndex: Bool

    public init(previous: LocalDay? = nil, next: LocalDay? = nil, hasIndex: Bool = false) {
        self.previous = previous
        self.next = next
        self.hasIndex = hasIndex
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
    /// The article's own categories (its feed's words for its subject), cleaned.
    public var categories: [String]
    /// Whether this is the article whose headline represents the story.
    public var isRepresentative: Bool

    public init(entryID: String, outlet: String, title: String, url: String?, published: Date,
                tags: [String] = [], categories: [String] = [], isRepresentative: Bool = false) {
        self.categories = categories
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
    /// The tag as a reader sees it ("Politique numérique"); nil for the untagged group.
    public var label: String?
    public var threads: [DigestThread]

    public init(tag: String?, label: String? = nil, threads: [DigestThread]) {
        self.tag = tag
        self.label = label ?? tag.map { TagLabel.label(for: $0, labels: [:]) }
        self.threads = threads
    }

    /// Stories each alone in its thread.
    public init(tag: String?, label: String? = nil, stories: [DigestStory]) {
        self.init(tag: tag, label: label, threads: stories.map(DigestThread.init(alone:)))
    }

    /// The group's stories in the order shown.
    public var stories: [DigestStory] { threads.flatMap(\.stories) }
}
