import Foundation
internal import CLibXML2

/// The streaming XML side: libxml2's SAX2 parser drives `XMLFeedReader`, which keeps only the element
/// stack, the text being captured and the entry being built (memory proportional to one entry).
/// RSS-specific and Atom-specific element handling live in RSSParser.swift and AtomParser.swift.
enum XMLFeedParser {
    static let maxDocumentBytes = 64 << 20
    static let maxDepth = 200

    static func parse(_ utf8: [UInt8], baseURL: String?, warnings initial: [String]) throws(FeedParseError) -> ParsedFeed {
        LibXML.ensureReady()
        guard utf8.count <= maxDocumentBytes else {
            throw FeedParseError(.limitExceeded, "document larger than \(maxDocumentBytes >> 20) MB")
        }
        // Most feeds are well-formed: libxml2 reads their bytes as they are, and only a document it
        // reports an error in is read again after the repair pass (libxml2's recovery would lose text).
        // For a well-formed document the repair pass changes nothing libxml2 reports differently.
        let firstTry = run(utf8, baseURL: baseURL, warnings: initial, stopAtFirstError: true)
        let reader: XMLFeedReader
        if firstTry.needsRepair {
            let repaired = XMLRepair.repair(utf8)
            reader = run(repaired.bytes ?? utf8, baseURL: baseURL, warnings: initial + repaired.warnings,
                         stopAtFirstError: false, inputBytes: utf8.count)
        } else {
            reader = firstTry
        }
        if let limit = reader.limitError { throw limit }
        return try reader.result()
    }

    /// One libxml2 SAX2 pass over `input` into a new reader. With `stopAtFirstError`, the first error
    /// stops the parse and sets `needsRepair`.
    private static func run(_ input: [UInt8], baseURL: String?, warnings: [String], stopAtFirstError: Bool,
                            inputBytes: Int? = nil) -> XMLFeedReader {
        let reader = XMLFeedReader(baseURL: baseURL, inputBytes: inputBytes ?? input.count)
        reader.warnings = warnings
        reader.stopAtFirstError = stopAtFirstError

        var sax = xmlSAXHandler()
        xmlSAXVersion(&sax, 2)
        // Keep libxml2's own DTD callbacks (internalSubset, entityDecl, getEntity) so that entities declared
        // in the document work; never load the external subset.
        // libxml2's own SAX2 callbacks (startDocument, internalSubset, entityDecl, getEntity…) expect the
        // parser context as their first argument, so the context stays the SAX user data and the reader
        // travels in ctxt->_private.
        sax.externalSubset = nil
        sax.endDocument = nil
        sax.comment = nil
        sax.processingInstruction = nil
        sax.reference = nil
        sax.startElement = nil
        sax.endElement = nil
        sax.startElementNs = { ctx, local, prefix, uri, nbNs, namespaces, nbAttrs, _, attrs in
            XMLFeedReader.from(ctx)
                .start(local, prefix, uri, Int(nbNs), namespaces, Int(nbAttrs), attrs)
        }
        sax.endElementNs = { ctx, local, prefix, _ in
            XMLFeedReader.from(ctx).end(local, prefix)
        }
        sax.characters = { ctx, ch, len in
            XMLFeedReader.from(ctx).characters(ch, Int(len))
        }
        sax.cdataBlock = sax.characters
        sax.ignorableWhitespace = sax.characters
        sax.serror = { ctx, err in
            guard let err else { return }
            XMLFeedReader.from(ctx).error(err)
        }

        // Read in place (no mutable access, which would copy a document the caller still holds).
        let user = Unmanaged.passUnretained(reader).toOpaque()
        input.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                guard let ctxt = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else { return }
                ctxt.pointee._private = user
                reader.ctxt = ctxt
                // RECOVER: keep going after well-formedness errors. NONET, no NOENT, no DTDLOAD: never fetch or
                // substitute external entities. IGNORE_ENC: the bytes are already UTF-8 whatever the declaration says.
                _ = xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue |
                    XML_PARSE_NOCDATA.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOWARNING.rawValue))
                _ = xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
                let chunk = 1 << 20
                var off = 0
                while off < buf.count, reader.limitError == nil, !reader.needsRepair {
                    let n = min(chunk, buf.count - off)
                    _ = xmlParseChunk(ctxt, p + off, Int32(n), off + n >= buf.count ? 1 : 0)
                    off += n
                    if ctxt.pointee.instate == XML_PARSER_EOF { break }
                }
                if off < buf.count || buf.count == 0, !reader.needsRepair { _ = xmlParseChunk(ctxt, nil, 0, 1) }
                if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc); ctxt.pointee.myDoc = nil }
                reader.ctxt = nil
                xmlFreeParserCtxt(ctxt)
            }
        }
        return reader
    }
}

