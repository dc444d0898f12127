import FeedParsing
import Foundation

/// One fuzz input = one entry's HTML (content, content_html or an HTML summary). The first byte, when
/// below 16 and followed by more, picks the base URL the content came with (none, a page, a feed's
/// xml:base — including hostile ones: a feed controls its xml:base); the rest is the HTML. Beyond "no
/// crash", the target checks what the sanitiser promises, on the real code path (HTMLFast, and the
/// libxml2 walk whenever HTMLFast gives up):
/// - the sanitised HTML is well formed and balanced: only lower-case tags, `name="value"` attributes
///   with escaped values, `&` only in &amp; &lt; &gt; &quot;, no raw `>` in text, every non-void
///   element closed in order, void elements written `<x />`;
/// - no `<script` (any case), no script-capable element, no `on…`, `style` or `srcdoc` attribute;
/// - no URL attribute (href, src, cite, poster, srcset) whose scheme, read as a browser reads it
///   (entities decoded, C0 controls and spaces stripped, tab/CR/LF removed, any case), is
///   javascript:, vbscript: or livescript:, and no data: URL other than `data:image/…` on `<img src>`
///   or in `<img srcset>`;
/// - sanitising the output again keeps its content: the same start tags with the same attributes in
///   the same order (implied `<p>` aside) and the same text (whitespace aside). Exact idempotence does
///   not hold by design: the sanitiser reproduces libxml2's HTML parser, and a second parse moves end
///   tags and adds implied paragraphs where the first pass dropped what was in the way (an unknown
///   `<x>` between `<a>` and `<a>` kept the second link inside the first; libxml2 wraps leading text in
///   an implied `<p>` but not the `<` it dumps from a bogus `<![CDATA[`);
/// - `sanitizeAndText` gives the same HTML as `sanitize`, and the same text as `text` when the input
///   has markup or references;
/// - the plain text is collapsed (no tab/CR/LF/FF, no double, leading or trailing space) and holds no
///   `<` at all when every `<` of the input starts a tag (`<` + letter, `</` + letter) and the input has
///   no `&` (nothing could have been decoded into a `<`). Not "no `<b>` in the text": a `<` the input
///   had as text meets what follows a dropped element (`<<script>x</script>b>` is the text `<b>`);
/// - no C0 control character other than tab, LF and CR in the sanitised HTML (invalid in XML digests);
/// - both outputs are valid UTF-8 (Swift strings are, but the bytes are checked independently).
private let bases: [URL?] = [
    nil,
    URL(string: "https://journal.example.fr/politique/2026/12/07/article.html"),
    URL(string: "https://journal.example.fr/"),
    URL(string: "tag:journal.example.fr,2026:"),
    URL(string: "javascript:alert(1)"),
    URL(string: "JavaScript:alert(document.cookie)//x/y"),
    URL(string: "data:text/html,x"),
    URL(string: "vbscript:msgbox(1)"),
    URL(string: "/rubrique/flux/"),
    URL(string: "http://journal.example.fr/a/b/c?q=1#f"),
]
private let defaultBase = URL(string: "https://journal.example.fr/rubrique/article.html")

private let voidElements: Set<String> = ["br", "img", "hr", "col", "source", "track", "wbr"]
private let forbiddenElements: Set<String> = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
    "textarea", "select", "svg", "math", "base", "meta", "link", "template", "noscript", "title", "param",
]
private let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]

private func fail(_ what: String, _ input: String, _ output: String) -> Never {
    fatalError("FuzzHTMLSanitizer: \(what)\n--input: \(input.debugDescription)\n--output: \(output.debugDescription)")
}

