import Foundation

/// The digest as one self-contained HTML5 page: inline CSS, no script, nothing loaded from
/// elsewhere, readable from a phone to a desktop, light and dark. Every feed string is escaped and
/// every link is http(s); a Content-Security-Policy forbids scripts and remote loads in case
/// anything ever slipped through. The stories of one thread shown the same day sit in one box under
/// the thread's title; a thread's earlier events link to their own day's page (`YYYY-MM-DD.html#id`).
public enum HTMLRenderer {
    public static func render(_ model: DigestModel) -> String {
        let words = model.language.words
        let dates = DigestDateText(timeZone: model.timeZone, language: model.language)
        let dayTitle = dates.dayTitle(model.day)
        var out = ""
        out.reserveCapacity(8192 + model.articleCount * 700)
        out += Self.head(language: model.language, title: "veille — \(dayTitle)")
        out += """
        <body>
        <div class="page">
        <header>
        <p class="brand">veille</p>
        <h1>\(dayTitle)</h1>

        """
        navigation(model, dates: dates, into: &out)
        if model.isEmpty {
            out += "</header>\n<main>\n<p class=\"empty\">\(MarkupEscaping.escape(words.nothingNew))</p>\n"
        } else {
            out += "<p class=\"overview\">\(words.overview(articles: model.articleCount, outlets: model.outletCount))</p>\n"
            out += "</header>\n<main>\n<section aria-labelledby=\"top\">\n<h2 id=\"top\">\(words.topStories)</h2>\n"
            if model.topThreads.isEmpty {
                out += "<p class=\"none\">\(MarkupEscaping.escape(words.noTopStory))</p>\n"
            } else {
                out += "<ol class=\"stories\">\n"
                for thread in model.topThreads { topThread(thread, model: model, dates: dates, into: &out) }
                out += "</ol>\n"
            }
            out += "</section>\n"
            if !model.topicGroups.isEmpty {
                out += "<section aria-labelledby=\"topics\">\n<h2 id=\"topics\">\(words.byTopic)</h2>\n"
                for group in model.topicGroups {
                    out += "<section class=\"topic\">\n<h3>"
                    if let label = group.label { MarkupEscaping.append(label, to: &out) } else { out += words.untagged }
                    out += "</h3>\n<ul class=\"items\">\n"
                    for thread in group.threads { singleThread(thread, model: model, dates: dates, into: &out) }
                    out += "</ul>\n</section>\n"
                }
                out += "</section>\n"
            }
            deals(model, dates: dates, into: &out)
        }
        out += "</main>\n<footer>\n"
        navigation(model, dates: dates, into: &out)
        out += "<p>\(MarkupEscaping.escape(dates.generatedLine(model.generatedAt, words: words)))</p>\n</footer>\n</div>\n</body>\n</html>\n"
        return out
    }

    /// Links to the previous and next days' pages and to the index of days.
    private static func navigation(_ model: DigestModel, dates: DigestDateText, into out: inout String) {
        let nav = model.navigation
        guard nav.previous != nil || nav.next != nil || nav.hasIndex else { return }
        let words = model.language.words
        out += "<nav class=\"days\">"
        if let previous = nav.previous {
            out += "<a rel=\"prev\" href=\"\(DigestFileName.page(previous, "html"))\">← \(words.previousDay) <span class=\"day\">"
            MarkupEscaping.append(dates.shortDay(previous, from: model.day), to: &out)
            out += "</span></a>"
        }
        if nav.hasIndex { out += "<a href=\"\(DigestFileName.index)\">\(words.allDays)</a>" }
        if let next = nav.next {
            out += "<a rel=\"next\" href=\"\(DigestFileName.page(next, "html"))\">\(words.nextDay) <span class=\"day\">"
            MarkupEscaping.append(dates.shortDay(next, from: model.day), to: &out)
            out += "</span> →</a>"
        }
        out += "</nav>\n"
    }

