import Foundation
internal import CLibXML2

/// The state of one streaming parse, driven by libxml2's SAX2 callbacks (XMLFeedParser.swift): the
/// element stack, the text being captured and the entry being built (memory proportional to one entry).
/// A struct reached through a pointer (the parser context's `_private`), so that the callbacks neither
/// retain a class nor pay Swift's dynamic exclusivity checks on every field they touch.
/// What each element means is decided in ElementHandlers.swift (RSS and Atom specifics in
/// RSSElements.swift and AtomElements.swift); captured text is read in TextCapture.swift.
struct XMLFeedReader {
    var ctxt: xmlParserCtxtPtr?
    let documentBase: String?
    let inputBytes: Int
    var warnings: [String] = []
    var limitError: FeedParseError?
    /// First pass over the bytes as they are: stop at the first error, which asks for the repair pass.
    var stopAtFirstError = false
    var needsRepair = false
    var textBytes = 0

    /// The dialect, known from the first feed namespace declared, then the root element (feedparser's order).
    var dialect: XMLDialect?
    var sawRoot = false
    var rootLocal: String?

    struct Frame {
        var tag: FeedTag
        var base: String?
        var lang: String?
    }
    var stack: [Frame] = []
    var currentBase: String?
    var tags = TagCache()

    /// Inside <image>, <textInput>, <source>: everything below is ignored until this depth closes.
    var ignoreUntilDepth: Int?

    /// The leaf element whose text is being captured (its bytes are in `text`); child elements are
    /// serialised into the text as markup. Captures never nest, so one buffer serves them all.
    var capture: Capture?
    var text: [UInt8] = []

    // Authors: <author>/<contributor> may hold text (RSS) or <name>/<email> children (Atom).
    struct AuthorState { var depth: Int; var text: [UInt8] = []; var name: String?; var email: String?; var isContributor: Bool }
    var author: AuthorState?

    var feed = FeedState()
    /// Whether entries get their sanitised content (`FeedParser.parse`'s `contentHTML`).
    var contentHTML = true
    var entry: EntryState?
    var entries: [ParsedEntry] = []