/// The scheme a browser would see (WHATWG URL: leading/trailing C0 controls and spaces stripped,
/// tab/LF/CR removed anywhere, ASCII case folded), nil when relative.
private func browserScheme(_ value: String) -> String? {
    var bytes = Array(value.utf8)
    while let f = bytes.first, f <= 0x20 { bytes.removeFirst() }
    while let l = bytes.last, l <= 0x20 { bytes.removeLast() }
    bytes.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    var scheme: [UInt8] = []
    for b in bytes {
        let c = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
        if c == 0x3A { return scheme.isEmpty ? nil : String(decoding: scheme, as: UTF8.self) }
        let letter = c >= 0x61 && c <= 0x7A
        guard letter || (!scheme.isEmpty && ((c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E)) else { return nil }
        scheme.append(c)
    }
    return nil
}

private func unescapeAttribute(_ v: String) -> String {
    v.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
}

private func checkURL(_ raw: String, attribute: String, element: String, _ input: String, _ output: String) {
    let value = unescapeAttribute(raw)
    switch browserScheme(value) {
    case "javascript", "vbscript", "livescript":
        fail("script URL in \(element) \(attribute)=\(value.debugDescription)", input, output)
    case "data":
        let lower = value.lowercased().filter { !$0.isWhitespace }
        if !(element == "img" && attribute == "src" && lower.hasPrefix("data:image/")) {
            fail("data: URL in \(element) \(attribute)", input, output)
        }
    default: break
    }
}

/// The grammar of the sanitiser's output, with the balance of its elements.
private func checkSanitized(_ o: String, _ input: String) {
    let p = Array(o.utf8)
    if String(validating: p, as: UTF8.self) == nil { fail("invalid UTF-8", input, o) }
    if o.range(of: "<script", options: .caseInsensitive) != nil { fail("<script in the output", input, o) }
    if let k = p.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
        fail("control character \(p[k]) at byte \(k)", input, o)
    }
    var stack: [String] = []
    var i = 0
    func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    func name(_ allowDash: Bool) -> String {
        let s = i
        while i < p.count, isLower(p[i]) || isDigit(p[i]) || (allowDash && p[i] == 0x2D) { i += 1 }
        return String(decoding: p[s..<i], as: UTF8.self)
    }
    func entity() {
        for e in ["&amp;", "&lt;", "&gt;", "&quot;"] where p[i...].starts(with: e.utf8) { i += e.utf8.count; return }
        fail("bare & at byte \(i)", input, o)
    }
    while i < p.count {
        let c = p[i]
        if c == 0x3E { fail("raw > in text at byte \(i)", input, o) }
        if c == 0x26 { entity(); continue }
        if c != 0x3C { i += 1; continue }
        i += 1
        if i < p.count, p[i] == 0x2F {
            i += 1
            let n = name(false)
            guard i < p.count, p[i] == 0x3E else { fail("bad end tag </\(n) at byte \(i)", input, o) }
            i += 1
            guard stack.last == n else { fail("</\(n)> closes \(stack.last ?? "nothing")", input, o) }
            stack.removeLast()
            continue
        }
        let n = name(false)
        if n.isEmpty || !isLower(n.utf8.first!) { fail("bad start tag at byte \(i)", input, o) }
        if forbiddenElements.contains(n) { fail("forbidden element <\(n)>", input, o) }
        while true {
            guard i < p.count else { fail("unterminated <\(n)", input, o) }
            if p[i] == 0x3E {
                i += 1
                if voidElements.contains(n) { fail("void <\(n)> written without />", input, o) }
                stack.append(n)
                break
            }
            if p[i...].starts(with: " />".utf8) {
                i += 3
                if !voidElements.contains(n) { fail("<\(n) /> is not void", input, o) }
                break
            }
            guard p[i] == 0x20 else { fail("bad attribute syntax in <\(n) at byte \(i)", input, o) }
            i += 1
            let a = name(true)
            if a.isEmpty { fail("empty attribute name in <\(n)", input, o) }
            if a.hasPrefix("on") || a == "style" || a == "srcdoc" || a == "formaction" { fail("attribute \(a) on <\(n)>", input, o) }
            guard p[i...].starts(with: "=\"".utf8) else { fail("attribute \(a) without quoted value", input, o) }
            i += 2
            let vs = i
            while i < p.count, p[i] != 0x22 {
                if p[i] == 0x3C || p[i] == 0x3E { fail("raw < or > in attribute \(a)", input, o) }
                if p[i] == 0x26 { entity() } else { i += 1 }
            }
            guard i < p.count else { fail("unterminated attribute \(a)", input, o) }
            let value = String(decoding: p[vs..<i], as: UTF8.self)
            i += 1
            if urlAttributes.contains(a) { checkURL(value, attribute: a, element: n, input, o) }
            if a == "srcset" {
                for part in unescapeAttribute(value).split(separator: ",") {
                    // Candidates are image sources: data:image/… is as acceptable there as in <img src>.
                    if let u = part.split(separator: " ").first { checkURL(String(u), attribute: "src", element: n, input, o) }
                }
            }
        }
    }
    if !stack.isEmpty { fail("unclosed elements \(stack)", input, o) }
}

