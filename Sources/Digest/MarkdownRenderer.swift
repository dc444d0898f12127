/// The digest as CommonMark (GFM-compatible): plain enough to read with `less`, structured enough
/// to render well on a forge. Feed text is escaped; links are http(s) only.
public enum MarkdownRenderer {
    public static func render(_ model: DigestModel) -> String {
        let words = model.language.words
        let dates = DigestDateText(timeZone: model.timeZone, language: model.language)
        // Blocks are separated by exactly one blank line, whatever produced them.
        var blocks: [String] = []
        blocks.reserveCapacity(16 + model.articleCount * 2)
        blocks.append("# veille — \(dates.dayTitle(model.day))")

        if model.isEmpty {
            blocks.append(words.nothingNew)
        } else {
            blocks.append(words.overview(articles: model.articleCount, outlets: model.outletCount))
            blocks.append("## \(words.topStories)")
            if model.topStories.isEmpty { blocks.append(words.noTopStory) }
            for (rank, story) in model.topStories.enumerated() {
                topStory(story, rank: rank + 1, model: model, dates: dates, into: &blocks)
            }
            if !model.topicGroups.isEmpty { blocks.append("## \(words.byTopic)") }
            for group in model.topicGroups {
                blocks.append("### \(group.tag.map(MarkdownEscaping.escape) ?? words.untagged)")
                for story in group.stories { single(story, model: model, dates: dates, into: &blocks) }
            }
        }
        blocks.append("---")
        blocks.append("*" + dates.generatedLine(model.generatedAt, words: words) + "*")
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private static func topStory(_ story: DigestStory, rank: Int, model: DigestModel, dates: DigestDateText,
                                 into blocks: inout [String]) {
        let words = model.language.words
        blocks.append("### \(rank). " + link(story.headline, story.url))
        blocks.append("**\(words.outlets(story.outletCount))** · "
                      + words.firstReport(dates.time(story.firstReported, on: model.day)))
        if !story.summary.isEmpty { blocks.append(MarkdownEscaping.escape(story.summary)) }
        blocks.append(story.sources.map { source in
            "- **\(MarkdownEscaping.escape(source.outlet))** · \(dates.time(source.published, on: model.day)) · "
                + link(source.title.isEmpty ? words.untitled : source.title, source.url)
        }.joined(separator: "\n"))
        if let explanation = story.explanation {
            var line = "*\(words.whyGrouped)\(words.colon) \(MarkdownEscaping.escape(explanation))"
            if let score = story.score { line += " (\(words.score) \(words.decimal(score)))" }
            blocks.append(line + "*")
        }
    }

    /// One list item per story; the blank lines between items make a loose list, whose summary
    /// paragraphs (indented under the item) render as part of it.
    private static func single(_ story: DigestStory, model: DigestModel, dates: DigestDateText,
                               into blocks: inout [String]) {
        var item = "- " + link(story.headline, story.url) + " — \(MarkdownEscaping.escape(story.outlet)), "
            + dates.time(story.firstReported, on: model.day)
        if !story.summary.isEmpty { item += "\n\n  " + MarkdownEscaping.escape(story.summary) }
        // Several articles of one outlet on one event: the others are listed under the first.
        let others = story.sources.filter { !$0.isRepresentative }
        if !others.isEmpty { item += "\n" }
        for source in others {
            item += "\n  - " + link(source.title.isEmpty ? model.language.words.untitled : source.title, source.url)
                + ", \(dates.time(source.published, on: model.day))"
        }
        blocks.append(item)
    }

    private static func link(_ text: String, _ url: String?) -> String {
        let label = MarkdownEscaping.escape(text)
        guard let url else { return label }
        return "[\(label)](\(MarkdownEscaping.destination(url)))"
    }
}
