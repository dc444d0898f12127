import Foundation

/// Turns a day's stories into a `DigestModel`: cleans and cuts the feed text, keeps only http(s)
/// links, ranks the stories, puts the stories of one thread together, and groups the threads led by
/// a single-outlet story by tag. Pure: same input, same model.
public enum DigestBuilder {
    /// The longest summary shown, in characters, ellipsis included.
    public static let summaryLimit = 280
    /// Titles are cut too: a hostile or broken feed can put a whole article in a title.
    public static let titleLimit = 200
    /// Earlier events listed per thread: the newest ones; older ones are reached from their own days.
    public static let earlierLimit = 5

    /// - Parameters:
    ///   - stories: the day's stories as the store assigns them to `day` (stories without sources are ignored).
    ///   - timeZone: the zone that decided `day`; times are shown in it.
    ///   - generatedAt: "now", shown in the footer.
    /// - Returns: the day's threads, each placed by its best-ranked story (its lead), its other stories
    ///   of the day right after the lead. Stories rank by the number of distinct outlets, then by
    ///   recency (latest source first, then latest first report, then id). First the threads whose
    ///   lead has two or more outlets, in the leads' rank order; then the others grouped by the lead's
    ///   tag (see `topicGroups`), latest lead first in each group.
    public static func build(day: LocalDay, stories: [DigestStoryInput], language: DigestLanguage,
                             timeZone: TimeZone, generatedAt: Date) -> DigestModel {
        let words = language.words
        var outletKeys = OutletKeys()
        var members: [String: [(story: DigestStory, input: DigestStoryInput)]] = [:]
        var keys: [String] = []
        for input in stories {
            guard let built = story(input, untitled: words.untitled, outletKeys: &outletKeys) else { continue }
            // A story without a thread is alone in one (the prefix keeps it apart from any thread id).
            let key = input.threadID ?? "\u{0}" + input.id
            if members[key] == nil { keys.append(key) }
            members[key, default: []].append((built, input))
        }
        let threads = keys.map { key in
            thread(members[key]!, day: day, timeZone: timeZone, untitled: words.untitled)
        }
        let top = threads.filter { $0.stories[0].outletCount >= 2 }.sorted { isRankedBefore($0.stories[0], $1.stories[0]) }
        let others = threads.filter { $0.stories[0].outletCount < 2 }
        return DigestModel(day: day, language: language, timeZone: timeZone, generatedAt: generatedAt,
                           topThreads: top, topicGroups: topicGroups(others))
    }

    /// One thread of the day: its stories in rank order, its earlier events (the newest, before `day`,
    /// not among the day's stories) and its title, the headline of its first event.
    private static func thread(_ members: [(story: DigestStory, input: DigestStoryInput)], day: LocalDay,
                               timeZone: TimeZone, untitled: String) -> DigestThread {
        let stories = members.map(\.story).sorted(by: isRankedBefore)
        let shown = Set(stories.map(\.id))
        var seen = Set<String>()
        let earlier = members.flatMap(\.input.earlier).compactMap { event -> DigestEarlierEvent? in
            guard !shown.contains(event.id), seen.insert(event.id).inserted else { return nil }
            let eventDay = LocalDay(date: event.firstReported, timeZone: timeZone)
            // A later day's digest does not exist yet when this one is written: no link to it.
            guard eventDay < day else { return nil }
            let headline = SummaryCutter.cut(PlainText.clean(event.headline), limit: titleLimit)
            return DigestEarlierEvent(id: event.id, headline: headline.isEmpty ? untitled : headline,
                                      url: SafeLink.http(event.url), day: eventDay, firstReported: event.firstReported)
        }.sorted { ($0.firstReported, $0.id) > ($1.firstReported, $1.id) }
        let first = stories.min { ($0.firstReported, $0.id) < ($1.firstReported, $1.id) }!
        let title = earlier.last.map { $0.firstReported < first.firstReported ? $0.headline : first.headline } ?? first.headline
        return DigestThread(id: members[0].input.threadID, title: title, stories: stories,
                            earlier: Array(earlier.prefix(earlierLimit)))
    }

    /// The rank of a story among the day's: more outlets first, then the more recent.
    private static func isRankedBefore(_ a: DigestStory, _ b: DigestStory) -> Bool {
        a.outletCount != b.outletCount ? a.outletCount > b.outletCount : isMoreRecent(a, b)
    }

