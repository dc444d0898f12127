import Foundation
internal import CLibXML2

/// Text captured from one element: its raw string and how to read it.
struct TextValue {
    enum Kind { case text, html, xhtml, base64 }
    var raw: String
    var kind: Kind
    var base: String?
}

/// The element whose text is being captured. Its bytes live in the reader's one `text` buffer; only
/// the attributes that say how to read the text are kept.
struct Capture {
    var tag: FeedTag
    var depth: Int
    var markup = false
    /// Atom's `type`, Atom 0.3's `mode`, RSS's `isPermaLink`: nil when absent.
    var type: String?
    var mode: String?
    var isPermaLink: String?
    var base: String?
    var topChildren = 0
    var firstChildIsDiv = false
    var divContentStart = -1
    var divContentEnd = -1
    var textOutsideTop = false

    init(tag: FeedTag, depth: Int, attrs: XMLAttributes, base: String?) {
        self.tag = tag; self.depth = depth; self.base = base
        if attrs.count > 0 {
            type = attrs["type"]
            mode = attrs["mode"]
            if tag == .guid { isPermaLink = attrs["isPermaLink"] ?? attrs["ispermalink"] }
        }
    }
}

enum TextCapture {
    /// `buf` escaped as XML character data (& < >) onto `out`.
    static func escapeAppend(_ buf: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var from = 0
        for k in 0..<buf.count {
            let b = buf[k]
            guard b == 0x26 || b == 0x3C || b == 0x3E else { continue }
            if from < k { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[from..<k])) }
            out.append(0x26)
            switch b {
            case 0x26: out.append(0x61); out.append(0x6D); out.append(0x70)
            case 0x3C: out.append(0x6C); out.append(0x74)
            default: out.append(0x67); out.append(0x74)
            }
            out.append(0x3B)
            from = k + 1
        }
        if from < buf.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[from...])) }
    }

    @inline(__always) static func appendCString(_ p: UnsafePointer<xmlChar>, to buf: inout [UInt8]) {
        buf.append(contentsOf: UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
    }

    @inline(__always) static func isXHTML(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        FeedNamespace.classify(uri: LibXML.string(uri), prefix: nil) == .xhtml
    }
}

extension XMLFeedReader {
    mutating func beginCapture(_ tag: FeedTag, depth: Int, attrs: XMLAttributes, base: String?) {
        text.removeAll(keepingCapacity: true)
        capture = Capture(tag: tag, depth: depth, attrs: attrs, base: base)
    }

    /// The captured text with doubly encoded UTF-8 and C1 controls repaired.
    var capturedString: String { MojibakeRepair.string(text) }

