import Foundation

/// The HTML of feed entries, as the parser itself treats it: the public door to `HTMLSanitizer` (and
/// through it `HTMLFast`, with libxml2's HTML parser as fallback) for the fuzzer and for callers that
/// hold HTML from elsewhere. Nothing here is a second implementation: these are the calls
/// `FeedParser.parse` makes for an entry's content and summary.
public enum FeedHTML {
    /// `html` reduced to an allowlist of elements and attributes (no script, style, iframe, object,
    /// form; no `on…` attributes; no `javascript:`, `vbscript:` or `data:` URL except `data:image/…` on
    /// `<img src>`), every text and attribute value escaped, tags balanced, relative URLs made absolute
    /// against `baseURL` (as for an entry's `content` / `content_html`).
    public static func sanitize(_ html: String, baseURL: URL?) -> String {
        HTMLSanitizer.sanitize(html, base: baseURL?.absoluteString)
    }

    /// The sanitised HTML and the plain text of `html` from one parse (what an entry without summary
    /// gets: its content, and the content's text as summary).
    public static func sanitizeAndText(_ html: String, baseURL: URL?) -> (html: String, text: String) {
        HTMLSanitizer.sanitizeAndText(html, base: baseURL?.absoluteString)
    }

    /// Plain text of `html` (as for titles and HTML summaries): tags dropped, block boundaries become
    /// spaces, entities decoded, script and style content dropped, whitespace collapsed to single
    /// spaces, none leading or trailing.
    public static func text(_ html: String) -> String {
        HTMLText.plain(fromHTML: html)
    }
}
