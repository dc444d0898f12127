import Foundation
import TextFormats

/// The digest as JSON for scripts: every story with its sources, scores and explanations, and every
/// thread of the day with its stories and its earlier events. The
/// schema is documented in README.md ("Digest files"); `schema_version` changes only when a field
/// changes meaning or disappears. Keys keep a fixed, readable order, so the output is written by
/// hand rather than with `JSONEncoder`.
public enum JSONRenderer {
    /// 2: "top_stories" and topic "stories" also hold the other stories of a top story's thread (a
    /// thread is shown together), so a top story may have one outlet; "thread" and "threads" added.
    /// 3: a story's "sources" are the day's only (earlier days' in "earlier_sources", later days' in
    /// later files); "explanation" is a sentence in the digest's language, with "shared_words" and
    /// "confidence"; "score" rounded to 3 decimals; "deals", "navigation", topic "label",
    /// "continuing", "first_day", "outlet_count_today" and "summary_from" added.
    public static let schemaVersion = 3

    /// Scores keep 3 decimals: more is noise to a reader and to a diff.
    static func score(_ value: Double) -> String {
        var text = String(format: "%.3f", (value * 1000).rounded() / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    public static func render(_ model: DigestModel) -> String {
        let dates = DigestDateText(timeZone: model.timeZone, language: model.language)
        var w = JSONWriter()
        w.out.reserveCapacity(1024 + model.articleCount * 600)
        w.open("{")
        w.key("schema_version"); w.raw(String(schemaVersion))
        w.key("day"); w.string(model.day.isoString)
        w.key("title"); w.string(dates.dayTitle(model.day))
        w.key("language"); w.string(model.language.rawValue)
        w.key("time_zone"); w.string(model.timeZone.identifier)
        w.key("generated_at"); w.string(DigestDateText.utcTimestamp(model.generatedAt))
        w.key("article_count"); w.raw(String(model.articleCount))
        w.key("outlet_count"); w.raw(String(model.outletCount))
        w.key("navigation"); w.open("{")
        w.key("previous_day"); w.optionalString(model.navigation.previous?.isoString)
        w.key("next_day"); w.optionalString(model.navigation.next?.isoString)
        w.key("index"); w.optionalString(model.navigation.hasIndex ? DigestFileName.index : nil)
        w.close("}")
        w.key("top_stories"); w.open("[")
        for story in model.topStories { self.story(story, words: model.language.words, into: &w) }
        w.close("]")
        w.key("topics"); w.open("[")
        for group in model.topicGroups {
            w.element(); w.open("{")
            w.key("tag"); w.optionalString(group.tag)
            w.key("label"); w.optionalString(group.label)
            w.key("stories"); w.open("[")
            for story in group.stories { self.story(story, words: model.language.words, into: &w) }
            w.close("]")
            w.close("}")
        }
        w.close("]")
        w.key("threads"); w.open("[")
        for thread in model.allThreads { self.thread(thread, into: &w) }
        w.close("]")
        w.key("deals"); w.open("[")
        for deal in model.deals {
            w.element(); w.open("{")
            w.key("entry_id"); w.string(deal.entryID)
            w.key("outlet"); w.string(deal.outlet)
            w.key("title"); w.string(deal.title)
            w.key("url"); w.optionalString(deal.url)
            w.key("published"); w.string(DigestDateText.utcTimestamp(deal.published))
            w.close("}")
        }
        w.close("]")
        w.close("}")
        w.out += "\n"
        return w.out
    }

    private static func thread(_ thread: DigestThread, into w: inout JSONWriter) {
        w.element(); w.open("{")
        w.key("id"); w.optionalString(thread.id)
        w.key("title"); w.string(thread.title)
        w.key("events"); w.raw("[" + thread.stories.map { JSONString.quoted($0.id) }.joined(separator: ", ") + "]")
        w.key("earlier"); w.open("[")
        for event in thread.earlier {
            w.element(); w.open("{")
            w.key("id"); w.string(event.id)
            w.key("headline"); w.string(event.headline)
            w.key("url"); w.optionalString(event.url)
            w.key("day"); w.string(event.day.isoString)
            w.key("first_reported"); w.string(DigestDateText.utcTimestamp(event.firstReported))
            w.close("}")
        }
        w.close("]")
        w.close("}")
    }

    private static func story(_ story: DigestStory, words: DigestWords, into w: inout JSONWriter) {
        w.element(); w.open("{")
        w.key("id"); w.string(story.id)
        w.key("thread"); w.optionalString(story.threadID)
        w.key("headline"); w.string(story.headline)
        w.key("url"); w.optionalString(story.url)
        w.key("outlet"); w.string(story.outlet)
        w.key("summary"); w.string(story.summary)
        w.key("summary_from"); w.optionalString(story.summaryOutlet)
        w.key("continuing"); w.raw(story.isContinuing ? "true" : "false")
        w.key("first_day"); w.optionalString(story.firstDay?.isoString)
        w.key("first_reported"); w.string(DigestDateText.utcTimestamp(story.firstReported))
        w.key("updated"); w.string(DigestDateText.utcTimestamp(story.updated))
        w.key("outlet_count"); w.raw(String(story.outletCount))
        w.key("outlet_count_today"); w.raw(String(story.outletCountToday))
        w.key("score"); w.raw(story.score.map(score) ?? "null")
        w.key("confidence"); w.optionalString(story.reason?.confidence?.rawValue)
        w.key("shared_words"); w.raw("[" + (story.reason?.sharedWords ?? []).map(JSONString.quoted).joined(separator: ", ") + "]")
        w.key("explanation"); w.optionalString(story.reason.map(words.why))
        w.key("sources"); w.open("[")
        for source in story.sources { self.source(source, into: &w) }
        w.close("]")
        w.key("earlier_sources"); w.open("[")
        for source in story.earlierSources { self.source(source, into: &w) }
        w.close("]")
        w.close("}")
    }

    private static func source(_ source: DigestStorySource, into w: inout JSONWriter) {
        w.element(); w.open("{")
        w.key("entry_id"); w.string(source.entryID)
        w.key("outlet"); w.string(source.outlet)
        w.key("title"); w.string(source.title)
        w.key("url"); w.optionalString(source.url)
        w.key("published"); w.string(DigestDateText.utcTimestamp(source.published))
        w.key("tags"); w.raw("[" + source.tags.map(JSONString.quoted).joined(separator: ", ") + "]")
        w.key("representative"); w.raw(source.isRepresentative ? "true" : "false")
        w.close("}")
    }
}

/// Pretty-printed JSON with two-space indents, one key per line.
private struct JSONWriter {
    var out = ""
    private var depth = 0
    private var needsComma = false

    mutating func open(_ bracket: String) {
        out += bracket
        depth += 1
        needsComma = false
    }

    mutating func close(_ bracket: String) {
        depth -= 1
        if needsComma { newline() }  // a non-empty container closes on its own line
        out += bracket
        needsComma = true
    }

    /// Starts an array element.
    mutating func element() {
        if needsComma { out += "," }
        newline()
    }

    mutating func key(_ name: String) {
        element()
        out += "\"\(name)\": "
    }

    mutating func raw(_ text: String) {
        out += text
        needsComma = true
    }

    mutating func string(_ text: String) {
        JSONString.append(text, to: &out)
        needsComma = true
    }

    mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    private mutating func newline() {
        out += "\n" + String(repeating: "  ", count: depth)
    }
}
