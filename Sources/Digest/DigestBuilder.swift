import Foundation
import TextFormats

/// Turns a day's stories into a `DigestModel`: cleans and cuts the feed text (publisher boilerplate
/// out, no summary that repeats its headline), keeps only http(s) links, sets deal posts apart, ranks
/// the stories, puts the stories of one thread together, and groups the threads led by a
/// single-outlet story by theme. Pure: same input, same model.
public enum DigestBuilder {
    /// The longest summary shown, in characters, ellipsis included.
    public static let summaryLimit = 280
    /// Titles are cut too: a hostile or broken feed can put a whole article in a title.
    public static let titleLimit = 200
    /// Earlier events listed per thread: the newest ones; older ones are reached from their own days.
    public static let earlierLimit = 5
    /// Sources a card lists with their headlines; the others are named in one line ("Aussi : …").
    public static let listedSources = 4

    /// - Parameters:
    ///   - stories: every story with an article on `day`, each with all its articles (the builder
    ///     keeps the day's, folds the earlier days', and leaves out the later days': a day's digest
    ///     shows each event as it was that day). Stories without an article of the day are ignored.
    ///   - timeZone: the zone that decided `day`; times are shown in it.
    ///   - generatedAt: "now", shown in the footer.
    ///   - tagLabels: how tags read as theme headings (Feeds.toml's `[digest.tag_labels]`).
    ///   - navigation: the neighbouring days' digests, for the links.
    /// - Returns: the day's threads, each placed by its best-ranked story (its lead), its other stories
    ///   of the day right after the lead. Stories rank by the number of distinct outlets of the day,
    ///   then of all days, then by recency (latest source first, then latest first report, then id).
    ///   First the threads whose lead has two or more outlets, in the leads' rank order; then the
    ///   others grouped by the lead's theme (see `topicGroups`), latest lead first in each group.
    ///   Deal posts are taken out of every story and listed apart.
    public static func build(day: LocalDay, stories: [DigestStoryInput], language: DigestLanguage,
                             timeZone: TimeZoneRules, generatedAt: Date, tagLabels: [String: String] = [:],
                             navigation: DigestNavigation = DigestNavigation()) -> DigestModel {
        let words = language.words
        let bounds = day.interval(in: timeZone)
        var outletKeys = OutletKeys()
        var members: [String: [(story: DigestStory, input: DigestStoryInput)]] = [:]
        var keys: [String] = []
        var deals: [DigestDeal] = []
        var seenDeals = Set<String>()
        for input in stories {
            var sorted = Sorted()
            for (index, source) in input.sources.enumerated() {
                if source.published >= bounds.end { continue }  // a later day's: not yet reported then
                let isToday = source.published >= bounds.start
                if source.isDeal {
                    // A deal is no part of an event; it is listed on its own day, once.
                    if isToday && seenDeals.insert(source.entryID).inserted { deals.append(deal(source)) }
                    continue
                }
                if isToday { sorted.today.append(index) } else { sorted.earlier.append(index) }
            }
            guard !sorted.today.isEmpty else { continue }
            let built = story(input, sorted, day: day, timeZone: timeZone, untitled: words.untitled, outletKeys: &outletKeys)
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
        deals.sort { ($0.published, $0.entryID) > ($1.published, $1.entryID) }
        return DigestModel(day: day, language: language, timeZone: timeZone, generatedAt: generatedAt,
                           topThreads: top, topicGroups: topicGroups(others, labels: tagLabels), deals: deals,
                           navigation: navigation)
    }

    /// Indexes into a story's sources: the day's and the earlier days' (deals and later days' left out).
    private struct Sorted {
        var today: [Int] = []
        var earlier: [Int] = []
    }

    private static func deal(_ source: DigestSource) -> DigestDeal {
        let outlet = PlainText.clean(source.outlet)
        return DigestDeal(entryID: source.entryID, outlet: outlet, title: title(source, outlet: outlet, untitled: ""),
                          url: SafeLink.http(source.url), published: source.published)
    }

    /// A source's title as shown: one clean line, without the site's name appended, cut.
    private static func title(_ source: DigestSource, outlet: String, untitled: String) -> String {
        let clean = PublisherBoilerplate.cleanTitle(PlainText.clean(source.title), outlet: outlet, url: source.url)
        let cut = SummaryCutter.cut(clean, limit: titleLimit)
        return cut.isEmpty ? untitled : cut
    }

    /// One thread of the day: its stories in rank order, its earlier events (the newest, before `day`,
    /// not among the day's stories) and its title, the headline of its first event.
    private static func thread(_ members: [(story: DigestStory, input: DigestStoryInput)], day: LocalDay,
                               timeZone: TimeZoneRules, untitled: String) -> DigestThread {
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

    /// The rank of a story among the day's: more outlets that day first, then more outlets in all,
    /// then the more recent. A continuing event ranks by what it gained on the day, not by its past.
    private static func isRankedBefore(_ a: DigestStory, _ b: DigestStory) -> Bool {
        if a.outletCountToday != b.outletCountToday { return a.outletCountToday > b.outletCountToday }
        return a.outletCount != b.outletCount ? a.outletCount > b.outletCount : isMoreRecent(a, b)
    }

    private static func story(_ input: DigestStoryInput, _ sorted: Sorted, day: LocalDay, timeZone: TimeZoneRules,
                              untitled: String, outletKeys: inout OutletKeys) -> DigestStory {
        let shown = sorted.earlier + sorted.today
        // The headline: the clusterer's choice if it is shown on this day, else the day's earliest article.
        let representative = shown.contains(input.representative) ? input.representative
            : sorted.today.min { (input.sources[$0].published, $0) < (input.sources[$1].published, $1) }!
        func row(_ index: Int) -> DigestStorySource {
            let source = input.sources[index]
            let outlet = PlainText.clean(source.outlet)
            return DigestStorySource(
                entryID: source.entryID, outlet: outlet, title: title(source, outlet: outlet, untitled: ""),
                url: SafeLink.http(source.url), published: source.published,
                tags: source.feedTags.map(PlainText.clean).filter { !$0.isEmpty },
                categories: source.categories.map(PlainText.clean).filter { !$0.isEmpty },
                isRepresentative: index == representative)
        }
        let byTime = { (a: DigestStorySource, b: DigestStorySource) -> Bool in
            if a.published != b.published { return a.published < b.published }
            if a.outlet != b.outlet { return a.outlet < b.outlet }
            return a.entryID < b.entryID
        }
        let sources = sorted.today.map(row).sorted(by: byTime)
        let earlierSources = sorted.earlier.map(row).sorted(by: byTime)
        let all = earlierSources + sources
        let rep = all.first(where: \.isRepresentative)!
        let headline = rep.title.isEmpty ? (all.first { !$0.title.isEmpty }?.title ?? untitled) : rep.title
        // The headline's own summary; else the day's first other summary, then earlier days', with its outlet.
        let summaryOf = { (index: Int) in PublisherBoilerplate.cleanSummary(PlainText.clean(input.sources[index].summary)) }
        let byPublished = { (a: Int, b: Int) in (input.sources[a].published, a) < (input.sources[b].published, b) }
        let others = (sorted.today.sorted(by: byPublished) + sorted.earlier.sorted(by: byPublished)).filter { $0 != representative }
            .lazy.map { (outlet: PlainText.clean(input.sources[$0].outlet), summary: summaryOf($0)) }
        let choice = SummaryChoice.choose(headline: headline, own: summaryOf(representative), others: others)
        let outlets = Set(all.map { outletKeys.key($0.outlet) })
        let outletsToday = Set(sources.map { outletKeys.key($0.outlet) })
        let score = input.score.flatMap { $0.isFinite ? $0 : nil }
        let reason = all.count < 2 ? nil : GroupingReason.make(
            titles: [headline] + all.filter { !$0.isRepresentative }.map(\.title), reasons: input.joinReasons, score: score)
        return DigestStory(
            id: input.id, headline: headline, url: rep.url, outlet: rep.outlet,
            summary: SummaryCutter.cut(choice.text, limit: summaryLimit), summaryOutlet: choice.otherOutlet,
            firstReported: all.first!.published, updated: sources.last!.published,
            outletCount: outlets.count, outletCountToday: outletsToday.count, sources: sources,
            earlierSources: earlierSources,
            firstDay: earlierSources.first.map { LocalDay(date: $0.published, timeZone: timeZone) },
            score: score, reason: reason, threadID: input.threadID)
    }

    private static func isMoreRecent(_ a: DigestStory, _ b: DigestStory) -> Bool {
        if a.updated != b.updated { return a.updated > b.updated }
        if a.firstReported != b.firstReported { return a.firstReported > b.firstReported }
        return a.id < b.id
    }

    /// Each thread led by a single-outlet story goes under one theme, a configured tag:
    /// - the article's own category when it names a tag (or a tag's label) used that day: the article
    ///   says what it is about, where its feed's tags only say what the feed usually covers;
    /// - else one of its feed's tags: the tag shared by the most of the stories of these threads,
    ///   ignoring tags that more than half of them carry (the catch-all "tech" of most French feeds
    ///   would swallow everything) unless the lead has only such tags. Ties go to the feed's
    ///   first-listed tag.
    /// Groups are sorted by label, untagged last.
    static func topicGroups(_ threads: [DigestThread], labels: [String: String] = [:]) -> [DigestTopicGroup] {
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
        // Categories are matched loosely ("Sécurité" names the tag "securite" or its label).
        var tagByKey: [String: String] = [:]
        for tag in counts.keys.sorted() + labels.keys.sorted() {
            for name in [tag, labels[tag] ?? ""] where !name.isEmpty {
                let key = PublisherBoilerplate.squashed(name)
                if tagByKey[key] == nil { tagByKey[key] = tag }
            }
        }

        var groups: [String?: [DigestThread]] = [:]
        for thread in threads {
            let lead = thread.stories[0]
            let own = lead.sources.filter(\.isRepresentative).flatMap(\.categories)
                .compactMap { tagByKey[PublisherBoilerplate.squashed($0)] }
            let tag: String?
            if let named = own.first {
                tag = named
            } else {
                let leadTags = tags(lead)
                let specific = leadTags.filter { !isCatchAll($0) }
                let candidates = specific.isEmpty ? leadTags : specific
                // max(by:) keeps the first of equal maxima: ties go to the first-listed tag.
                tag = candidates.max { counts[$0, default: 0] < counts[$1, default: 0] }
            }
            groups[tag, default: []].append(thread)
        }
        return groups.map {
            DigestTopicGroup(tag: $0.key, label: $0.key.map { TagLabel.label(for: $0, labels: labels) },
                             threads: $0.value.sorted { isMoreRecent($0.stories[0], $1.stories[0]) })
        }
        .sorted { a, b in
            switch (a.label, b.label) {
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?):
                let order = x.compare(y, options: [.caseInsensitive, .diacriticInsensitive])
                return order == .orderedSame ? (a.tag ?? "") < (b.tag ?? "") : order == .orderedAscending
            }
        }
    }
}