    /// "Bons plans": one compact line per deal post, latest first.
    private static func deals(_ model: DigestModel, dates: DigestDateText, into out: inout String) {
        guard !model.deals.isEmpty else { return }
        out += "<section aria-labelledby=\"deals\">\n<h2 id=\"deals\">\(model.language.words.deals)</h2>\n<ul class=\"deals\">\n"
        for deal in model.deals {
            out += "<li><span class=\"src\"><span class=\"outlet\">"
            MarkupEscaping.append(deal.outlet, to: &out)
            out += "</span> " + time(deal.published, model: model, dates: dates) + "</span> "
            link(deal.title.isEmpty ? model.language.words.untitled : deal.title, deal.url, into: &out)
            out += "</li>\n"
        }
        out += "</ul>\n</section>\n"
    }

    /// A thread of "À la une": its story alone, or its stories in one box under the thread's title.
    private static func topThread(_ thread: DigestThread, model: DigestModel, dates: DigestDateText, into out: inout String) {
        threadBox(thread, boxClass: "thread", list: ("ol", "thread-stories"), model: model, dates: dates, into: &out) {
            topStory($0, earlier: $1, model: model, dates: dates, into: &$2)
        }
    }

    /// A thread of a topic: its item alone, or its items in one box under the thread's title.
    private static func singleThread(_ thread: DigestThread, model: DigestModel, dates: DigestDateText, into out: inout String) {
        threadBox(thread, boxClass: "thread-item", list: ("ul", "thread-items"), model: model, dates: dates, into: &out) {
            single($0, earlier: $1, model: model, dates: dates, into: &$2)
        }
    }

    /// One thread laid out with `item`: alone with its earlier events, or boxed under its title with
    /// the earlier events once, after its stories.
    private static func threadBox(_ thread: DigestThread, boxClass: String, list: (tag: String, class: String), model: DigestModel,
                                  dates: DigestDateText, into out: inout String,
                                  item: (DigestStory, [DigestEarlierEvent], inout String) -> Void) {
        guard thread.isGrouped else {
            item(thread.stories[0], thread.earlier, &out)
            return
        }
        out += "<li class=\"\(boxClass)\">\n"
        threadTitle(thread, words: model.language.words, into: &out)
        out += "<\(list.tag) class=\"\(list.class)\">\n"
        for story in thread.stories { item(story, [], &out) }
        out += "</\(list.tag)>\n"
        earlier(thread.earlier, model: model, dates: dates, into: &out)
        out += "</li>\n"
    }

    private static func threadTitle(_ thread: DigestThread, words: DigestWords, into out: inout String) {
        out += "<p class=\"thread-title\"><span class=\"thread-label\">\(MarkupEscaping.escape(words.developingStory))\(words.colon)</span> "
        MarkupEscaping.append(thread.title, to: &out)
        out += "</p>\n"
    }

    /// The thread's earlier events, each linked to its place in its own day's page.
    private static func earlier(_ events: [DigestEarlierEvent], model: DigestModel, dates: DigestDateText, into out: inout String) {
        guard !events.isEmpty else { return }
        let words = model.language.words
        out += "<div class=\"earlier\">\n<p>\(MarkupEscaping.escape(words.previously))</p>\n<ul>\n"
        for event in events {
            out += "<li><time datetime=\"\(event.day.isoString)\">"
            MarkupEscaping.append(dates.shortDay(event.day, from: model.day), to: &out)
            out += "</time> <a href=\"\(DigestFileName.page(event.day, "html"))#\(StoryAnchor.encode(event.id))\">"
            MarkupEscaping.append(event.headline, to: &out)
            out += "</a></li>\n"
        }
        out += "</ul>\n</div>\n"
    }

