internal import CLibXML2
import Foundation

/// One pass of libxml2's HTML parser (SAX, no tree) over an HTML fragment, producing on demand:
/// - the sanitised HTML: an allowlist of elements and attributes, no script/style/iframe/object/form,
///   no `on*` attributes, no `javascript:`/`data:` URLs (except `data:image/…` images), relative URLs
///   made absolute against the content's base;
/// - the plain text: tags dropped (block elements become spaces), entities decoded, script/style
///   content dropped, whitespace collapsed.
enum HTMLSanitizer {
    /// Sanitised HTML of `html`, URLs resolved against `base`.
    static func sanitize(_ html: String, base: String?) -> String {
        run(html, base: base, wantHTML: true, wantText: false).html
    }

    /// Both at once (one parse): used when an entry's summary falls back to its content.
    static func sanitizeAndText(_ html: String, base: String?) -> (html: String, text: String) {
        let r = run(html, base: base, wantHTML: true, wantText: true)
        return (r.html, r.text)
    }

    static func run(_ html: String, base: String?, wantHTML: Bool, wantText: Bool) -> (html: String, text: String) {
        // C0 control characters other than tab, LF and CR go first (JSON Feed's content_html can carry
        // "\u0000" or "\u0004"; XML cannot). libxml2's HTML parser drops them with an error in most
        // places but not all: after a bogus "<" it passed "\u{4}" into the sanitised HTML (invalid in
        // the XML digests), and it takes a NUL inside a tag for the end of its input there and loses end
        // events (`<a href="x\0y">a</a><a>b</a>` came out as nested links): both found by the HTML
        // fuzzer. Dropping them also keeps "java\0script:" a script URL, as browsers would read it.
        if hasControl(html) {
            return run(String(decoding: html.utf8.filter { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }, as: UTF8.self),
                       base: base, wantHTML: wantHTML, wantText: wantText)
        }
        if let fast = HTMLFast.run(html, base: base, wantHTML: wantHTML, wantText: wantText) {
            if verify {
                let slow = runLibXML(html, base: base, wantHTML: wantHTML, wantText: wantText)
                if slow.text != fast.text || slow.html != fast.html {
                    FileHandle.standardError.write(Data("HTMLFAST MISMATCH\n--in: \(html)\n--text lib: \(slow.text)\n--text fast: \(fast.text)\n--html lib: \(slow.html)\n--html fast: \(fast.html)\n".utf8))
                }
            }
            return fast
        }
        if verify { FileHandle.standardError.write(Data("HTMLFAST FALLBACK at: \(HTMLFast.failures.withLock { $0.last ?? "?" })\n".utf8)) }
        return runLibXML(html, base: base, wantHTML: wantHTML, wantText: wantText)
    }

