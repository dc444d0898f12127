import Foundation

/// The rolling Atom 1.0 feed: one entry per story of the last days, for feed readers.
///
/// An entry's id is derived from the story id only, so it never changes; its `updated` is the
/// latest source's first-report time, so a reader sees the entry as changed only when the story
/// gains a source, not on every rewrite of the feed.
public enum AtomRenderer {
    /// - Parameters:
    ///   - days: the days to cover (the caller keeps the last `atom_days`), in any order. A story
    ///     present in several days appears once, as in the latest of them.
    ///   - feedID: the feed's permanent IRI, e.g. "urn:veille:digest"; entry ids are
    ///     "<feedID>:story:<story id>".
    ///   - selfURL: where the feed is published, if anywhere (only http(s) is kept).
    ///   - now: the feed's `updated` when there is no entry at all.
    public static func render(days: [DigestModel], feedID: String, selfURL: String?, now: Date) -> String {
        renderParts(days: days, feedID: feedID, selfURL: selfURL, now: now).joined()
    }

    /// `render`'s text in consecutive parts of at most `partEntries` entries each, for a writer that
    /// writes them one after the other: a week of a big first cycle is megabytes, and one growing
    /// string doubled its buffer (copying it) at the end of the cycle, when memory is at its peak.
    public static func renderParts(days: [DigestModel], feedID: String, selfURL: String?, now: Date,
                                   partEntries: Int = 256) -> [String] {
        let ordered = days.sorted { $0.day > $1.day }
        let language = ordered.first?.language ?? .fr
        var seen = Set<String>()
        var entries: [(story: DigestStory, thread: DigestThread, model: DigestModel)] = []
        for model in ordered {
            for thread in model.allThreads {
                for story in thread.stories where seen.insert(story.id).inserted { entries.append((story, thread, model)) }
            }
        }
        let updated = entries.map(\.story.updated).max() ?? now

        var out = ""
        out.reserveCapacity(1024 + min(entries.count, partEntries) * Self.entryBytes)
        out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(language.rawValue)\">\n"
        out += "  <id>\(MarkupEscaping.escape(feedID))</id>\n"
        out += "  <title>\(MarkupEscaping.escape(language.words.feedTitle))</title>\n"
        out += "  <updated>\(DigestDateText.utcTimestamp(updated))</updated>\n"
        out += "  <author><name>veille</name></author>\n"
        out += "  <generator>veille</generator>\n"
        if let selfURL = SafeLink.http(selfURL) {
            out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(MarkupEscaping.escape(selfURL))\"/>\n"
        }
        let dates = Dictionary(ordered.map { ($0.day, DigestDateText(timeZone: $0.timeZone, language: $0.language)) },
                               uniquingKeysWith: { first, _ in first })
        var parts: [String] = []
        for (k, (story, thread, model)) in entries.enumerated() {
            if k > 0, k % max(partEntries, 1) == 0 {
                parts.append(out)
                out = ""
                out.reserveCapacity(partEntries * Self.entryBytes)
            }
            entry(story, thread: thread, model: model, dates: dates[model.day]!, feedID: feedID, into: &out)
        }
        out += "</feed>\n"
        parts.append(out)
        return parts
    }

    /// About what one entry takes (2.2 KB on average in a 70,000-entry week), to size each part once.
    private static let entryBytes = 2400

    private static func entry(_ story: DigestStory, thread: DigestThread, model: DigestModel, dates: DigestDateText,
                              feedID: String, into out: inout String) {
        let words = model.language.words
        out += "  <entry>\n"
        out += "    <id>\(MarkupEscaping.escape(feedID + ":story:" + StoryAnchor.encode(story.id)))</id>\n"
        out += "    <title type=\"text\">\(MarkupEscaping.escape(story.headline))</title>\n"
        if let url = story.url {
            out += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(MarkupEscaping.escape(url))\"/>\n"
        }
        out += "    <published>\(DigestDateText.utcTimestamp(story.firstReported))</published>\n"
        out += "    <updated>\(DigestDateText.utcTimestamp(story.updated))</updated>\n"
        for tag in Set(story.sources.flatMap(\.tags)).sorted() {
            out += "    <category term=\"\(MarkupEscaping.escape(tag))\"/>\n"
        }
        if !story.summary.isEmpty {
            out += "    <summary type=\"text\">\(MarkupEscaping.escape(story.summary))</summary>\n"
        }
        // The content is an HTML fragment carried as escaped text (type="html"): feed strings are
        // escaped once for HTML, then the whole fragment once more for XML.
        var html = ""
        // A story of a thread with other events says so: the thread, then the story.
        if thread.isGrouped || !thread.earlier.isEmpty {
            html += "<p><b>\(MarkupEscaping.escape(words.developingStory))\(words.colon)</b> \(MarkupEscaping.escape(thread.title))</p>"
        }
        html += "<p>\(words.outlets(story.outletCount)) · "
            + MarkupEscaping.escape(words.firstReport(dates.time(story.firstReported, on: model.day))) + "</p>"
        if !story.summary.isEmpty {
            let from = story.summaryOutlet.map { "<i>\(MarkupEscaping.escape(words.summaryFrom($0) + words.colon))</i> " } ?? ""
            html += "<p>\(from)\(MarkupEscaping.escape(story.summary))</p>"
        }
        html += "<ul>"
        // Every source, earlier days' included: a feed reader sees one entry per event.
        for source in story.earlierSources + story.sources {
            html += "<li><b>\(MarkupEscaping.escape(source.outlet))</b>, \(dates.time(source.published, on: model.day))\(words.colon) "
            let title = MarkupEscaping.escape(source.title.isEmpty ? words.untitled : source.title)
            if let url = source.url {
                html += "<a href=\"\(MarkupEscaping.escape(url))\">\(title)</a>"
            } else {
                html += title
            }
            html += "</li>"
        }
        html += "</ul>"
        if let reason = story.reason {
            html += "<p><i>\(MarkupEscaping.escape(words.whyGrouped))\(words.colon) \(MarkupEscaping.escape(words.why(reason)))</i></p>"
        }
        if !thread.earlier.isEmpty {
            // Links go to the articles: a feed reader has no place to resolve a day's file against.
            html += "<p>\(MarkupEscaping.escape(words.previously))\(words.colon)</p><ul>"
            for event in thread.earlier {
                html += "<li>\(MarkupEscaping.escape(dates.shortDay(event.day, from: model.day))) · "
                if let url = event.url {
                    html += "<a href=\"\(MarkupEscaping.escape(url))\">\(MarkupEscaping.escape(event.headline))</a>"
                } else {
                    html += MarkupEscaping.escape(event.headline)
                }
                html += "</li>"
            }
            html += "</ul>"
        }
        out += "    <content type=\"html\">\(MarkupEscaping.escape(html))</content>\n"
        out += "  </entry>\n"
    }
}