/// Text captured from one element: its raw string and how to read it.
struct TextValue {
    enum Kind { case text, html, xhtml, base64 }
    var raw: String
    var kind: Kind
    var base: String?
}

final class XMLFeedReader {
    var ctxt: xmlParserCtxtPtr?
    let documentBase: String?
    let inputBytes: Int
    var warnings: [String] = []
    var limitError: FeedParseError?
    /// First pass over the bytes as they are: stop at the first error, which asks for the repair pass.
    var stopAtFirstError = false
    var needsRepair = false
    var textBytes = 0

    // Format detection (feedparser's order: the first feed namespace declared, then the root element).
    var version: String?
    var sawRoot = false
    var rootLocal: String?

    // Element stack: tag, base URI in effect, namespace, qualified name (for markup serialisation).
    struct Frame {
        var tag: FeedTag
        var base: String?
        var lang: String?
    }
    var stack: [Frame] = []
    var currentBase: String?
    var tagCache: [PointerPair: FeedTag] = [:]
    struct PointerPair: Hashable { var uri: UInt; var local: UInt }

    /// Inside <image>, <textInput>, <source>: everything below is ignored until this depth closes.
    var ignoreUntilDepth: Int?

    // Text capture of the current leaf element; child elements are serialised into it as markup.
    struct Capture {
        var tag: FeedTag
        var depth: Int
        var buf: [UInt8] = []
        var markup = false
        var attrs: [String: String]
        var base: String?
        var topChildren = 0
        var firstChildIsDiv = false
        var divContentStart = -1
        var divContentEnd = -1
        var textOutsideTop = false
    }
    var capture: Capture?

    // Authors: <author>/<contributor> may hold text (RSS) or <name>/<email> children (Atom).
    struct AuthorState { var depth: Int; var text: [UInt8] = []; var name: String?; var email: String?; var isContributor: Bool }
    var author: AuthorState?

    var feed = FeedState()
    var entry: EntryState?
    var entries: [ParsedEntry] = []

    /// The reader behind a SAX callback's context (the parser context, whose _private points to us).
    @inline(__always) static func from(_ ctx: UnsafeMutableRawPointer?) -> XMLFeedReader {
        let ctxt = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
        return Unmanaged<XMLFeedReader>.fromOpaque(ctxt.pointee._private!).takeUnretainedValue()
    }

    init(baseURL: String?, inputBytes: Int) {
        self.documentBase = baseURL
        self.currentBase = baseURL
        self.inputBytes = inputBytes
    }