    /// Whether `s` holds a C0 control character other than tab, LF and CR.
    static func hasControl(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { p in p.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } }
    }

    static let verify = ProcessInfo.processInfo.environment["VEILLE_HTML_VERIFY"] != nil

    /// libxml2's HTML parser walked by `Walker`: the reference behaviour, and the fallback of `HTMLFast`.
    static func runLibXML(_ html: String, base: String?, wantHTML: Bool, wantText: Bool) -> (html: String, text: String) {
        LibXML.ensureReady()
        let walker = Walker(base: base, wantHTML: wantHTML, wantText: wantText)
        let utf8 = Array(html.utf8)
        if utf8.isEmpty { return ("", "") }
        // Only our callbacks: libxml2's defaults expect the parser context as user data, and we need no tree.
        var sax = htmlSAXHandler()
        sax.initialized = 0xDEEDBEAF   // XML_SAX2_MAGIC, so that serror is honoured
        sax.startElement = { ctx, name, atts in
            Unmanaged<Walker>.fromOpaque(ctx!).takeUnretainedValue().start(name, atts)
        }
        sax.endElement = { ctx, name in
            Unmanaged<Walker>.fromOpaque(ctx!).takeUnretainedValue().end(name)
        }
        sax.characters = { ctx, ch, len in
            Unmanaged<Walker>.fromOpaque(ctx!).takeUnretainedValue().characters(ch, Int(len))
        }
        sax.cdataBlock = sax.characters
        sax.ignorableWhitespace = sax.characters
        sax.serror = { _, _ in }   // markup errors in an HTML fragment are the norm, not news
        LibXML.parseHTML(utf8, sax: &sax, user: Unmanaged.passUnretained(walker).toOpaque())
        withExtendedLifetime(walker) {}
        walker.finish()
        return (walker.html, TextCollapse.collapse(walker.text))
    }

    // MARK: policy

    static let allowedElements: Set<String> = [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "br",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins",
        "kbd", "li", "main", "mark", "nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
        "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    ]
    /// Elements dropped with everything inside them.
    static let droppedWithContent: Set<String> = ["script", "style", "applet", "noembed", "noframes", "template", "title"]
    static let voidElements: Set<String> = ["br", "img", "hr", "col", "source", "track", "wbr", "input", "meta", "link", "area", "param", "embed"]
    static let allowedAttributes: Set<String> = [
        "abbr", "align", "alt", "border", "cellpadding", "cellspacing", "cite", "class", "colspan", "controls", "datetime",
        "dir", "headers", "height", "href", "hreflang", "lang", "loop", "muted", "poster", "preload", "rel", "rowspan",
        "scope", "span", "src", "srcset", "start", "summary", "title", "type", "valign", "width", "sizes", "media", "kind",
        "label", "srclang", "reversed", "value", "color", "face", "size",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]
    /// Block-level elements: their boundaries become spaces in plain text (as html_to_text does).
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "img",
    ]

    static let allowed: UInt8 = 1, dropped: UInt8 = 2, void: UInt8 = 4, block: UInt8 = 8
    /// Every policy set above as one lookup per element.
    static let info: [String: UInt8] = {
        var d: [String: UInt8] = [:]
        for n in allowedElements { d[n, default: 0] |= allowed }
        for n in droppedWithContent { d[n, default: 0] |= dropped }
        for n in voidElements { d[n, default: 0] |= void }
        for n in blockElements { d[n, default: 0] |= block }
        return d
    }()

    /// nil when the URL must go (script URLs, data: other than images on img/src). The check applies to
    /// the value and again to what it resolves to, which is what gets written: an empty reference is the
    /// base itself, and "?q" or "#f" keep the path of a base whose scheme does not parse (" javascript:…",
    /// "java&#9;script:…"), so a hostile xml:base must not lend its scheme.
    static func safeURL(_ value: String, attribute: String, element: String, base: String?) -> String? {
        let imageSource = element == "img" && attribute == "src"
        switch scheme(of: value) {
        case .script, .data: return nil
        case .imageData: return imageSource ? value.trimmingCharactersASCIIWhitespace() : nil
        case .other:
            let resolved = URLResolution.resolve(value, against: base)
            switch scheme(of: resolved) {
            case .other: return resolved
            case .imageData where imageSource: return resolved
            default: return nil
            }
        }
    }

    enum URLScheme { case other, script, data, imageData }

    /// The scheme that matters for safety, read the way browsers read it and stricter: bytes up to
    /// 0x20 (spaces, tabs, newlines, NULs, other controls) ignored wherever they are, ASCII case folded.
    static func scheme(of value: String) -> URLScheme {
        // Most URLs: a first visible character other than j/v/l/d (any case) starts no script or data URL.
        guard let f = value.utf8.first(where: { $0 > 0x20 }) else { return .other }
        let l = f | 0x20
        if l != 0x6A && l != 0x76 && l != 0x6C && l != 0x64 { return .other }
        // The first 11 visible bytes, however many ignorable ones come between them ("javascript:",
        // "livescript:" and "data:image/" are 11 long).
        var head = [UInt8]()
        head.reserveCapacity(11)
        for b in value.utf8 where b > 0x20 {
            head.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            if head.count == 11 { break }
        }
        if head.starts(with: "javascript:".utf8) || head.starts(with: "vbscript:".utf8) || head.starts(with: "livescript:".utf8) {
            return .script
        }
        if head.starts(with: "data:".utf8) { return head.starts(with: "data:image/".utf8) ? .imageData : .data }
        return .other
    }

    /// Each candidate URL of a srcset checked and resolved; unsafe candidates dropped. Candidates are
    /// split on commas, a candidate's URL and descriptors on any ASCII whitespace: a newline before the
    /// URL (pretty-printed srcsets) made an empty first "word", which resolved to the base itself and
    /// pushed the URL among the descriptors (found by the HTML fuzzer).
    static func safeSrcset(_ value: String, element: String, base: String?) -> String {
        value.split(separator: ",").compactMap { part -> String? in
            let bits = part.split(omittingEmptySubsequences: true) { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" || $0 == "\r\n" }
            guard let u = bits.first, let safe = safeURL(String(u), attribute: "src", element: element, base: base) else { return nil }
            return ([safe] + bits.dropFirst().map(String.init)).joined(separator: " ")
        }.joined(separator: ", ")
    }

    final class Walker {
        let base: String?
        let wantHTML: Bool
        let wantText: Bool
        var html = ""
        var text = ""
        var skipDepth = 0   // > 0 inside a dropped-with-content element
        /// Elements written open and not yet closed. libxml2's SAX events are not always balanced (a NUL
        /// inside a tag loses end events), so the output is balanced from this stack, not from them.
        var open: [String] = []

        init(base: String?, wantHTML: Bool, wantText: Bool) {
            self.base = base; self.wantHTML = wantHTML; self.wantText = wantText
        }

        func start(_ namePtr: UnsafePointer<xmlChar>?, _ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
            guard let namePtr else { return }
            let name = String(cString: namePtr)   // libxml2's HTML parser lower-cases names
            let info = HTMLSanitizer.info[name] ?? 0
            if info & HTMLSanitizer.dropped != 0 {
                if info & HTMLSanitizer.void == 0 { skipDepth += 1 }
                return
            }
            guard skipDepth == 0 else { return }
            if wantText, info & HTMLSanitizer.block != 0 { text += " " }
            guard wantHTML, info & HTMLSanitizer.allowed != 0 else { return }
            html += "<" + name
            if var a = atts {
                while let k = a.pointee, let vp = (a + 1).pointee {
                    let key = String(cString: k)
                    a += 2
                    guard HTMLSanitizer.allowedAttributes.contains(key) else { continue }
                    var value = String(cString: vp)
                    if HTMLSanitizer.urlAttributes.contains(key) {
                        guard let safe = HTMLSanitizer.safeURL(value, attribute: key, element: name, base: base) else { continue }
                        value = safe
                    } else if key == "srcset" {
                        value = HTMLSanitizer.safeSrcset(value, element: name, base: base)
                    }
                    html += " " + key + "=\""
                    XMLEscape.attribute(value, into: &html)
                    html += "\""
                }
            }
            if info & HTMLSanitizer.void != 0 { html += " />" } else { html += ">"; open.append(name) }
        }

        func end(_ namePtr: UnsafePointer<xmlChar>?) {
            guard let namePtr else { return }
            let name = String(cString: namePtr)
            let info = HTMLSanitizer.info[name] ?? 0
            if info & HTMLSanitizer.dropped != 0 {
                if skipDepth > 0, info & HTMLSanitizer.void == 0 { skipDepth -= 1 }
                return
            }
            guard skipDepth == 0 else { return }
            if wantText, info & HTMLSanitizer.block != 0 { text += " " }
            guard wantHTML, info & HTMLSanitizer.allowed != 0, info & HTMLSanitizer.void == 0 else { return }
            // Balanced events: `name` is the last one open. Otherwise close what is open inside it, or
            // ignore an end with no start written.
            guard let at = open.lastIndex(of: name) else { return }
            while open.count > at + 1 { html += "</" + open.removeLast() + ">" }
            open.removeLast()
            html += "</" + name + ">"
        }

        /// Closes what libxml2 left open.
        func finish() {
            while let name = open.popLast() { html += "</" + name + ">" }
        }

        func characters(_ ch: UnsafePointer<xmlChar>?, _ len: Int) {
            guard skipDepth == 0, let ch, len > 0 else { return }
            let s = String(decoding: UnsafeBufferPointer(start: ch, count: len), as: UTF8.self)
            if wantText { text += s }
            if wantHTML { XMLEscape.text(s, into: &html) }
        }
    }
}

enum XMLEscape {
    /// True when `s` holds one of `bytes` (scanned on contiguous UTF-8: much faster than String.UTF8View).
    @inline(__always) static func has(_ s: String, _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8 = 0x26) -> Bool {
        var s = s
        return s.withUTF8 { p in p.contains { $0 == a || $0 == b || $0 == c || $0 == d } }
    }

    static func text(_ s: String, into o: inout String) {
        guard has(s, 0x26, 0x3C, 0x3E) else { o += s; return }
        for u in s.unicodeScalars {
            switch u {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            default: o.unicodeScalars.append(u)
            }
        }
    }

    static func attribute(_ s: String, into o: inout String) {
        guard has(s, 0x26, 0x3C, 0x3E, 0x22) else { o += s; return }
        for u in s.unicodeScalars {
            switch u {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.unicodeScalars.append(u)
            }
        }
    }

    static func escaped(_ s: String) -> String { var o = ""; text(s, into: &o); return o }
}
