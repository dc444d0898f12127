import Testing
@testable import StoryClustering

@Suite("Canonical URLs")
struct CanonicalURLTests {
    @Test(arguments: [
        ("http://www.numerama.com/tech/123-article/?utm_source=rss&utm_medium=feed#comments", "https://numerama.com/tech/123-article"),
        ("https://www.lemonde.fr/pixels/article/2025/02/11/x_123.html?xtor=RSS-3208", "https://lemonde.fr/pixels/article/2025/02/11/x_123.html"),
        ("https://next.ink/123/titre/?at_medium=rss&at_campaign=x&fbclid=abc&gclid=def&mc_cid=1", "https://next.ink/123/titre"),
        ("https://amp.lefigaro.fr/secteur/high-tech/x.php", "https://lefigaro.fr/secteur/high-tech/x.php"),
        ("https://www.numerama.com/tech/1-x/amp/", "https://numerama.com/tech/1-x"),
        ("https://www.20minutes.fr/amp/high-tech/4-x", "https://20minutes.fr/high-tech/4-x"),
        ("https://www.example.fr/a/b.amp.html", "https://example.fr/a/b.html"),
        ("https://www.google.com/amp/s/www.numerama.com/tech/1-x/amp/", "https://numerama.com/tech/1-x"),
        ("https://www-numerama-com.cdn.ampproject.org/c/s/www.numerama.com/tech/1-x", "https://numerama.com/tech/1-x"),
        ("https://x.fr/a?b=2&a=1&fbclid=z&amp=1", "https://x.fr/a?a=1&b=2"),
        ("HTTPS://WWW.X.FR:443/Article", "https://x.fr/Article"),
        ("https://x.fr/", "https://x.fr"),
        ("https://m.x.fr/a", "https://x.fr/a"),
    ])
    func canonicalForms(input: String, expected: String) {
        #expect(CanonicalURL.canonicalize(input) == expected)
    }

    @Test func contentParametersAndPathCaseAreKept() {
        #expect(CanonicalURL.canonicalize("https://x.fr/article.php?id=42") == "https://x.fr/article.php?id=42")
        #expect(CanonicalURL.canonicalize("https://x.fr/A") != CanonicalURL.canonicalize("https://x.fr/a"))
    }
}