    /// A start tag inside a captured element, serialised into the text.
    mutating func serializeStart(_ localPtr: UnsafePointer<xmlChar>, _ prefixPtr: UnsafePointer<xmlChar>?, _ uriPtr: UnsafePointer<xmlChar>?,
                                 _ attrs: XMLAttributes) {
        guard var c = capture else { return }
        if !c.markup {
            // The text so far was character data: escape it now that the value is markup.
            let old = text
            text = []
            text.reserveCapacity(old.count + 16)
            old.withUnsafeBufferPointer { TextCapture.escapeAppend($0, into: &text) }
            if old.contains(where: { $0 > 0x20 }) { c.textOutsideTop = true }
            c.markup = true
        }
        let depth = stack.count   // already pushed
        text.append(0x3C)
        let localLen = strlen(UnsafeRawPointer(localPtr).assumingMemoryBound(to: CChar.self))
        let local = UnsafeBufferPointer(start: localPtr, count: localLen)
        if let prefixPtr, !TextCapture.isXHTML(uriPtr) {
            TextCapture.appendCString(prefixPtr, to: &text); text.append(0x3A)
        }
        text.append(contentsOf: local)
        if attrs.count > 0, let a = attrs.base {
            for i in 0..<attrs.count {
                let p = a + i * 5
                guard let ln = p[0] else { continue }
                text.append(0x20)
                if let pp = p[1] { TextCapture.appendCString(pp, to: &text); text.append(0x3A) }
                TextCapture.appendCString(ln, to: &text)
                text.append(0x3D); text.append(0x22)
                if let vs = p[3], let ve = p[4] {
                    for b in UnsafeBufferPointer(start: vs, count: ve - vs) {
                        switch b {
                        case 0x26: text.append(0x26); text.append(0x61); text.append(0x6D); text.append(0x70); text.append(0x3B)
                        case 0x3C: text.append(0x26); text.append(0x6C); text.append(0x74); text.append(0x3B)
                        case 0x22: text.append(0x26); text.append(0x71); text.append(0x75); text.append(0x6F); text.append(0x74); text.append(0x3B)
                        default: text.append(b)
                        }
                    }
                }
                text.append(0x22)
            }
        }
        text.append(0x3E)
        if depth == c.depth + 1 {
            c.topChildren += 1
            if c.topChildren == 1, prefixPtr == nil || TextCapture.isXHTML(uriPtr),
               localLen == 3, local[0] == 0x64, local[1] == 0x69, local[2] == 0x76 {
                c.firstChildIsDiv = true
                c.divContentStart = text.count
            }
        }
        capture = c
    }

    mutating func serializeEnd(_ localPtr: UnsafePointer<xmlChar>?, _ prefixPtr: UnsafePointer<xmlChar>?, depth: Int) {
        guard let localPtr, let c = capture else { return }
        if depth == c.depth + 1, c.topChildren == 1, c.firstChildIsDiv { capture!.divContentEnd = text.count }
        text.append(0x3C); text.append(0x2F)
        if let prefixPtr {
            let p = String(cString: prefixPtr)
            if p != "xhtml" && p != "html" { text.append(contentsOf: p.utf8); text.append(0x3A) }
        }
        TextCapture.appendCString(localPtr, to: &text)
        text.append(0x3E)
    }

    /// The captured value as text/html/xhtml per the element's declared type (Atom) or feedparser's
    /// rules (RSS: title plain unless it looks like HTML, description HTML).
    func textValue(_ c: Capture, defaultKind: TextValue.Kind, guessHTML: Bool = false) -> TextValue {
        var raw: String
        if c.markup {
            // Atom xhtml: drop the wrapping <div xmlns="…xhtml">, as feedparser does.
            if c.firstChildIsDiv, c.topChildren == 1, !c.textOutsideTop, c.divContentStart >= 0, c.divContentEnd >= c.divContentStart {
                raw = MojibakeRepair.trimmedString(text, from: c.divContentStart, to: c.divContentEnd)
            } else {
                raw = MojibakeRepair.trimmedString(text)
            }
            return TextValue(raw: raw, kind: .xhtml, base: c.base)
        }
        raw = MojibakeRepair.trimmedString(text)
        var kind = defaultKind
        let type = (c.type ?? "").lowercased()
        let mode = (c.mode ?? "").lowercased()
        switch type {
        case "": break
        case "text", "text/plain", "plain": kind = .text
        case "html", "text/html": kind = .html
        case "xhtml", "application/xhtml+xml": kind = .html
        default:
            if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") { kind = .text } else { kind = .base64 }
        }
        if mode == "escaped" { kind = .html } else if mode == "base64" { kind = .base64 }
        if kind == .base64 {
            let cleaned = raw.filter { !$0.isWhitespace }
            if let d = Data(base64Encoded: cleaned, options: .ignoreUnknownCharacters), let s = String(data: d, encoding: .utf8) {
                raw = s
                kind = type.contains("html") ? .html : .text
            } else {
                kind = .text
            }
        }
        if guessHTML, kind == .text, HTMLText.looksLikeHTML(raw) { kind = .html }
        return TextValue(raw: raw, kind: kind, base: c.base)
    }
}