    private static func topStory(_ story: DigestStory, earlier events: [DigestEarlierEvent], model: DigestModel,
                                 dates: DigestDateText, into out: inout String) {
        let words = model.language.words
        out += "<li class=\"story\" id=\"\(StoryAnchor.encode(story.id))\">\n<article>\n<h3>"
        link(story.headline, story.url, into: &out)
        out += "</h3>\n<p class=\"meta\"><span class=\"badge\">\(words.outlets(story.outletCount))</span> "
        if story.isContinuing { out += "<span class=\"badge continuing\">\(words.continuing)</span> " }
        out += "<span class=\"outlet\">"
        MarkupEscaping.append(story.outlet, to: &out)
        // The phrase is ours (no markup characters); only the time inside it is markup.
        out += "</span> · " + words.firstReport(time(story.firstReported, model: model, dates: dates))
        out += "</p>\n"
        summary(story, words: words, into: &out)
        let listed = story.listedSources
        if !listed.isEmpty {
            out += "<ul class=\"sources\" aria-label=\"\(words.sources)\">\n"
            for source in listed {
                out += "<li><span class=\"src\"><span class=\"outlet\">"
                MarkupEscaping.append(source.outlet, to: &out)
                out += "</span> " + time(source.published, model: model, dates: dates) + "</span> "
                link(source.title.isEmpty ? words.untitled : source.title, source.url, into: &out)
                out += "</li>\n"
            }
            out += "</ul>\n"
        }
        also(story.moreSources, words: words, into: &out)
        earlierSources(story, model: model, dates: dates, into: &out)
        earlier(events, model: model, dates: dates, into: &out)
        if let reason = story.reason {
            out += "<details class=\"why\">\n<summary>\(MarkupEscaping.escape(words.whyGrouped))</summary>\n<p>"
            MarkupEscaping.append(words.why(reason), to: &out)
            out += "</p>\n</details>\n"
        }
        out += "</article>\n</li>\n"
    }

    /// The summary, with its outlet when it is not the headline's article's.
    private static func summary(_ story: DigestStory, words: DigestWords, into out: inout String) {
        guard !story.summary.isEmpty else { return }
        out += "<p class=\"summary\">"
        if let other = story.summaryOutlet {
            out += "<span class=\"from\">"
            MarkupEscaping.append(words.summaryFrom(other) + words.colon, to: &out)
            out += "</span> "
        }
        MarkupEscaping.append(story.summary, to: &out)
        out += "</p>\n"
    }

    /// "Aussi : Outlet, Outlet (n)": the sources past the listed ones, each outlet linked to its article.
    private static func also(_ sources: [DigestStorySource], words: DigestWords, into out: inout String) {
        guard !sources.isEmpty else { return }
        out += "<p class=\"also-outlets\">\(words.also)\(words.colon) "
        for (i, source) in sources.enumerated() {
            if i > 0 { out += ", " }
            out += "<span class=\"outlet-name\">"
            link(source.outlet, source.url, into: &out)
            out += "</span>"
        }
        out += " (\(sources.count))</p>\n"
    }

    /// A continuing event's sources of earlier days, folded, with a link to the day it began.
    private static func earlierSources(_ story: DigestStory, model: DigestModel, dates: DigestDateText, into out: inout String) {
        guard let first = story.firstDay, !story.earlierSources.isEmpty else { return }
        let words = model.language.words
        out += "<details class=\"earlier-sources\">\n<summary>\(words.continuing)\(words.colon) "
        MarkupEscaping.append(words.earlierSources(story.earlierSources.count, since: dates.shortDay(first, from: model.day)), to: &out)
        out += "</summary>\n<ul>\n"
        for source in story.earlierSources {
            out += "<li><span class=\"src\"><span class=\"outlet\">"
            MarkupEscaping.append(source.outlet, to: &out)
            out += "</span> " + time(source.published, model: model, dates: dates) + "</span> "
            link(source.title.isEmpty ? words.untitled : source.title, source.url, into: &out)
            out += "</li>\n"
        }
        out += "</ul>\n<p><a href=\"\(DigestFileName.page(first, "html"))#\(StoryAnchor.encode(story.id))\">"
        MarkupEscaping.append(dates.dayTitle(first), to: &out)
        out += "</a></p>\n</details>\n"
    }