    private static func story(_ input: DigestStoryInput, untitled: String, outletKeys: inout OutletKeys) -> DigestStory? {
        guard !input.sources.isEmpty else { return nil }
        let representative = input.sources.indices.contains(input.representative)
            ? input.representative
            : input.sources.indices.min { input.sources[$0].published < input.sources[$1].published }!
        var sources = input.sources.enumerated().map { index, source in
            DigestStorySource(
                entryID: source.entryID,
                outlet: PlainText.clean(source.outlet),
                title: SummaryCutter.cut(PlainText.clean(source.title), limit: titleLimit),
                url: SafeLink.http(source.url),
                published: source.published,
                tags: source.feedTags.map(PlainText.clean).filter { !$0.isEmpty },
                isRepresentative: index == representative)
        }
        sources.sort { a, b in
            if a.published != b.published { return a.published < b.published }
            if a.outlet != b.outlet { return a.outlet < b.outlet }
            return a.entryID < b.entryID
        }
        let rep = sources.first(where: \.isRepresentative)!
        let repInput = input.sources[representative]
        let headline = rep.title.isEmpty ? (sources.first { !$0.title.isEmpty }?.title ?? untitled) : rep.title
        // The representative's summary, else the earliest source that has one.
        let summaries = [repInput] + input.sources.sorted { $0.published < $1.published }
        let summary = summaries.lazy.map { PlainText.clean($0.summary) }.first { !$0.isEmpty } ?? ""
        let outlets = Set(sources.map { outletKeys.key($0.outlet) })
        let explanation = input.explanation.map(PlainText.clean).flatMap { $0.isEmpty ? nil : $0 }
        return DigestStory(
            id: input.id, headline: headline, url: rep.url, outlet: rep.outlet,
            summary: SummaryCutter.cut(summary, limit: summaryLimit),
            firstReported: sources.first!.published, updated: sources.last!.published,
            outletCount: outlets.count, sources: sources,
            score: input.score.flatMap { $0.isFinite ? $0 : nil }, explanation: explanation, threadID: input.threadID)
    }

    private static func isMoreRecent(_ a: DigestStory, _ b: DigestStory) -> Bool {
        if a.updated != b.updated { return a.updated > b.updated }
        if a.firstReported != b.firstReported { return a.firstReported > b.firstReported }
        return a.id < b.id
    }

    /// Each thread led by a single-outlet story goes under one tag of its lead's feed: the tag shared
    /// by the most of the stories of these threads, ignoring tags that more than half of them carry
    /// (the catch-all "tech" of most French feeds would swallow everything) unless the lead has only
    /// such tags. Ties go to the feed's first-listed tag. Groups are sorted by tag, untagged last.
    static func topicGroups(_ threads: [DigestThread]) -> [DigestTopicGroup] {
        func tags(_ story: DigestStory) -> [String] {
            var seen = Set<String>()
            return story.sources.flatMap(\.tags).filter { seen.insert($0).inserted }
        }
        var counts: [String: Int] = [:]
        var storyCount = 0
        for story in threads.flatMap(\.stories) {
            storyCount += 1
            for tag in tags(story) { counts[tag, default: 0] += 1 }
        }
        let isCatchAll = { (tag: String) in counts[tag, default: 0] * 2 > storyCount }

        var groups: [String?: [DigestThread]] = [:]
        for thread in threads {
            let leadTags = tags(thread.stories[0])
            let specific = leadTags.filter { !isCatchAll($0) }
            let candidates = specific.isEmpty ? leadTags : specific
            // max(by:) keeps the first of equal maxima: ties go to the first-listed tag.
            let tag = candidates.max { counts[$0, default: 0] < counts[$1, default: 0] }
            groups[tag, default: []].append(thread)
        }
        return groups.map { DigestTopicGroup(tag: $0.key, threads: $0.value.sorted { isMoreRecent($0.stories[0], $1.stories[0]) }) }
            .sorted { a, b in
                switch (a.tag, b.tag) {
                case (nil, _): return false
                case (_, nil): return true
                case let (x?, y?):
                    let order = x.compare(y, options: [.caseInsensitive, .diacriticInsensitive])
                    return order == .orderedSame ? x < y : order == .orderedAscending
                }
            }
    }
}
