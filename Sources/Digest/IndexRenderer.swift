import Foundation
import TextFormats

/// `index.html`: the days that have a digest, newest first. The recent days (those the caller built a
/// model for, the rolling Atom's days at least) show their size and first headlines; older ones a link.
public enum IndexRenderer {
    /// One day of the index.
    public struct Day: Sendable, Equatable {
        public var day: LocalDay
        /// nil for an older day listed by its file only.
        public var model: DigestModel?

        public init(day: LocalDay, model: DigestModel? = nil) {
            self.day = day
            self.model = model
        }
    }

    /// Headlines shown per recent day.
    public static let headlinesPerDay = 3

    public static func render(days: [Day], language: DigestLanguage, timeZone: TimeZoneRules, generatedAt: Date) -> String {
        let words = language.words
        let dates = DigestDateText(timeZone: timeZone, language: language)
        var out = HTMLRenderer.head(language: language, title: words.indexTitle)
        out += """
        <body>
        <div class="page">
        <header>
        <p class="brand">veille</p>
        <h1>\(MarkupEscaping.escape(words.allDays))</h1>
        </header>
        <main>
        <ol class="index">

        """
        for entry in days.sorted(by: { $0.day > $1.day }) {
            out += "<li><a class=\"index-day\" href=\"\(DigestFileName.page(entry.day, "html"))\">"
            MarkupEscaping.append(dates.dayTitle(entry.day), to: &out)
            out += "</a>"
            if let model = entry.model {
                if model.isEmpty {
                    out += " <span class=\"meta\">\(MarkupEscaping.escape(words.nothingNew))</span>"
                } else {
                    out += " <span class=\"meta\">\(words.overview(articles: model.articleCount, outlets: model.outletCount))</span>"
                    let headlines = model.allStories.prefix(headlinesPerDay)
                    if !headlines.isEmpty {
                        out += "\n<ul>\n"
                        for story in headlines {
                            out += "<li><a href=\"\(DigestFileName.page(entry.day, "html"))#\(StoryAnchor.encode(story.id))\">"
                            MarkupEscaping.append(story.headline, to: &out)
                            out += "</a></li>\n"
                        }
                        out += "</ul>\n"
                    }
                }
            }
            out += "</li>\n"
        }
        out += "</ol>\n</main>\n<footer>\n<p>\(MarkupEscaping.escape(dates.generatedLine(generatedAt, words: words)))</p>\n</footer>\n</div>\n</body>\n</html>\n"
        return out
    }
}