private func checkText(_ t: String, _ input: String) {
    if String(validating: Array(t.utf8), as: UTF8.self) == nil { fail("invalid UTF-8 in text", input, t) }
    let p = Array(t.utf8)
    if p.first == 0x20 || p.last == 0x20 { fail("text not trimmed", input, t) }
    for k in p.indices {
        let c = p[k]
        if c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C { fail("whitespace not collapsed in text", input, t) }
        if c == 0x20, k > 0, p[k - 1] == 0x20 { fail("double space in text", input, t) }
    }
    if !p.contains(0x3C) { return }
    let u = Array(input.utf8)
    if u.contains(0x26) { return }
    func letter(_ k: Int) -> Bool { k < u.count && (u[k] | 0x20) >= 0x61 && (u[k] | 0x20) <= 0x7A }
    for k in u.indices where u[k] == 0x3C {
        if !(letter(k + 1) || (k + 1 < u.count && u[k + 1] == 0x2F && letter(k + 2))) { return }
    }
    fail("< in the text although every < of the input starts a tag", input, t)
}

/// What a second pass must keep of checked output: its start tags (attributes included) but implied
/// `<p>`, and its text without whitespace. On bytes: a String slice ending at a '>' followed by a
/// combining mark would not end on a Character boundary.
private func content(_ s: String) -> (starts: [[UInt8]], text: [UInt8]) {
    let u = Array(s.utf8)
    var starts: [[UInt8]] = []
    var text: [UInt8] = []
    var i = 0
    while i < u.count {
        let c = u[i]
        if c == 0x3C, let close = u[i...].firstIndex(of: 0x3E) {
            let tag = Array(u[i...close])
            if tag != [0x3C, 0x70, 0x3E], !(tag.count > 1 && tag[1] == 0x2F) { starts.append(tag) }
            i = close + 1
            continue
        }
        if !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C) { text.append(c) }
        i += 1
    }
    return (starts, text)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLSanitizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = UnsafeBufferPointer(start: data, count: size)[...]
    var base = defaultBase
    if bytes.count > 1, bytes.first! < 16 {
        base = bases[Int(bytes.removeFirst()) % bases.count]
    }
    let html = String(decoding: bytes, as: UTF8.self)

    let sanitized = FeedHTML.sanitize(html, baseURL: base)
    checkSanitized(sanitized, html)
    let again = FeedHTML.sanitize(sanitized, baseURL: base)
    if again != sanitized, content(again) != content(sanitized) {
        fail("a second pass changed the content: \(again.debugDescription)", html, sanitized)
    }

    let text = FeedHTML.text(html)
    checkText(text, html)

    let both = FeedHTML.sanitizeAndText(html, baseURL: base)
    if both.html != sanitized { fail("sanitizeAndText's HTML differs: \(both.html.debugDescription)", html, sanitized) }
    if html.utf8.contains(where: { $0 == 0x3C || $0 == 0x26 }), both.text != text {
        fail("sanitizeAndText's text differs: \(both.text.debugDescription)", html, text)
    }
    return 0
}
