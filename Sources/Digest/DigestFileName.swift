/// The names of the digest's files, made in one place so that the publisher's writes, the pages'
/// links to each other and the daemon's checks agree: `2026-11-28.html` (a day's page in each page
/// format), `digest.atom`, `index.html`, and the `latest.*` links to today's pages.
public enum DigestFileName {
    public static let atom = "digest.atom"
    public static let index = "index.html"

    /// "2026-11-28.html": a day's page with this extension ("md", "html", "json").
    public static func page(_ day: LocalDay, _ fileExtension: String) -> String {
        day.isoString + "." + fileExtension
    }

    /// "latest.html": the link to today's page with this extension.
    public static func latest(_ fileExtension: String) -> String {
        "latest." + fileExtension
    }

    /// The day of a page's name ("2026-11-28.md" → 2026-11-28) when its extension is one of these;
    /// nil for any other name.
    public static func day(ofPage name: String, extensions: Set<String>) -> LocalDay? {
        guard name.count > 11, name.dropFirst(10).first == ".", extensions.contains(String(name.dropFirst(11))) else { return nil }
        return LocalDay(isoString: String(name.prefix(10)))
    }
}
