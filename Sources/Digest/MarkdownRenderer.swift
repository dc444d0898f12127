/// The digest as CommonMark (GFM-compatible): plain enough to read with `less`, structured enough
/// to render well on a forge. Feed text is escaped; links are http(s) only. The stories of one thread
/// shown the same day follow a "Sujet suivi" heading; a thread's earlier events link to their own
/// day's file (`YYYY-MM-DD.md`, beside this one).
public enum MarkdownRenderer {
    public static func render(_ model: DigestModel) -> String {
        let words = model.language.words
        let dates = DigestDateText(timeZone: model.timeZone, language: model.language)
        // Blocks are separated by exactly one blank line, whatever produced them.
        var blocks: [String] = []
        blocks.reserveCapacity(16 + model.articleCount * 2)
        blocks.append("# veille — \(dates.dayTitle(model.day))")
        let nav = navigation(model, dates: dates)
        if let nav { blocks.append(nav) }

        if model.isEmpty {
            blocks.append(words.nothingNew)
        } else {
            blocks.append(words.overview(articles: model.articleCount, outlets: model.outletCount))
            blocks.append("## \(words.topStories)")
            if model.topThreads.isEmpty { blocks.append(words.noTopStory) }
            var rank = 0
            for thread in model.topThreads {
                // A group's stories go one heading level down, under the thread's heading.
                let level = thread.isGrouped ? "####" : "###"
                if thread.isGrouped { blocks.append("### " + threadTitle(thread, words: words)) }
                for story in thread.stories {
                    rank += 1
                    topStory(story, heading: "\(level) \(rank).", model: model, dates: dates, into: &blocks)
                }
                if let list = earlier(thread.earlier, model: model, dates: dates) { blocks.append(list) }
            }
            if !model.topicGroups.isEmpty { blocks.append("## \(words.byTopic)") }
            for group in model.topicGroups {
                blocks.append("### \(group.label.map(MarkdownEscaping.escape) ?? words.untagged)")
                for thread in group.threads { singleThread(thread, model: model, dates: dates, into: &blocks) }
            }
            if !model.deals.isEmpty {
                blocks.append("## \(words.deals)")
                blocks.append(model.deals.map { deal in
                    "- **\(MarkdownEscaping.escape(deal.outlet))** · \(dates.time(deal.published, on: model.day)) · "
                        + link(deal.title.isEmpty ? words.untitled : deal.title, deal.url)
                }.joined(separator: "\n"))
            }
        }
        blocks.append("---")
        if let nav { blocks.append(nav) }
        blocks.append("*" + dates.generatedLine(model.generatedAt, words: words) + "*")
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// "← Jour précédent · Tous les jours · Jour suivant →", linking the neighbouring days' files.
    private static func navigation(_ model: DigestModel, dates: DigestDateText) -> String? {
        let nav = model.navigation
        let words = model.language.words
        var parts: [String] = []
        if let p = nav.previous { parts.append("[← \(words.previousDay) (\(dates.shortDay(p, from: model.day)))](\(DigestFileName.page(p, "md")))") }
        if nav.hasIndex { parts.append("[\(words.allDays)](\(DigestFileName.index))") }
        if let n = nav.next { parts.append("[\(words.nextDay) (\(dates.shortDay(n, from: model.day))) →](\(DigestFileName.page(n, "md")))") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// "Sujet suivi : …", the heading of a thread's stories shown together.
    private static func threadTitle(_ thread: DigestThread, words: DigestWords) -> String {
        "\(words.developingStory)\(words.colon) \(MarkdownEscaping.escape(thread.title))"
    }

    /// "Précédemment :" and one line per earlier event, linked to its day's file; nil when there is none.
    /// `indent` puts it inside a list item.
    private static func earlier(_ events: [DigestEarlierEvent], model: DigestModel, dates: DigestDateText,
                                indent: String = "") -> String? {
        guard !events.isEmpty else { return nil }
        let words = model.language.words
        return "\(indent)*\(words.previously)\(words.colon)*\n\n" + events.map { event in
            "\(indent)- \(dates.shortDay(event.day, from: model.day)) · [\(MarkdownEscaping.escape(event.headline))](\(DigestFileName.page(event.day, "md")))"
        }.joined(separator: "\n")
    }

    private static func topStory(_ story: DigestStory, heading: String, model: DigestModel, dates: DigestDateText,
                                 into blocks: inout [String]) {
        let words = model.language.words
        blocks.append("\(heading) " + link(story.headline, story.url))
        blocks.append("**\(words.outlets(story.outletCount))**" + (story.isContinuing ? " · *\(words.continuing)*" : "")
                      + " · \(MarkdownEscaping.escape(story.outlet)) · "
                      + words.firstReport(dates.time(story.firstReported, on: model.day)))
        if let summary = summary(story, words: words) { blocks.append(summary) }
        var rows = story.listedSources.map { source in
            "- **\(MarkdownEscaping.escape(source.outlet))** · \(dates.time(source.published, on: model.day)) · "
                + link(source.title.isEmpty ? words.untitled : source.title, source.url)
        }
        let more = story.moreSources
        if !more.isEmpty {
            rows.append("- \(words.also)\(words.colon) " + more.map { link($0.outlet, $0.url) }.joined(separator: ", ") + " (\(more.count))")
        }
        if !rows.isEmpty { blocks.append(rows.joined(separator: "\n")) }
        if let folded = earlierSources(story, model: model, dates: dates, indent: "") { blocks.append(folded) }
        if let reason = story.reason {
            blocks.append("*\(words.whyGrouped)\(words.colon) \(MarkdownEscaping.escape(words.why(reason)))*")
        }
    }

    /// The summary paragraph, prefixed with its outlet when it is not the headline's article's.
    private static func summary(_ story: DigestStory, words: DigestWords) -> String? {
        guard !story.summary.isEmpty else { return nil }
        let from = story.summaryOutlet.map { "*\(MarkdownEscaping.escape(words.summaryFrom($0)))\(words.colon)* " } ?? ""
        return from + MarkdownEscaping.escape(story.summary)
    }

    /// A continuing event's earlier sources in one line, linked to the day it began.
    private static func earlierSources(_ story: DigestStory, model: DigestModel, dates: DigestDateText, indent: String) -> String? {
        guard let first = story.firstDay, !story.earlierSources.isEmpty else { return nil }
        let words = model.language.words
        let since = words.earlierSources(story.earlierSources.count, since: dates.shortDay(first, from: model.day))
        let outlets = story.earlierSources.map { link($0.outlet, $0.url) }.joined(separator: ", ")
        return "\(indent)*\(words.continuing)\(words.colon)* [\(MarkdownEscaping.escape(since))](\(DigestFileName.page(first, "md")))\(words.colon) \(outlets)"
    }

    /// One list item per thread: a story alone, or the thread's title with its stories listed under it.
    private static func singleThread(_ thread: DigestThread, model: DigestModel, dates: DigestDateText,
                                     into blocks: inout [String]) {
        guard thread.isGrouped else {
            var item = single(thread.stories[0], model: model, dates: dates, indent: "")
            if let list = earlier(thread.earlier, model: model, dates: dates, indent: "  ") { item += "\n\n" + list }
            blocks.append(item)
            return
        }
        var item = "- **" + threadTitle(thread, words: model.language.words) + "**"
        for story in thread.stories { item += "\n\n" + single(story, model: model, dates: dates, indent: "  ") }
        if let list = earlier(thread.earlier, model: model, dates: dates, indent: "  ") { item += "\n\n" + list }
        blocks.append(item)
    }

    /// One list item per story, indented by `indent`; the blank lines between items make a loose
    /// list, whose summary paragraphs (indented under the item) render as part of it.
    private static func single(_ story: DigestStory, model: DigestModel, dates: DigestDateText, indent: String) -> String {
        var item = indent + "- " + link(story.headline, story.url) + " — \(MarkdownEscaping.escape(story.outlet)), "
            + dates.time(story.firstReported, on: model.day)
        if let summary = summary(story, words: model.language.words) { item += "\n\n\(indent)  " + summary }
        if let folded = earlierSources(story, model: model, dates: dates, indent: indent + "  ") { item += "\n\n" + folded }
        // Several articles of one outlet on one event: the others are listed under the first.
        let others = story.sources.filter { !$0.isRepresentative }
        if !others.isEmpty { item += "\n" }
        for source in others {
            item += "\n\(indent)  - " + link(source.title.isEmpty ? model.language.words.untitled : source.title, source.url)
                + ", \(dates.time(source.published, on: model.day))"
        }
        return item
    }

    private static func link(_ text: String, _ url: String?) -> String {
        let label = MarkdownEscaping.escape(text)
        guard let url else { return label }
        return "[\(label)](\(MarkdownEscaping.destination(url)))"
    }
}
