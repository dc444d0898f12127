import Testing
@testable import FeedParsing

/// The byte-level HTML tokenizer must read every fragment it accepts exactly as libxml2's HTML parser
/// does (both the sanitised HTML and the plain text), and give up (nil) on what it is not sure of.
@Suite("HTML fast tokenizer")
struct HTMLFastTests {
    static let base = "https://site.example.fr/dossier/page"

    /// Fragments the fast path must accept, each compared with the libxml2 walk.
    static let handled: [String] = [
        // French text and entities (HTML 4 names, numeric, hex, unknown, without ';').
        "<p>L&rsquo;&eacute;t&eacute; &agrave; Paris&nbsp;: 30&nbsp;&deg;C &#8211; &#x153;uvre</p>",
        "Caf&eacute; cr&egrave;me &amp; cro&icirc;ssant",
        "Entit&eacutesans point-virgule, &inconnue; et &#233; et & seul",
        "a &lt;b&gt; c",
        "R&eacute;sum&eacute; <b>gras</b> et <i>italique</i>",
        // Nesting, implied and misnested tags.
        "<div><p>un<p>deux<ul><li>a<li>b</ul></div>fin",
        "<p>a<div>b</div>c</p>d",
        "<b>gras <i>les deux</b> italique</i> normal",
        "<table><tr><td>1<td>2<tr><td>3</table>après",
        "texte d'abord<div>bloc</div>",
        "<p>paragraphe non fermé",
        "<b>x</b></p>fin sans début<p>y</p>",
        "<a href=\"/a\">lien<a href=\"/b\">autre</a>",
        "<dl><dt>terme<dd>définition<dt>autre</dl>",
        "<p>ligne<br>suivante<br/>encore<br />fin</p>",
        "<p><img src=\"a.png\" alt=\"image\"></img> légende</p>",
        "<object data=\"x\"><param name=\"movie\" value=\"v\"></param>repli</object>",
        // Attacks.
        "<p onclick=\"alert(1)\" style=\"x\">texte</p><script>alert('<p>x</p>')</script>après",
        "<SCRIPT type=\"text/javascript\">document.write(\"</div>\")</SCRIPT>suite",
        "<p>x</p><style>p { color: red }</style><p>style ignoré</p>",
        "<a href=\"javascript:alert(1)\">js</a><a href=\" JaVaScRiPt:alert(1)\">js2</a><a href=\"java&#09;script:x\">js3</a>",
        "<img src=\"data:image/png;base64,AAAA\"><img src=\"data:text/html,&lt;script&gt;\"><a href=\"data:text/html,x\">d</a>",
        "<iframe src=\"https://x/\"></iframe><form action=\"/p\"><input name=\"q\"><button>ok</button></form>",
        "<img src=x onerror=alert(1)><a href=/rel title='un \"titre\"' href=\"/dup\">dup</a>",
        "<video controls src=\"v.mp4\" poster=\"p.jpg\">vidéo</video><img srcset=\"a.png 1x, javascript:x 2x, /b.png 3x\">",
        "<!-- commentaire <b>caché</b> --><p>visible</p>",
        "a < b et c > d",
        "<span>non fermé <em>du tout",
    ]

    @Test(arguments: handled)
    func sameAsLibXML(_ html: String) throws {
        let fast = try #require(HTMLFast.run(html, base: Self.base, wantHTML: true, wantText: true), "fast path refused: \(html)")
        let lib = HTMLSanitizer.runLibXML(html, base: Self.base, wantHTML: true, wantText: true)
        #expect(fast.text == lib.text)
        #expect(fast.html == lib.html)
        // Text only, HTML only: the same answers.
        #expect(HTMLFast.run(html, base: Self.base, wantHTML: false, wantText: true)?.text == lib.text)
        #expect(HTMLFast.run(html, base: Self.base, wantHTML: true, wantText: false)?.html == lib.html)
    }

    /// What the fast path leaves to libxml2.
    @Test(arguments: [
        "<svg><circle r=\"1\"/></svg>texte",                  // unknown element
        "<html><head><title>t</title></head><body>x</body></html>",
        "<!DOCTYPE html><p>x</p>",
        "<![CDATA[x]]>",
        "<?php echo 1 ?>",
        "<p>contrôle \u{01} caractère</p>",
        "<p title=\"pas fermé>texte</p>",
        "<p>&#0; nul</p>",
        "<p>commentaire <!-- jamais fermé</p>",
        "</a>début par une fin",
        "</p>fin sans début<p>x</p>",
        "<style>p { color: red }</style><p>style d'abord</p>",
        "<o:p>Word</o:p>",
        "<3 Paris",                 // '<' before anything: libxml2 writes it outside the implied <p> (fuzzer)
        "  <> p aA",
        "<p>a</p>&",                // '&' ending the input: libxml2 drops it after markup (fuzzer)
        "a <&",
    ])
    func fallsBack(_ html: String) {
        #expect(HTMLFast.run(html, base: nil, wantHTML: true, wantText: true) == nil)
        // …and the public entry points still answer, through libxml2.
        _ = HTMLSanitizer.sanitizeAndText(html, base: nil)
    }

    @Test func attacksAreRemoved() {
        let html = HTMLSanitizer.sanitize("""
        <p onmouseover="e()">x</p><script>alert(1)</script><a href="javascript:alert(1)">a</a>\
        <img src="x" onerror="alert(1)"><a href="vbscript:msgbox">b</a><iframe src="https://evil/"></iframe>\
        <style>body{}</style><a href="data:text/html;base64,PHNjcmlwdD4=">c</a>
        """, base: Self.base)
        for bad in ["script", "javascript:", "vbscript:", "onerror", "onmouseover", "iframe", "style", "data:text"] {
            #expect(!html.lowercased().contains(bad), "\(bad) in \(html)")
        }
        #expect(html.contains("<a>a</a>"))
        #expect(html.contains("<img src=\"https://site.example.fr/dossier/x\" />"))
    }

    @Test func unclosedTagsAreBalanced() {
        let html = HTMLSanitizer.sanitize("<div><p>un <b>deux <i>trois", base: nil)
        #expect(html == "<div><p>un <b>deux <i>trois</i></b></p></div>")
    }

    @Test func frenchPlainText() {
        #expect(HTMLText.plain(fromHTML: "<p>L&rsquo;&eacute;t&eacute;</p><p>&agrave;&nbsp;Paris</p>") == "L\u{2019}été à\u{A0}Paris")
        #expect(HTMLText.plain(fromHTML: "Tom &amp; Jerry &lt;3") == "Tom & Jerry <3")
    }

    @Test func cdataWrappedHTMLInAFeed() throws {
        let f = try Fixture.parse(xml: """
        <rss version="2.0"><channel><title>T</title><item><title>Entrée</title>\
        <description><![CDATA[<p>Un <b>résumé</b> &eacute;crit<script>x()</script></p>]]></description>\
        <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p onclick="x">Corps <a href="/lien">ici</a></p>]]></content:encoded>\
        </item></channel></rss>
        """)
        let e = try #require(f.entries.first)
        #expect(e.summary == "Un résumé écrit")
        #expect(e.contentHTML == "<p>Corps <a href=\"/lien\">ici</a></p>")
    }
}