    var line: Int {
        guard let ctxt else { return 0 }
        return Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(ctxt)))
    }

    func warn(_ text: String) {
        if warnings.count < 50 { warnings.append("line \(line): \(text)") }
    }

    func error(_ err: UnsafeMutablePointer<xmlError>) {
        let e = err.pointee
        if e.domain == Int32(XML_FROM_NAMESPACE.rawValue) { return }   // unbound prefixes: handled by prefix
        let msg = e.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error"
        if e.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || msg.contains("entity reference loop") || msg.contains("amplification") {
            limitError = FeedParseError(.limitExceeded, "line \(e.line): entity expansion refused (\(msg))")
            if let ctxt { xmlStopParser(ctxt) }
            return
        }
        if e.code == Int32(XML_ERR_INTERNAL_ERROR.rawValue), msg.contains("depth") {
            limitError = FeedParseError(.limitExceeded, "line \(e.line): nesting too deep")
            if let ctxt { xmlStopParser(ctxt) }
            return
        }
        if stopAtFirstError {
            needsRepair = true
            if let ctxt { xmlStopParser(ctxt) }
            return
        }
        if warnings.count < 50 { warnings.append("line \(e.line): \(msg)") }
    }

    // MARK: SAX events

    func start(_ localPtr: UnsafePointer<xmlChar>?, _ prefixPtr: UnsafePointer<xmlChar>?, _ uriPtr: UnsafePointer<xmlChar>?,
               _ nbNs: Int, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
               _ nbAttrs: Int, _ attrs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let localPtr, limitError == nil else { return }
        let depth = stack.count + 1
        if depth > XMLFeedParser.maxDepth {
            limitError = FeedParseError(.limitExceeded, "line \(line): nesting deeper than \(XMLFeedParser.maxDepth) elements")
            if let ctxt { xmlStopParser(ctxt) }
            return
        }
        if version == nil, nbNs > 0, let namespaces { trackNamespaces(nbNs, namespaces) }

        // Markup inside a captured element: serialise, nothing else.
        if capture != nil {
            stack.append(Frame(tag: .other, base: currentBase, lang: nil))
            serializeStart(localPtr, prefixPtr, uriPtr, nbAttrs, attrs)
            return
        }
        let key = PointerPair(uri: UInt(bitPattern: uriPtr), local: UInt(bitPattern: localPtr))
        let tag: FeedTag
        if let t = tagCache[key] { tag = t } else {
            let ns = FeedNamespace.classify(uri: LibXML.string(uriPtr), prefix: LibXML.string(prefixPtr))
            tag = FeedTag.classify(ns, String(cString: localPtr))
            tagCache[key] = tag
        }
        // Attributes: only the element's own, as [local or prefix:local: value]; xml:base/xml:lang apart.
        var a: [String: String] = [:]
        var base = currentBase
        var lang = stack.last?.lang
        if nbAttrs > 0, let attrs {
            for i in 0..<nbAttrs {
                let p = attrs + i * 5
                guard let ln = p[0] else { continue }
                let name = String(cString: ln)
                let value: String
                if let vs = p[3], let ve = p[4] {
                    value = XMLFeedReader.attributeValue(UnsafeBufferPointer(start: vs, count: ve - vs))
                } else { value = "" }
                if let pp = p[1] {
                    let prefix = String(cString: pp)
                    if prefix == "xml" {
                        if name == "base", !value.isEmpty { base = URLResolution.resolve(value, against: base) }
                        else if name == "lang" { lang = value }
                        continue
                    }
                    a[prefix + ":" + name] = value
                    if a[name] == nil { a[name] = value }
                } else {
                    a[name] = value
                }
            }
        }
        stack.append(Frame(tag: tag, base: base, lang: lang))
        currentBase = base
        if !sawRoot {
            sawRoot = true
            rootLocal = String(cString: localPtr)
            if let lang, !lang.isEmpty { feed.xmlLang = lang }
        }
        if ignoreUntilDepth != nil { return }
        startElement(tag, attrs: a, depth: depth, base: base)
    }

    func end(_ localPtr: UnsafePointer<xmlChar>?, _ prefixPtr: UnsafePointer<xmlChar>?) {
        guard limitError == nil, !stack.isEmpty else { return }
        let depth = stack.count
        let frame = stack.removeLast()
        // feedparser's xml:base bookkeeping, bug included, because links and ids are compared with it: on
        // leaving an element the base goes back to the parent's only when the parent's is not empty.
        if let parent = stack.last?.base, !parent.isEmpty { currentBase = parent }
        if var c = capture {
            if depth > c.depth {
                capture = nil   // so that c's buffer is uniquely referenced: appending must not copy it
                serializeEnd(localPtr, prefixPtr, depth: depth, capture: &c)
                capture = c
                return
            }
            capture = nil
            finishCapture(c)
            return
        }
        if let stop = ignoreUntilDepth {
            if depth == stop { ignoreUntilDepth = nil }
            return
        }
        endElement(frame.tag, depth: depth)
    }

    func characters(_ ch: UnsafePointer<xmlChar>?, _ len: Int) {
        guard let ch, len > 0, limitError == nil else { return }
        // Entity amplification guard: libxml2 replays an internal entity's text at each reference.
        textBytes += len
        if textBytes > inputBytes * 8 + (4 << 20) {
            limitError = FeedParseError(.limitExceeded, "line \(line): entity expansion larger than the document allows (quadratic blowup?)")
            if let ctxt { xmlStopParser(ctxt) }
            return
        }
        let buf = UnsafeBufferPointer(start: ch, count: len)
        if capture != nil {
            if capture!.markup {
                if stack.count == capture!.depth, buf.contains(where: { $0 > 0x20 }) { capture!.textOutsideTop = true }
                escapeAppend(buf, into: &capture!.buf)
            } else {
                capture!.buf.append(contentsOf: buf)
            }
        } else if author != nil, ignoreUntilDepth == nil {
            author!.text.append(contentsOf: buf)
        }
    }

    @inline(__always) static func appendCString(_ p: UnsafePointer<xmlChar>, to buf: inout [UInt8]) {
        buf.append(contentsOf: UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
    }

    /// An attribute value as libxml2 hands it over without entity substitution: `&` stays `&#38;`.
    static func attributeValue(_ b: UnsafeBufferPointer<UInt8>) -> String {
        var s = String(decoding: b, as: UTF8.self)
        if b.contains(0x26) { s = s.replacingOccurrences(of: "&#38;", with: "&") }
        return s
    }

    /// Text from the capture buffer, with feedparser's repair of doubly encoded UTF-8 ("Ã©" -> "é"):
    /// when every character is below U+0100 and their bytes form valid UTF-8 with multi-byte sequences.
    /// Then, as feedparser does, C1 control characters (U+0080–U+009F, from `&#146;` or mislabelled
    /// windows-1252) become the windows-1252 characters their authors meant ("don’t", not "don\u{92}t").
    func string(_ b: [UInt8]) -> String {
        guard b.contains(where: { $0 == 0xC3 || $0 == 0xC2 }) else { return String(decoding: b, as: UTF8.self) }
        // Quick no: a doubly encoded text's first non-ASCII character is a UTF-8 lead byte (U+00C2–U+00F4)
        // read as Latin-1. "é" (C3 A9 -> U+00E9 followed by ASCII) usually settles it at once.
        if let k = b.firstIndex(where: { $0 >= 0x80 }) {
            let c = b[k]
            if c != 0xC2 && c != 0xC3 { return plainOrC1(b) }
            guard k + 1 < b.count else { return plainOrC1(b) }
            let v = ((c & 0x03) << 6) | (b[k + 1] & 0x3F)
            if v < 0xC2 || v > 0xF4 { return plainOrC1(b) }
            // …and the next one a continuation byte (U+0080–U+00BF, encoded C2 80–C2 BF).
            guard k + 3 < b.count, b[k + 2] == 0xC2, b[k + 3] >= 0x80, b[k + 3] <= 0xBF else { return plainOrC1(b) }
        }
        var latin: [UInt8] = []
        latin.reserveCapacity(b.count)
        var i = 0
        var onlyLatin1 = true
        while i < b.count {
            let c = b[i]
            if c < 0x80 { latin.append(c); i += 1 }
            else if (c == 0xC2 || c == 0xC3), i + 1 < b.count { latin.append(((c & 0x03) << 6) | (b[i + 1] & 0x3F)); i += 2 }
            else { onlyLatin1 = false; break }
        }
        if onlyLatin1, latin.contains(where: { $0 >= 0x80 }), EncodingDetection.isValidUTF8(latin) { return plainOrC1(latin) }
        return plainOrC1(b)
    }

    /// C1 control characters (U+0080–U+009F) read as the windows-1252 characters their authors meant.
    func plainOrC1(_ bytes: [UInt8]) -> String {
        var hasC1 = false
        var j = 0
        while j + 1 < bytes.count { if bytes[j] == 0xC2, bytes[j + 1] >= 0x80, bytes[j + 1] <= 0x9F { hasC1 = true; break }; j += 1 }
        guard hasC1 else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        j = 0
        while j < bytes.count {
            if bytes[j] == 0xC2, j + 1 < bytes.count, bytes[j + 1] >= 0x80, bytes[j + 1] <= 0x9F {
                EncodingDetection.appendUTF8(EncodingDetection.cp1252High[Int(bytes[j + 1] - 0x80)], &out)
                j += 2
            } else { out.append(bytes[j]); j += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: capture

    func beginCapture(_ tag: FeedTag, depth: Int, attrs: [String: String], base: String?) {
        capture = Capture(tag: tag, depth: depth, attrs: attrs, base: base)
    }

    func escapeAppend(_ buf: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
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

    func serializeStart(_ localPtr: UnsafePointer<xmlChar>, _ prefixPtr: UnsafePointer<xmlChar>?, _ uriPtr: UnsafePointer<xmlChar>?,
                        _ nbAttrs: Int, _ attrs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard var c = capture else { return }
        capture = nil   // so that c's buffer is uniquely referenced: appending must not copy it
        if !c.markup {
            // The text so far was character data: escape it now that the value is markup.
            let old = c.buf
            c.buf = []
            c.buf.reserveCapacity(old.count + 16)
            old.withUnsafeBufferPointer { escapeAppend($0, into: &c.buf) }
            if old.contains(where: { $0 > 0x20 }) { c.textOutsideTop = true }
            c.markup = true
        }
        let depth = stack.count   // already pushed
        c.buf.append(0x3C)
        let localLen = strlen(UnsafeRawPointer(localPtr).assumingMemoryBound(to: CChar.self))
        let local = UnsafeBufferPointer(start: localPtr, count: localLen)
        if let prefixPtr, FeedNamespace.classify(uri: LibXML.string(uriPtr), prefix: nil) != .xhtml {
            XMLFeedReader.appendCString(prefixPtr, to: &c.buf); c.buf.append(0x3A)
        }
        c.buf.append(contentsOf: local)
        if nbAttrs > 0, let attrs {
            for i in 0..<nbAttrs {
                let p = attrs + i * 5
                guard let ln = p[0] else { continue }
                c.buf.append(0x20)
                if let pp = p[1] { XMLFeedReader.appendCString(pp, to: &c.buf); c.buf.append(0x3A) }
                XMLFeedReader.appendCString(ln, to: &c.buf)
                c.buf.append(0x3D); c.buf.append(0x22)
                if let vs = p[3], let ve = p[4] {
                    for b in UnsafeBufferPointer(start: vs, count: ve - vs) {
                        switch b {
                        case 0x26: c.buf.append(0x26); c.buf.append(0x61); c.buf.append(0x6D); c.buf.append(0x70); c.buf.append(0x3B)
                        case 0x3C: c.buf.append(0x26); c.buf.append(0x6C); c.buf.append(0x74); c.buf.append(0x3B)
                        case 0x22: c.buf.append(0x26); c.buf.append(0x71); c.buf.append(0x75); c.buf.append(0x6F); c.buf.append(0x74); c.buf.append(0x3B)
                        default: c.buf.append(b)
                        }
                    }
                }
                c.buf.append(0x22)
            }
        }
        c.buf.append(0x3E)
        if depth == c.depth + 1 {
            c.topChildren += 1
            if c.topChildren == 1, prefixPtr == nil || FeedNamespace.classify(uri: LibXML.string(uriPtr), prefix: nil) == .xhtml,
               localLen == 3, local[0] == 0x64, local[1] == 0x69, local[2] == 0x76 {
                c.firstChildIsDiv = true
                c.divContentStart = c.buf.count
            }
        }
        capture = c
    }

    func serializeEnd(_ localPtr: UnsafePointer<xmlChar>?, _ prefixPtr: UnsafePointer<xmlChar>?, depth: Int, capture c: inout Capture) {
        guard let localPtr else { return }
        if depth == c.depth + 1, c.topChildren == 1, c.firstChildIsDiv { c.divContentEnd = c.buf.count }
        c.buf.append(0x3C); c.buf.append(0x2F)
        if let prefixPtr {
            let p = String(cString: prefixPtr)
            if p != "xhtml" && p != "html" { c.buf.append(contentsOf: p.utf8); c.buf.append(0x3A) }
        }
        XMLFeedReader.appendCString(localPtr, to: &c.buf)
        c.buf.append(0x3E)
    }

    /// The captured value as text/html/xhtml per the element's declared type (Atom) or feedparser's
    /// rules (RSS: title plain unless it looks like HTML, description HTML).
    func textValue(_ c: Capture, defaultKind: TextValue.Kind, guessHTML: Bool = false) -> TextValue {
        var raw: String
        if c.markup {
            // Atom xhtml: drop the wrapping <div xmlns="…xhtml">, as feedparser does.
            if c.firstChildIsDiv, c.topChildren == 1, !c.textOutsideTop, c.divContentStart >= 0, c.divContentEnd >= c.divContentStart {
                raw = string(Array(c.buf[c.divContentStart..<c.divContentEnd]))
            } else {
                raw = string(c.buf)
            }
            return TextValue(raw: raw.trimmingCharactersASCIIWhitespace(), kind: .xhtml, base: c.base)
        }
        raw = string(c.buf).trimmingCharactersASCIIWhitespace()
        var kind = defaultKind
        let type = (c.attrs["type"] ?? "").lowercased()
        let mode = (c.attrs["mode"] ?? "").lowercased()
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

    // MARK: format

    func trackNamespaces(_ n: Int, _ ns: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) {
        for i in 0..<n {
            guard version == nil, let uriP = ns[2 * i + 1] else { continue }
            let uri = String(cString: uriP).lowercased()
            if ns[2 * i] == nil, uri == "http://my.netscape.com/rdf/simple/0.9/" { version = "rss090" }
            else if uri == "http://purl.org/rss/1.0/" { version = "rss10" }
            else if uri == "http://www.w3.org/2005/atom" { version = "atom10" }
        }
    }

    var format: FeedFormat? {
        guard let v = version else { return nil }
        switch v {
        case "rss10": return .rss10
        case "rss20", "rss": return .rss20
        case "atom10", "atom": return .atom10
        case "atom01", "atom02", "atom03": return .atom03
        default: return v.hasPrefix("rss0") ? .rss09x : nil
        }
    }

    func result() throws(FeedParseError) -> ParsedFeed {
        if let e = entry { entries.append(finishEntry(e)) ; entry = nil }
        guard let format else {
            let root = rootLocal.map { "<\($0)>" } ?? "no XML element"
            throw FeedParseError(.notAFeed, "not a feed: the document's root is \(root), not <rss>, <rdf:RDF> or <feed>")
        }
        return feed.finish(format: format, entries: entries, warnings: warnings)
    }
}