    private static func single(_ story: DigestStory, earlier events: [DigestEarlierEvent], model: DigestModel,
                               dates: DigestDateText, into out: inout String) {
        out += "<li id=\"\(StoryAnchor.encode(story.id))\">\n<p class=\"item-title\">"
        link(story.headline, story.url, into: &out)
        out += "</p>\n<p class=\"meta\"><span class=\"outlet\">"
        MarkupEscaping.append(story.outlet, to: &out)
        out += "</span> · " + time(story.firstReported, model: model, dates: dates)
        if story.isContinuing { out += " <span class=\"badge continuing\">\(model.language.words.continuing)</span>" }
        out += "</p>\n"
        summary(story, words: model.language.words, into: &out)
        if story.sources.count > 1 {
            // Several articles of one outlet on one event: the others are listed under the first.
            out += "<ul class=\"also\">\n"
            for source in story.sources where !source.isRepresentative {
                out += "<li>"
                link(source.title.isEmpty ? model.language.words.untitled : source.title, source.url, into: &out)
                out += " · " + time(source.published, model: model, dates: dates) + "</li>\n"
            }
            out += "</ul>\n"
        }
        earlierSources(story, model: model, dates: dates, into: &out)
        earlier(events, model: model, dates: dates, into: &out)
        out += "</li>\n"
    }

    private static func time(_ date: Date, model: DigestModel, dates: DigestDateText) -> String {
        "<time datetime=\"\(dates.localTimestamp(date))\">\(dates.time(date, on: model.day))</time>"
    }

    private static func link(_ text: String, _ url: String?, into out: inout String) {
        guard let url else {
            MarkupEscaping.append(text, to: &out)
            return
        }
        out += "<a href=\""
        MarkupEscaping.append(url, to: &out)
        out += "\">"
        MarkupEscaping.append(text, to: &out)
        out += "</a>"
    }