    /// The reader behind a SAX callback's context (the parser context, whose _private points to it).
    @inline(__always) static func from(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XMLFeedReader> {
        let ctxt = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
        return ctxt.pointee._private!.assumingMemoryBound(to: XMLFeedReader.self)
    }

    init(baseURL: String?, inputBytes: Int) {
        self.documentBase = baseURL
        self.currentBase = baseURL
        self.inputBytes = inputBytes
        text.reserveCapacity(4096)
        stack.reserveCapacity(16)
    }

    var line: Int {
        guard let ctxt else { return 0 }
        return Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(ctxt)))
    }

    mutating func warn(_ text: String) {
        if warnings.count < 50 { warnings.append("line \(line): \(text)") }
    }

    mutating func stop(_ error: FeedParseError) {
        limitError = error
        if let ctxt { xmlStopParser(ctxt) }
    }

    mutating func error(_ err: UnsafeMutablePointer<xmlError>) {
        let e = err.pointee
        if e.domain == Int32(XML_FROM_NAMESPACE.rawValue) { return }   // unbound prefixes: handled by prefix
        let msg = e.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error"
        if e.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || msg.contains("entity reference loop") || msg.contains("amplification") {
            stop(FeedParseError(.limitExceeded, code: .limit, "line \(e.line): entity expansion refused (\(msg))"))
            return
        }
        if e.code == Int32(XML_ERR_INTERNAL_ERROR.rawValue), msg.contains("depth") {
            stop(FeedParseError(.limitExceeded, code: .limit, "line \(e.line): nesting too deep"))
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

    mutating func start(_ localPtr: UnsafePointer<xmlChar>?, _ prefixPtr: UnsafePointer<xmlChar>?, _ uriPtr: UnsafePointer<xmlChar>?,
                        _ nbNs: Int, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                        _ nbAttrs: Int, _ attrPtr: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let localPtr, limitError == nil else { return }
        let depth = stack.count + 1
        if depth > XMLFeedParser.maxDepth {
            stop(FeedParseError(.limitExceeded, code: .limit, "line \(line): nesting deeper than \(XMLFeedParser.maxDepth) elements"))
            return
        }
        if dialect == nil, nbNs > 0, let namespaces { trackNamespaces(nbNs, namespaces) }
        let attrs = XMLAttributes(base: attrPtr, count: nbAttrs)

        // Markup inside a captured element: serialise, nothing else.
        if capture != nil {
            stack.append(Frame(tag: .other, base: currentBase, lang: nil))
            serializeStart(localPtr, prefixPtr, uriPtr, attrs)
            return
        }
        let tag = tags.tag(local: localPtr, prefix: prefixPtr, uri: uriPtr)
        // xml:base and xml:lang are inherited; other attributes are read by the element's handler.
        var base = currentBase
        var lang = stack.last?.lang
        if attrs.hasXMLAttribute {
            if let b = attrs.xml("base"), !b.isEmpty { base = URLResolution.resolve(b, against: base) }
            if let l = attrs.xml("lang") { lang = l }
        }
        stack.append(Frame(tag: tag, base: base, lang: lang))
        currentBase = base
        if !sawRoot {
            sawRoot = true
            rootLocal = String(cString: localPtr)
            if let lang, !lang.isEmpty { feed.xmlLang = lang }
        }
        if ignoreUntilDepth != nil { return }
        startElement(tag, attrs: attrs, depth: depth, base: base)
    }

    mutating func end(_ localPtr: UnsafePointer<xmlChar>?, _ prefixPtr: UnsafePointer<xmlChar>?) {
        guard limitError == nil, !stack.isEmpty else { return }
        let depth = stack.count
        let frame = stack.removeLast()
        // feedparser's xml:base bookkeeping, bug included, because links and ids are compared with it: on
        // leaving an element the base goes back to the parent's only when the parent's is not empty.
        if let parent = stack.last?.base, !parent.isEmpty { currentBase = parent }
        if let c = capture {
            if depth > c.depth {
                serializeEnd(localPtr, prefixPtr, depth: depth)
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

    mutating func characters(_ ch: UnsafePointer<xmlChar>?, _ len: Int) {
        guard let ch, len > 0, limitError == nil else { return }
        // Entity amplification guard: libxml2 replays an internal entity's text at each reference.
        textBytes += len
        if textBytes > inputBytes * 8 + (4 << 20) {
            stop(FeedParseError(.limitExceeded, code: .limit, "line \(line): entity expansion larger than the document allows (quadratic blowup?)"))
            return
        }
        let buf = UnsafeBufferPointer(start: ch, count: len)
        if capture != nil {
            if capture!.markup {
                if stack.count == capture!.depth, buf.contains(where: { $0 > 0x20 }) { capture!.textOutsideTop = true }
                TextCapture.escapeAppend(buf, into: &text)
            } else {
                text.append(contentsOf: buf)
            }
        } else if author != nil, ignoreUntilDepth == nil {
            author!.text.append(contentsOf: buf)
        }
    }

    // MARK: format

    mutating func trackNamespaces(_ n: Int, _ ns: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) {
        for i in 0..<n {
            guard dialect == nil, let uriP = ns[2 * i + 1] else { continue }
            let uri = String(cString: uriP).lowercased()
            if ns[2 * i] == nil, uri == "http://my.netscape.com/rdf/simple/0.9/" { dialect = .rss090 }
            else if uri == "http://purl.org/rss/1.0/" { dialect = .rss10 }
            else if uri == "http://www.w3.org/2005/atom" { dialect = .atom10 }
        }
    }

    mutating func result() throws(FeedParseError) -> ParsedFeed {
        if let e = entry { entries.append(e.finish(contentHTML: contentHTML)); entry = nil }
        guard let format = dialect?.format else {
            let root = rootLocal.map { "<\($0)>" } ?? "no XML element"
            throw FeedParseError(.notAFeed, code: rootLocal == "html" ? .htmlRoot : .unknownRoot,
                                 "not a feed: the document's root is \(root), not <rss>, <rdf:RDF> or <feed>")
        }
        return feed.finish(format: format, entries: entries, warnings: warnings)
    }
}

/// The XML dialect as detected while reading (finer than `FeedFormat`: the version attribute decides
/// some of feedparser's rules).
enum XMLDialect {
    case rss090, rss091, rss092, rss093, rss094, rss10, rss20, rssUnversioned
    case atom01, atom02, atom03, atom10, atomUnversioned

    var isAtom: Bool {
        switch self {
        case .atom01, .atom02, .atom03, .atom10, .atomUnversioned: return true
        default: return false
        }
    }

    var format: FeedFormat {
        switch self {
        case .rss10: return .rss10
        case .rss20, .rssUnversioned: return .rss20
        case .rss090, .rss091, .rss092, .rss093, .rss094: return .rss09x
        case .atom10, .atomUnversioned: return .atom10
        case .atom01, .atom02, .atom03: return .atom03
        }
    }
}

/// Element name -> `FeedTag`, classified once per distinct (namespace, name) of a document: libxml2
/// interns names in its dictionary, so the pointers identify them. Direct-mapped, no hashing of strings.
struct TagCache {
    private var keys = [UInt](repeating: 0, count: 128)
    private var namespaces = [UInt](repeating: 0, count: 128)
    private var values = [FeedTag](repeating: .other, count: 128)

    mutating func tag(local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?) -> FeedTag {
        let k = UInt(bitPattern: local)
        // Without a namespace URI the prefix decides (an undeclared `dc:`), so it is part of the key.
        let ns = UInt(bitPattern: uri ?? prefix)
        let slot = Int(truncatingIfNeeded: ((k >> 3) &+ (ns >> 5)) & 127)
        if keys[slot] == k, namespaces[slot] == ns { return values[slot] }
        let kind = FeedNamespace.classify(uri: LibXML.string(uri), prefix: LibXML.string(prefix))
        let t = FeedTag.classify(kind, String(cString: local))
        keys[slot] = k; namespaces[slot] = ns; values[slot] = t
        return t
    }
}
