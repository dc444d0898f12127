import Testing
@testable import FeedParsing

@Suite("HTML sanitising and plain text")
struct SanitizerTests {
    @Test func allowlist() {
        let html = HTMLSanitizer.sanitize("""
        <p style="x" onmouseover="e()">Texte <a href="/a" target="_blank">lien</a></p><script>alert(1)</script>\
        <style>p{}</style><iframe src="https://x/"></iframe><object data="x">repli</object><form><input></form>\
        <a href="javascript:alert(1)">js</a><img src="data:image/png;base64,AAAA"><img src="data:text/html,x">
        """, base: "https://site.example.fr/dossier/page")
        #expect(html == "<p>Texte <a href=\"https://site.example.fr/a\">lien</a></p>repli<a>js</a><img src=\"data:image/png;base64,AAAA\" /><img />")
    }

    @Test func plainText() {
        #expect(HTMLText.plain(fromHTML: "<p>Un <b>résumé</b></p><p>sur&nbsp;deux&#160;blocs</p>") == "Un résumé sur\u{A0}deux\u{A0}blocs")
        #expect(HTMLText.plain(fromHTML: "a<br>b<script>x()</script>") == "a b")
        #expect(HTMLText.plain(fromHTML: "  espaces \n\t multiples ") == "espaces multiples")
    }

    @Test func looksLikeHTMLIsConservative() {
        #expect(HTMLText.looksLikeHTML("<b>gras</b>"))
        #expect(HTMLText.looksLikeHTML("l&rsquo;été"))
        #expect(!HTMLText.looksLikeHTML("a < b et c > d"))
        #expect(!HTMLText.looksLikeHTML("<inconnu>x</inconnu>"))
    }

    @Test(arguments: [
        ("rust.html", "https://blog.example.fr/a/b", "https://blog.example.fr/a/rust.html"),
        ("../c", "https://blog.example.fr/a/b/", "https://blog.example.fr/a/c"),
        ("/racine", "https://blog.example.fr/a/b", "https://blog.example.fr/racine"),
        ("//cdn.example.fr/x.js", "https://blog.example.fr/", "https://cdn.example.fr/x.js"),
        ("?page=2", "https://blog.example.fr/liste?page=1", "https://blog.example.fr/liste?page=2"),
        ("t3_42", "/.rss", "/t3_42"),
        ("entry-1", "tag:blog.example.fr,2025:", "entry-1"),
    ])
    func urlResolution(_ ref: String, _ base: String, _ expected: String) {
        #expect(URLResolution.resolve(ref, against: base) == expected)
    }
}