    // Light by default, dark through prefers-color-scheme; one readable column, cards for the top
    // stories; long unbroken words (URLs in titles) wrap instead of widening the page.
    /// The document's start up to `</head>`, shared by the day pages and the index: one place for the
    /// Content-Security-Policy that keeps any script out of a page built from feeds.
    static func head(language: DigestLanguage, title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
        <meta name="referrer" content="no-referrer">
        <meta name="color-scheme" content="light dark">
        <meta name="generator" content="veille">
        <title>\(MarkupEscaping.escape(title))</title>
        <style>\(stylesheet)</style>
        </head>

        """
    }

    static let stylesheet = """

    :root{--bg:#f5f4f0;--card:#fff;--text:#1c1c1e;--muted:#5e6168;--accent:#0a58ca;--line:#e2e0d9;--badge-bg:#e6edfb;--badge:#1d3f8f;--thread-bg:#e9eef8}
    @media (prefers-color-scheme:dark){:root{--bg:#121316;--card:#1c1d22;--text:#e6e4e0;--muted:#a2a6ad;--accent:#8ab4f8;--line:#30323a;--badge-bg:#263558;--badge:#cbd9fb;--thread-bg:#1a2233}}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--text);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Ubuntu,Cantarell,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
    .page{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}
    header{margin-bottom:1.75rem}
    .brand{margin:0;font-size:.8rem;font-weight:700;letter-spacing:.12em;text-transform:uppercase;color:var(--accent)}
    h1{margin:.15rem 0 .35rem;font-size:1.75rem;line-height:1.2;font-weight:700}
    h1::first-letter{text-transform:uppercase}
    .overview,.meta,footer{color:var(--muted)}
    .overview{margin:0}
    h2{margin:2.25rem 0 .9rem;font-size:.8rem;letter-spacing:.1em;text-transform:uppercase;color:var(--muted)}
    a{color:var(--accent);text-decoration-thickness:1px;text-underline-offset:.15em}
    h3 a,.item-title a{color:inherit;text-decoration-color:var(--line);text-decoration-thickness:2px;text-underline-offset:.2em}
    h3 a:hover,.item-title a:hover{color:var(--accent);text-decoration-color:currentColor}
    .stories{list-style:none;margin:0;padding:0}
    .story{margin:0 0 1rem;padding:1rem 1.15rem;background:var(--card);border:1px solid var(--line);border-radius:.75rem}
    .story h3{margin:0 0 .35rem;font-size:1.2rem;line-height:1.3}
    .meta{margin:0 0 .5rem;font-size:.875rem}
    .badge{display:inline-block;margin-right:.35rem;padding:0 .55rem;border-radius:1rem;background:var(--badge-bg);color:var(--badge);font-weight:600;white-space:nowrap}
    .summary{margin:.5rem 0}
    .sources{list-style:none;margin:.85rem 0 0;padding:.6rem 0 0;border-top:1px solid var(--line);font-size:.9rem}
    .sources li{margin:.35rem 0}
    .src{display:block;color:var(--muted);font-size:.85rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    .outlet{font-weight:600;color:var(--text);white-space:nowrap}
    .badge.continuing{background:var(--thread-bg);color:var(--accent)}
    .from{font-weight:600;color:var(--muted)}
    .also-outlets{margin:.5rem 0 0;font-size:.875rem;color:var(--muted)}
    .outlet-name{white-space:nowrap}
    .earlier-sources summary{font-weight:600}
    .earlier-sources ul{list-style:none;margin:.4rem 0 0;padding:0}
    .earlier-sources li{margin:.3rem 0}
    .earlier-sources p{margin:.3rem 0 0}
    .days{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;margin:.6rem 0 0;font-size:.875rem}
    .days a{white-space:nowrap}
    footer .days{margin:0 0 .75rem}
    .deals{list-style:none;margin:0;padding:.4rem 1.15rem;background:var(--card);border:1px solid var(--line);border-radius:.75rem;font-size:.9rem}
    .deals li{margin:.35rem 0}
    .index{list-style:none;margin:0;padding:0}
    .index>li{margin:0 0 .8rem;padding:.8rem 1.15rem;background:var(--card);border:1px solid var(--line);border-radius:.75rem}
    .index-day{font-weight:700}
    .index ul{margin:.4rem 0 0;padding-left:1.1rem;font-size:.9rem}
    details{margin-top:.75rem;font-size:.85rem;color:var(--muted)}
    summary{cursor:pointer}
    details p{margin:.4rem 0 0}
    .topic{margin:0 0 1.5rem}
    .topic h3{margin:0 0 .4rem;font-size:1.05rem}
    .items{list-style:none;margin:0;padding:0;background:var(--card);border:1px solid var(--line);border-radius:.75rem;overflow:hidden}
    .items>li{padding:.8rem 1.15rem;border-top:1px solid var(--line)}
    .items>li:first-child{border-top:0}
    .item-title{margin:0 0 .15rem;font-weight:600;line-height:1.35}
    .items .summary{margin:.3rem 0 0;font-size:.95rem}
    .also{margin:.4rem 0 0;padding-left:1.1rem;font-size:.9rem;color:var(--muted)}
    .thread{margin:0 0 1rem;padding:.7rem .5rem .5rem;background:var(--thread-bg);border:1px solid var(--line);border-left:.25rem solid var(--accent);border-radius:.75rem}
    .thread-title{margin:0 .5rem .6rem;font-weight:600;line-height:1.35}
    .thread-label{display:block;font-size:.75rem;letter-spacing:.08em;text-transform:uppercase;color:var(--accent)}
    .thread-stories{list-style:none;margin:0;padding:0}
    .thread .story{margin:0 0 .5rem}
    .thread-items{list-style:none;margin:0;padding:0}
    .items>li.thread-item{padding:.7rem .5rem .5rem;background:var(--thread-bg);border-left:.25rem solid var(--accent)}
    .thread-items>li{margin:0 0 .4rem;padding:.6rem .75rem;background:var(--card);border:1px solid var(--line);border-radius:.5rem}
    .earlier{margin:.75rem 0 0;font-size:.875rem}
    .thread>.earlier,.thread-item>.earlier{margin:.5rem .5rem .2rem}
    .earlier p{margin:0 0 .2rem;font-weight:600;color:var(--muted)}
    .earlier ul{list-style:none;margin:0;padding:0}
    .earlier li{margin:.2rem 0}
    .earlier time{color:var(--muted);white-space:nowrap;margin-right:.3rem}
    .empty,.none{padding:1rem 1.15rem;background:var(--card);border:1px solid var(--line);border-radius:.75rem}
    footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.8rem}
    @media (min-width:40rem){.page{padding-top:2.5rem}.sources li,.deals li,.earlier-sources li{display:grid;grid-template-columns:10.5rem 1fr;gap:.9rem}.src{font-size:inherit}}

    """
}
