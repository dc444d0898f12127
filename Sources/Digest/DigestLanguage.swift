/// The language of the digest's own words (feed text is shown as the feeds wrote it).
public enum DigestLanguage: String, Sendable, CaseIterable {
    case fr, en

    /// The digest's fixed phrases in this language.
    var words: DigestWords { self == .fr ? .french : .english }
}

/// The digest's fixed phrases. Counts and times are joined with no-break spaces (U+00A0) so that
/// "3 médias" or "18 h 05" never wrap in the middle.
struct DigestWords: Sendable {
    let topStories: String
    let byTopic: String
    let untagged: String
    let nothingNew: String
    let noTopStory: String
    let untitled: String
    let whyGrouped: String
    let feedTitle: String
    let sources: String
    /// Heads the stories of one thread shown together ("Sujet suivi : …").
    let developingStory: String
    /// Heads a thread's events of earlier days.
    let previously: String
    /// French puts a no-break space before a colon.
    let colon: String
    /// Heads the deal posts ("Bons plans").
    let deals: String
    /// Before the outlets a card only names ("Aussi : …").
    let also: String
    /// Marks an event first reported on an earlier day.
    let continuing: String
    let previousDay: String
    let nextDay: String
    let allDays: String
    let indexTitle: String
    private let openQuote: String
    private let closeQuote: String
    private let andWord: String
    private let sharedFormat: String
    private let noSharedWords: String
    private let copies: String
    private let confidenceHigh: String
    private let confidenceMedium: String
    private let confidenceLow: String
    private let summaryFromFormat: String
    private let earlierFormat: String
    private let outletSingular: String
    private let outletPlural: String
    private let articleSingular: String
    private let articlePlural: String
    private let fromWord: String
    private let firstReportFormat: String
    private let generatedFormat: String

    func outlets(_ n: Int) -> String { "\(n)\u{A0}\(n == 1 ? outletSingular : outletPlural)" }
    func articles(_ n: Int) -> String { "\(n)\u{A0}\(n == 1 ? articleSingular : articlePlural)" }

    /// "23 articles de 12 médias".
    func overview(articles a: Int, outlets o: Int) -> String { "\(articles(a)) \(fromWord) \(outlets(o))" }

    /// "premier article à 8 h 12".
    func firstReport(_ time: String) -> String { firstReportFormat.replacingOccurrences(of: "%t", with: time) }

    /// "Généré par veille le samedi 28 novembre 2026 à 18 h 30."
    func generated(date: String, time: String) -> String {
        generatedFormat.replacingOccurrences(of: "%d", with: date).replacingOccurrences(of: "%t", with: time)
    }

    /// "Pourquoi ces articles sont regroupés", in sentences: "Leurs titres ont en commun « panne »,
    /// « OVHcloud » et « Roubaix ». Très probablement le même événement."
    func why(_ reason: GroupingReason) -> String {
        var sentences: [String] = []
        if reason.sharedWords.isEmpty {
            sentences.append(noSharedWords)
        } else {
            let quoted = reason.sharedWords.map { openQuote + $0 + closeQuote }
            let list = quoted.count == 1 ? quoted[0]
                : quoted.dropLast().joined(separator: ", ") + " \(andWord) " + quoted.last!
            sentences.append(sharedFormat.replacingOccurrences(of: "%w", with: list))
        }
        if reason.hasCopies { sentences.append(copies) }
        switch reason.confidence {
        case .high?: sentences.append(confidenceHigh)
        case .medium?: sentences.append(confidenceMedium)
        case .low?: sentences.append(confidenceLow)
        case nil: break
        }
        return sentences.joined(separator: " ")
    }

    /// "D'après 01net" before a summary that is not the headline's article's.
    func summaryFrom(_ outlet: String) -> String { summaryFromFormat.replacingOccurrences(of: "%o", with: outlet) }

    /// "Suite : 3 articles depuis jeu. 26 nov." for a continuing event's folded sources.
    func earlierSources(_ count: Int, since day: String) -> String {
        earlierFormat.replacingOccurrences(of: "%n", with: articles(count)).replacingOccurrences(of: "%d", with: day)
    }

    static let french = DigestWords(
        topStories: "À la une", byTopic: "Par thème", untagged: "Divers",
        nothingNew: "Rien de nouveau aujourd'hui.",
        noTopStory: "Aucun sujet n'a été repris par plusieurs médias.",
        untitled: "(sans titre)", whyGrouped: "Pourquoi ces articles sont regroupés",
        feedTitle: "veille — revue de presse", sources: "Sources",
        developingStory: "Sujet suivi", previously: "Précédemment", colon: "\u{A0}:",
        deals: "Bons plans", also: "Aussi", continuing: "Suite",
        previousDay: "Jour précédent", nextDay: "Jour suivant", allDays: "Tous les jours",
        indexTitle: "veille — les derniers jours",
        openQuote: "«\u{A0}", closeQuote: "\u{A0}»", andWord: "et",
        sharedFormat: "Leurs titres ont en commun %w.",
        noSharedWords: "Leurs titres diffèrent ; ce sont leurs résumés et leurs dates qui concordent.",
        copies: "Certains sont le même texte, repris presque mot pour mot.",
        confidenceHigh: "Très probablement le même événement.",
        confidenceMedium: "Probablement le même événement.",
        confidenceLow: "Peut-être le même événement : à vérifier.",
        summaryFromFormat: "D'après %o", earlierFormat: "%n depuis %d",
        outletSingular: "média", outletPlural: "médias", articleSingular: "article", articlePlural: "articles",
        fromWord: "de", firstReportFormat: "premier article à %t",
        generatedFormat: "Généré par veille le %d à %t.")

    static let english = DigestWords(
        topStories: "Top stories", byTopic: "By topic", untagged: "Other",
        nothingNew: "Nothing new today.",
        noTopStory: "No story was covered by more than one outlet.",
        untitled: "(untitled)", whyGrouped: "Why these articles are grouped",
        feedTitle: "veille — daily digest", sources: "Sources",
        developingStory: "Developing story", previously: "Previously", colon: ":",
        deals: "Deals", also: "Also", continuing: "Continuing",
        previousDay: "Previous day", nextDay: "Next day", allDays: "All days",
        indexTitle: "veille — recent days",
        openQuote: "“", closeQuote: "”", andWord: "and",
        sharedFormat: "Their headlines share %w.",
        noSharedWords: "Their headlines differ; their summaries and times match.",
        copies: "Some are the same text, copied almost word for word.",
        confidenceHigh: "Very likely the same event.",
        confidenceMedium: "Probably the same event.",
        confidenceLow: "Possibly the same event: worth checking.",
        summaryFromFormat: "From %o", earlierFormat: "%n since %d",
        outletSingular: "outlet", outletPlural: "outlets", articleSingular: "article", articlePlural: "articles",
        fromWord: "from", firstReportFormat: "first reported at %t",
        generatedFormat: "Generated by veille on %d at %t.")
}
