import Foundation

/// Turns a day's stories into a `DigestModel`: cleans and cuts the feed text, keeps only http(s)
/// links, ranks the stories and groups the single-outlet ones by tag. Pure: same input, same model.
public enum DigestBuilder {
    /// The longest summary shown, in characters, ellipsis included.
    public static let summaryLimit = 280
    /// Titles are cut too: a hostile or broken feed can put a whole article in a title.
    public static let titleLimit = 200

    /// - Parameters:
    ///   - stories: the day's stories as the store assigns them to `day` (stories without sources are ignored).
    ///   - timeZone: the zone that decided `day`; times are shown in it.
    ///   - generatedAt: "now", shown in the footer.
    /// - Returns: first the stories covered by two or more distinct outlets, ranked by the number
    ///   of outlets, then by recency (latest source first, then latest first report, then id);
    ///   then the single-outlet stories grouped by tag (see `topicGroups`), latest first in each group.
    public static func build(day: LocalDay, stories: [DigestStoryInput], language: DigestLanguage,
                             timeZone: TimeZone, generatedAt: Date) -> DigestModel {
        let words = language.words
        var outletKeys = OutletKeys()
        let built = stories.compactMap { story($0, untitled: words.untitled, outletKeys: &outletKeys) }
        let top = built.filter { $0.outletCount >= 2 }.sorted { a, b in
            a.outletCount != b.outletCount ? a.outletCount > b.outletCount : isMoreRecent(a, b)
        }
        let singles = built.filter { $0.outletCount < 2 }
        return DigestModel(day: day, language: language, timeZone: timeZone, generatedAt: generatedAt,
                           topStories: top, topicGroups: topicGroups(singles))
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
            score: input.score.flatMap { $0.isFinite ? $0 : nil }, explanation: explanation)
    }

    private static func isMoreRecent(_ a: DigestStory, _ b: DigestStory) -> Bool {
        if a.updated != b.updated { return a.updated > b.updated }
        if a.firstReported != b.firstReported { return a.firstReported > b.firstReported }
        return a.id < b.id
    }

    /// Each single-outlet story goes under one tag of its feed: the tag shared by the most of the
    /// day's single-outlet stories, ignoring tags that more than half of them carry (the catch-all
    /// "tech" of most French feeds would swallow everything) unless the story has only such tags.
    /// Ties go to the feed's first-listed tag. Groups are sorted by tag, untagged stories last.
    static func topicGroups(_ singles: [DigestStory]) -> [DigestTopicGroup] {
        let storyTags = singles.map { story -> [String] in
            var seen = Set<String>()
            return story.sources.flatMap(\.tags).filter { seen.insert($0).inserted }
        }
        var counts: [String: Int] = [:]
        for tags in storyTags { for tag in tags { counts[tag, default: 0] += 1 } }
        let isCatchAll = { (tag: String) in counts[tag, default: 0] * 2 > singles.count }

        var groups: [String?: [DigestStory]] = [:]
        for (story, tags) in zip(singles, storyTags) {
            let specific = tags.filter { !isCatchAll($0) }
            let candidates = specific.isEmpty ? tags : specific
            // max(by:) keeps the first of equal maxima: ties go to the first-listed tag.
            let tag = candidates.max { counts[$0, default: 0] < counts[$1, default: 0] }
            groups[tag, default: []].append(story)
        }
        return groups.map { DigestTopicGroup(tag: $0.key, stories: $0.value.sorted(by: isMoreRecent)) }
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
