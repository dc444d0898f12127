internal import CLibXML2
import Synchronization

/// A single-pass, byte-level HTML tokenizer that produces exactly what `HTMLSanitizer`'s libxml2 walk
/// produces (sanitised HTML and/or collapsed plain text) for the markup real feeds use, without a
/// libxml2 HTML parser per entry. It reproduces the parts of libxml2's HTML parser (2.9) that change the
/// result: HTML 4 entities only (`htmlEntityLookup`), `&name` without `;` kept as text, the implied `<p>`
/// around leading text, start tags that close the open element (libxml2's own table, queried through
/// `htmlAutoCloseTag`), end tags that close intermediate elements by priority or are ignored, raw
/// `<script>`/`<style>` content. Whatever it is not sure to read the same way (an unknown or head-only
/// element, `<!` other than a comment, `<?`, an unterminated tag, comment or quote, a bogus attribute, an
/// invalid character reference, control characters…) makes it return nil, and the caller falls back to
/// libxml2. Safety does not depend on the fallback: only allowlisted elements and attributes are written,
/// every text and attribute value is escaped, and tags are balanced from the tokenizer's own stack.
enum HTMLFast {
    static let failures = Mutex<[String]>([])

    // MARK: element table

    static let fAllowed: UInt8 = 1, fBlock: UInt8 = 2, fSanVoid: UInt8 = 4, fEmpty: UInt8 = 8, fRaw: UInt8 = 16

    /// The elements the fast path reads: names, flags (allowed: written to the sanitised HTML; block: a
    /// space in the plain text at start and end; sanVoid: written `<x />` without end tag; empty: libxml2
    /// closes it at once; raw: script/style, content dropped up to the matching end tag), libxml2's
    /// end-tag priorities, and `closes[new * count + old]`: a start tag `new` implicitly ends an open `old`.
    struct Tables {
        var names: [[UInt8]] = []
        var flags: [UInt8] = []
        var priority: [Int] = []
        var index: [UInt64: Int] = [:]
        var closes: [Bool] = []
        var p = 0
        /// Attribute names: 1 allowed, 2 URL, 4 srcset.
        var attrIndex: [UInt64: (name: [UInt8], flags: UInt8)] = [:]
    }

    static let tables: Tables = {
        LibXML.ensureReady()
        var t = Tables()
        var names = HTMLSanitizer.allowedElements
        names.formUnion(["script", "style", "form", "input", "label", "button", "select", "option", "optgroup", "map",
                         "area", "fieldset", "legend", "menu", "dir", "nobr", "noscript", "iframe", "object", "embed",
                         "param", "canvas", "dialog", "hgroup", "meter", "progress", "output", "datalist"])
        for n in names.sorted() {
            let bytes = Array(n.utf8)
            let empty: Bool = n.withCString { p in
                p.withMemoryRebound(to: xmlChar.self, capacity: bytes.count + 1) { q in
                    if let d = htmlTagLookup(q) { return d.pointee.empty != 0 }
                    return false
                }
            }
            let prio: Int
            switch n {
            case "div": prio = 150
            case "td", "th": prio = 160
            case "tr": prio = 170
            case "thead", "tbody", "tfoot": prio = 180
            case "table": prio = 190
            default: prio = 100
            }
            let info = HTMLSanitizer.info[n] ?? 0
            var f: UInt8 = 0
            if info & HTMLSanitizer.allowed != 0 { f |= fAllowed }
            if info & HTMLSanitizer.block != 0 { f |= fBlock }
            if info & HTMLSanitizer.void != 0 { f |= fSanVoid }
            if empty { f |= fEmpty }
            if n == "script" || n == "style" { f |= fRaw }
            bytes.withUnsafeBufferPointer { t.index[key($0)] = t.names.count }
            t.names.append(bytes); t.flags.append(f); t.priority.append(prio)
        }
        let count = t.names.count
        t.closes = [Bool](repeating: false, count: count * count)
        let sameNameClosers: Set<String> = ["a", "col", "colgroup", "form", "li", "option", "p", "tbody", "td", "th", "tr"]
        for ni in 0..<count {
            let newName = String(decoding: t.names[ni], as: UTF8.self)
            guard let node = xmlNewNode(nil, newName) else { continue }
            for oi in 0..<count {
                if ni == oi { t.closes[ni * count + oi] = sameNameClosers.contains(newName); continue }
                // htmlAutoCloseTag(doc, old, node(new)) == htmlCheckAutoClose(new, old) for a childless node.
                t.closes[ni * count + oi] = htmlAutoCloseTag(nil, String(decoding: t.names[oi], as: UTF8.self), node) == 1
            }
            xmlFreeNode(node)
        }
        t.p = t.index[[UInt8]([0x70]).withUnsafeBufferPointer { key($0) }]!
        for a in HTMLSanitizer.allowedAttributes {
            let bytes = Array(a.utf8)
            var f: UInt8 = 1
            if HTMLSanitizer.urlAttributes.contains(a) { f |= 2 }
            if a == "srcset" { f |= 4 }
            bytes.withUnsafeBufferPointer { t.attrIndex[key($0)] = (bytes, f) }
        }
        return t
    }()

    /// The length and the first 7 bytes of a lower-case name; a hit is then compared whole.
    @inline(__always) static func key(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var k = UInt64(truncatingIfNeeded: b.count)
        var shift: UInt64 = 8
        for c in b.prefix(7) { k |= UInt64(c) << shift; shift += 8 }
        return k
    }

    /// Same key for p[s..<e] read case-insensitively.
    @inline(__always) static func lowerKey(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        var k = UInt64(truncatingIfNeeded: e - s)
        var shift: UInt64 = 8
        var i = s
        while i < e, i < s + 7 {
            let c = p[i]
            k |= UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) << shift
            shift += 8; i += 1
        }
        return k
    }

    @inline(__always) static func equalLower(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ name: [UInt8]) -> Bool {
        guard name.count == e - s else { return false }
        if name.count <= 7 { return true }   // the key holds the whole name
        for k in 0..<name.count {
            let c = p[s + k]
            if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != name[k] { return false }
        }
        return true
    }

    /// HTML 4 entities as libxml2's HTML parser knows them (a subset of the HTML5 table), as UTF-8.
    static let entities: [String: [UInt8]] = {
        LibXML.ensureReady()
        var d: [String: [UInt8]] = [:]
        for name in HTMLEntities.table.keys {
            name.withCString { p in
                p.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { q in
                    if let e = htmlEntityLookup(q), e.pointee.value > 0 {
                        var out: [UInt8] = []
                        EncodingDetection.appendUTF8(e.pointee.value, &out)
                        d[name] = out
                    }
                }
            }
        }
        return d
    }()

    /// A growable byte buffer without Array's uniqueness and bounds checks in the inner loops.
    struct ByteBuf {
        var ptr: UnsafeMutablePointer<UInt8>
        var count = 0
        var cap: Int
        init(capacity: Int) { cap = max(capacity, 16); ptr = .allocate(capacity: cap) }
        @inline(__always) mutating func append(_ b: UInt8) {
            if count == cap { grow(1) }
            ptr[count] = b; count += 1
        }
        @inline(__always) mutating func append(_ src: UnsafeBufferPointer<UInt8>) {
            guard let base = src.baseAddress, src.count > 0 else { return }
            if count + src.count > cap { grow(src.count) }
            (ptr + count).update(from: base, count: src.count); count += src.count
        }
        @inline(__always) mutating func append(_ a: [UInt8]) { a.withUnsafeBufferPointer { append($0) } }
        mutating func grow(_ extra: Int) {
            let nc = max(cap * 2, count + extra)
            let np = UnsafeMutablePointer<UInt8>.allocate(capacity: nc)
            np.update(from: ptr, count: count)
            ptr.deallocate(); ptr = np; cap = nc
        }
        var isEmpty: Bool { count == 0 }
        func string() -> String { String(decoding: UnsafeBufferPointer(start: ptr, count: count), as: UTF8.self) }
        func free() { ptr.deallocate() }
    }

    // MARK: run

    static func run(_ s: String, base: String?, wantHTML: Bool, wantText: Bool) -> (html: String, text: String)? {
        var s = s
        return s.withUTF8 { p -> (html: String, text: String)? in
            var t = Tokenizer(p: p, base: base, wantHTML: wantHTML, wantText: wantText)
            defer { t.html.free(); t.text.free() }
            guard t.run() else {
                if HTMLSanitizer.verify, t.failAt >= 0 {
                    let a = max(0, t.failAt - 20), b = min(p.count, t.failAt + 40)
                    failures.withLock { $0.append(String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self)) }
                }
                return nil
            }
            return (wantHTML ? t.html.string() : "", wantText ? t.text.string() : "")
        }
    }

    /// Whether one of the 8 bytes of `w` is & < > or " (exact for the four, branch-free).
    @inline(__always) static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        return (zeroByte(w ^ (0x26 &* ones)) | zeroByte(w ^ (0x3C &* ones)) | zeroByte(w ^ (0x3E &* ones))
                | zeroByte(w ^ (0x22 &* ones))) != 0
    }

    /// Whether one of the 8 bytes of `w` is '<', '&', 0xEF or below 0x20 (a superset of `textSpecial`).
    @inline(__always) static func mayStopText(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        let below20 = (w &- 0x2020_2020_2020_2020) & ~w & high
        return (below20 | zeroByte(w ^ (0x26 &* ones)) | zeroByte(w ^ (0x3C &* ones)) | zeroByte(w ^ (0xEF &* ones))) != 0
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) static func isNameChar(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x3A || c == 0x2D || c == 0x2E
    }
    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    /// Bytes the text loop stops at: '<', '&', 0xEF (U+FFFE/U+FFFF) and C0 controls other than tab, LF, CR.
    nonisolated(unsafe) static let textSpecial: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for c in [0x26, 0x3C, 0xEF] { t[c] = 1 }
        for c in 0..<0x20 where c != 0x09 && c != 0x0A && c != 0x0D { t[c] = 1 }
        return UnsafePointer(t)
    }()

    static let ampEsc: [UInt8] = Array("&amp;".utf8), ltEsc: [UInt8] = Array("&lt;".utf8)
    static let gtEsc: [UInt8] = Array("&gt;".utf8), quotEsc: [UInt8] = Array("&quot;".utf8)

    /// One attribute of a start tag, as offsets in the input.
    struct Attribute {
        var nameStart: Int, nameEnd: Int
        var valueStart = -1, valueEnd = -1   // -1: no value
        var next: Int
    }

    struct Tokenizer {
        let p: UnsafeBufferPointer<UInt8>
        let base: String?
        let wantHTML: Bool
        let wantText: Bool
        var html: ByteBuf
        var text: ByteBuf
        var pendingSpace = false
        var stack: [Int] = []
        /// 0: nothing seen yet, 1: libxml2 implied <head> (a leading script/style), 2: in the body.
        var mode = 0
        /// Where the fast path gave up (for VEILLE_HTML_VERIFY).
        var failAt = -1
        let t: Tables
        let count: Int

        init(p: UnsafeBufferPointer<UInt8>, base: String?, wantHTML: Bool, wantText: Bool) {
            self.p = p; self.base = base; self.wantHTML = wantHTML; self.wantText = wantText
            t = HTMLFast.tables
            count = t.names.count
            html = ByteBuf(capacity: wantHTML ? p.count + p.count / 8 + 16 : 0)
            text = ByteBuf(capacity: wantText ? p.count + 16 : 0)
            stack.reserveCapacity(16)
        }

        // MARK: output

        @inline(__always) mutating func space() { pendingSpace = !text.isEmpty }

        mutating func chars(_ from: Int, _ to: Int) {
            guard from < to else { return }
            if wantText {
                // At most one byte more than the run (a pending space), so no capacity check per byte.
                if text.count + (to - from) + 1 > text.cap { text.grow(to - from + 1) }
                let out = text.ptr
                var cnt = text.count
                var pend = pendingSpace
                for k in from..<to {
                    let b = p[k]
                    if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C {
                        pend = cnt > 0
                    } else {
                        if pend { out[cnt] = 0x20; cnt += 1; pend = false }
                        out[cnt] = b; cnt += 1
                    }
                }
                text.count = cnt
                pendingSpace = pend
            }
            if wantHTML { escaped(from, to, attribute: false) }
        }

        /// p[from..<to] escaped into the HTML (& < > and, in attributes, ").
        mutating func escaped(_ from: Int, _ to: Int, attribute: Bool) {
            var run = from
            var k = from
            let raw = UnsafeRawPointer(p.baseAddress!)
            while k < to {
                // 8 bytes at a time while none needs escaping (most text).
                while k + 8 <= to, !HTMLFast.mayNeedEscape(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) { k += 8 }
                guard k < to else { break }
                let b = p[k]
                if b == 0x26 || b == 0x3C || b == 0x3E || (attribute && b == 0x22) {
                    html.append(UnsafeBufferPointer(rebasing: p[run..<k]))
                    html.append(b == 0x26 ? HTMLFast.ampEsc : b == 0x3C ? HTMLFast.ltEsc : b == 0x3E ? HTMLFast.gtEsc : HTMLFast.quotEsc)
                    run = k + 1
                }
                k += 1
            }
            html.append(UnsafeBufferPointer(rebasing: p[run..<to]))
        }

        mutating func escapedBytes(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool) {
            for b in bytes {
                switch b {
                case 0x26: html.append(HTMLFast.ampEsc)
                case 0x3C: html.append(HTMLFast.ltEsc)
                case 0x3E: html.append(HTMLFast.gtEsc)
                case 0x22 where attribute: html.append(HTMLFast.quotEsc)
                default: html.append(b)
                }
            }
        }

        mutating func chars(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { bp in
                if wantText {
                    for b in bp {
                        if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C { pendingSpace = !text.isEmpty }
                        else { if pendingSpace { text.append(0x20); pendingSpace = false }; text.append(b) }
                    }
                }
                if wantHTML { escapedBytes(bp, attribute: false) }
            }
        }

        mutating func emitStart(_ e: Int, attrsFrom: Int, attrsTo: Int) -> Bool {
            let f = t.flags[e]
            if wantText, f & HTMLFast.fBlock != 0 { space() }
            guard wantHTML, f & HTMLFast.fAllowed != 0 else { return true }
            html.append(0x3C)
            html.append(t.names[e])
            if attrsFrom < attrsTo, !writeAttributes(e, attrsFrom, attrsTo) { return false }
            if f & HTMLFast.fSanVoid != 0 { html.append(0x20); html.append(0x2F); html.append(0x3E) } else { html.append(0x3E) }
            return true
        }

        mutating func emitEnd(_ e: Int) {
            let f = t.flags[e]
            if wantText, f & HTMLFast.fBlock != 0 { space() }
            guard wantHTML, f & HTMLFast.fAllowed != 0, f & HTMLFast.fSanVoid == 0 else { return }
            html.append(0x3C); html.append(0x2F)
            html.append(t.names[e])
            html.append(0x3E)
        }

        /// The implied <p> libxml2 opens for text when nothing is open yet.
        mutating func checkParagraph() {
            guard mode != 2 else { return }
            mode = 2
            guard stack.isEmpty else { return }
            _ = emitStart(t.p, attrsFrom: 0, attrsTo: 0)
            stack.append(t.p)
        }

        // MARK: main loop

        mutating func run() -> Bool {
            let n = p.count
            var i = 0
            while i < n, HTMLFast.isBlank(p[i]) { i += 1 }   // libxml2 skips leading blanks
            var textStart = i
            let special = HTMLFast.textSpecial
            let raw = UnsafeRawPointer(p.baseAddress!)
            while i < n {
                // 8 bytes at a time through plain text (no '<', '&', 0xEF or control character).
                while i + 8 <= n, !HTMLFast.mayStopText(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
                guard i < n else { break }
                let c = p[i]
                if special[Int(c)] == 0 { i += 1; continue }
                if c == 0xEF {
                    if i + 2 < n, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { failAt = i; return false }   // U+FFFE/U+FFFF
                    i += 1; continue
                }
                if c < 0x20 { failAt = i; return false }   // control characters: libxml2 drops them with an error
                // c is '<' or '&': flush the text run first.
                if textStart < i { textRun(textStart, i) }
                if c == 0x26 {
                    guard let next = reference(i) else { failAt = i; return false }
                    i = next
                } else {
                    guard let next = markup(i) else { failAt = i; return false }
                    i = next
                }
                textStart = i
            }
            if textStart < n { textRun(textStart, n) }
            while let e = stack.popLast() { emitEnd(e) }
            return true
        }

        mutating func textRun(_ from: Int, _ to: Int) {
            if mode != 2, stack.isEmpty {
                var blank = true
                for k in from..<to where !HTMLFast.isBlank(p[k]) { blank = false; break }
                // Blank text before '<' or the end is ignorable; anything else opens the implied <p>.
                if !blank || (to < p.count && p[to] != 0x3C) { checkParagraph() }
                else if mode == 0 { return }   // skipped like leading blanks
            }
            chars(from, to)
        }

        /// A numeric reference's value at p[j] (after "&#"), and the index after its ';'; nil when libxml2
        /// would not read it as a character (no digits, no ';', not a valid XML character).
        func charRef(_ j0: Int, _ end: Int) -> (UInt32, Int)? {
            var j = j0
            var hex = false
            if j < end, p[j] | 0x20 == 0x78 { hex = true; j += 1 }
            let s = j
            var v: UInt32 = 0
            while j < end, j - s < 8 {
                let c = p[j]
                if c >= 0x30 && c <= 0x39 { v = v * (hex ? 16 : 10) + UInt32(c - 0x30) }
                else if hex, (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 { v = v * 16 + UInt32((c | 0x20) - 0x61 + 10) }
                else { break }
                j += 1
            }
            guard j > s, j - s < 8, j < end, p[j] == 0x3B else { return nil }
            let valid = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v < 0xD800) || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)
            return valid ? (v, j + 1) : nil
        }

        /// `&…` at i: the index after it, or nil to fall back.
        mutating func reference(_ i: Int) -> Int? {
            let n = p.count
            // A '&' that ends the input: libxml2 keeps it after text ("a &") but drops it after markup
            // ("<p>a</p>&", "a <&") and stops there; left to libxml2 (found by the HTML fuzzer).
            if i + 1 == n { return nil }
            var j = i + 1
            if j < n, p[j] == 0x23 {
                guard let (v, next) = charRef(j + 1, n) else { return nil }
                checkParagraph()
                var out: [UInt8] = []
                EncodingDetection.appendUTF8(v, &out)
                chars(out)
                return next
            }
            checkParagraph()
            // libxml2's htmlParseName: [A-Za-z_:][A-Za-z0-9._:-]*, non-ASCII allowed (we fall back).
            guard j < n, HTMLFast.isLetter(p[j]) || p[j] == 0x5F || p[j] == 0x3A else {
                if j < n, p[j] >= 0x80 { return nil }
                chars(i, i + 1); return j
            }
            let s = j
            while j < n, HTMLFast.isNameChar(p[j]) { j += 1 }
            if j < n, p[j] >= 0x80 { return nil }
            if j < n, p[j] == 0x3B {
                let name = String(decoding: UnsafeBufferPointer(rebasing: p[s..<j]), as: UTF8.self)
                if let v = HTMLFast.entities[name] { chars(v); return j + 1 }
            }
            chars(i, j)   // "&name" as text; a following ';' stays text
            return j
        }

        /// `<…` at i: the index after it, or nil to fall back.
        mutating func markup(_ i: Int) -> Int? {
            let n = p.count
            guard i + 1 < n else { return nil }
            let d = p[i + 1]
            if d == 0x21 {   // <!-- … --> only
                guard i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D else { return nil }
                var j = i + 4
                while j + 2 < n {
                    if p[j] == 0x2D, p[j + 1] == 0x2D, p[j + 2] == 0x3E { return j + 3 }
                    j += 1
                }
                return nil
            }
            if d == 0x2F { return mode == 0 ? nil : endTag(i) }   // libxml2 stops at a leading end tag
            if HTMLFast.isLetter(d) { return startTag(i) }
            if d == 0x5F || d == 0x3A || d == 0x3F || d >= 0x80 { return nil }   // odd names, <?…>
            // '<' that starts no markup: text. Before anything else libxml2 writes it outside the
            // implied <p> that the text after it opens ("<3 Paris": "&lt;<p>3 Paris</p>", text "< 3
            // Paris"): left to libxml2 (found by the HTML fuzzer: the two paths disagreed there).
            if mode != 2, stack.isEmpty { return nil }
            chars(i, i + 1)
            return i + 1
        }

        func elementIndex(_ s: Int, _ e: Int) -> Int? {
            guard let idx = t.index[HTMLFast.lowerKey(p, s, e)], HTMLFast.equalLower(p, s, e, t.names[idx]) else { return nil }
            return idx
        }

        /// The attribute at j (after blanks), nil at the end of the tag; `ok` false when the grammar is
        /// beyond the fast path.
        func attribute(_ j0: Int, _ end: Int, _ ok: inout Bool) -> Attribute? {
            var j = j0
            while j < end, HTMLFast.isBlank(p[j]) { j += 1 }
            guard j < end else { ok = false; return nil }
            if p[j] == 0x3E { return nil }
            if p[j] == 0x2F { if !(j + 1 < end && p[j + 1] == 0x3E) { ok = false }; return nil }
            guard HTMLFast.isLetter(p[j]) || p[j] == 0x5F || p[j] == 0x3A else { ok = false; return nil }
            let ns = j
            while j < end, HTMLFast.isNameChar(p[j]) { j += 1 }
            guard j < end, p[j] < 0x80 else { ok = false; return nil }
            var a = Attribute(nameStart: ns, nameEnd: j, next: j)
            var k = j
            while k < end, HTMLFast.isBlank(p[k]) { k += 1 }
            guard k < end else { ok = false; return nil }
            if p[k] == 0x3D {
                k += 1
                while k < end, HTMLFast.isBlank(p[k]) { k += 1 }
                guard k < end else { ok = false; return nil }
                let q = p[k]
                if q == 0x22 || q == 0x27 {
                    k += 1
                    let vs = k
                    while k < end, p[k] != q { k += 1 }
                    guard k < end else { ok = false; return nil }
                    a.valueStart = vs; a.valueEnd = k; a.next = k + 1
                } else {
                    let vs = k
                    while k < end, !HTMLFast.isBlank(p[k]), p[k] != 0x3E { k += 1 }
                    guard k < end, k > vs else { ok = false; return nil }
                    a.valueStart = vs; a.valueEnd = k; a.next = k
                }
            }
            return a
        }

        mutating func startTag(_ i: Int) -> Int? {
            let n = p.count
            var j = i + 1
            let ns = j
            while j < n, HTMLFast.isNameChar(p[j]) { j += 1 }
            guard j < n, p[j] < 0x80, let e = elementIndex(ns, j) else { return nil }
            // Attributes: only a grammar libxml2 reads the same way.
            let attrsFrom = j
            var ok = true
            while let a = attribute(j, n, &ok) { j = a.next }
            guard ok else { return nil }
            while HTMLFast.isBlank(p[j]) { j += 1 }
            let selfClose = p[j] == 0x2F
            let attrsTo = j
            let after = selfClose ? j + 2 : j + 1
            let f = t.flags[e]
            // libxml2: implied <html>/<head>/<body>, then the start tags that close the open element.
            if mode == 0 { mode = f & HTMLFast.fRaw != 0 ? 1 : 2 }
            else if mode == 1, stack.isEmpty, f & HTMLFast.fRaw == 0 { return nil }
            while let top = stack.last, t.closes[e * count + top] { stack.removeLast(); emitEnd(top) }
            guard emitStart(e, attrsFrom: attrsFrom, attrsTo: attrsTo) else { return nil }
            if selfClose || f & HTMLFast.fEmpty != 0 { emitEnd(e); return after }
            stack.append(e)
            guard f & HTMLFast.fRaw != 0 else { return after }
            // Raw text up to "</name" (any case); the end tag itself is read normally.
            var k = after
            let nm = t.names[e]
            while k < n {
                if p[k] == 0x3C, k + 1 + nm.count < n, p[k + 1] == 0x2F {
                    var same = true
                    for (o, c) in nm.enumerated() where p[k + 2 + o] | 0x20 != c { same = false; break }
                    if same { break }
                }
                k += 1
            }
            return k
        }

        mutating func endTag(_ i: Int) -> Int? {
            let n = p.count
            var j = i + 2
            guard j < n, HTMLFast.isLetter(p[j]) else { return nil }
            let ns = j
            while j < n, HTMLFast.isNameChar(p[j]) { j += 1 }
            guard j < n, p[j] < 0x80, let e = elementIndex(ns, j) else { return nil }
            while j < n, HTMLFast.isBlank(p[j]) { j += 1 }
            guard j < n, p[j] == 0x3E else { return nil }
            if t.flags[e] & HTMLFast.fEmpty != 0 { return j + 1 }   // never open (libxml2 closes them at once): ignored
            // libxml2's htmlAutoCloseOnClose: close what is open inside, unless something of higher
            // priority is in the way; an end tag with no open element of its name is ignored.
            guard let at = stack.lastIndex(of: e) else { return j + 1 }
            let prio = t.priority[e]
            for k in stack[(at + 1)...] where t.priority[k] > prio { return j + 1 }
            while stack.count > at + 1 { emitEnd(stack.removeLast()) }
            stack.removeLast()
            emitEnd(e)
            return j + 1
        }

        // MARK: attributes (sanitised HTML only)

        /// Decoded attribute value (libxml2's rules), nil to fall back.
        func attributeValue(_ s: Int, _ e: Int) -> [UInt8]? {
            var out: [UInt8] = []
            out.reserveCapacity(e - s)
            var k = s
            while k < e {
                let c = p[k]
                if c != 0x26 { out.append(c); k += 1; continue }
                var j = k + 1
                if j < e, p[j] == 0x23 {
                    guard let (v, next) = charRef(j + 1, e) else { return nil }
                    EncodingDetection.appendUTF8(v, &out)
                    k = next
                    continue
                }
                guard j < e, HTMLFast.isLetter(p[j]) || p[j] == 0x5F || p[j] == 0x3A else {
                    if j < e, p[j] >= 0x80 { return nil }
                    out.append(0x26); k = j; continue
                }
                let st = j
                while j < e, HTMLFast.isNameChar(p[j]) { j += 1 }
                if j < e, p[j] >= 0x80 { return nil }
                if j < e, p[j] == 0x3B,
                   let v = HTMLFast.entities[String(decoding: UnsafeBufferPointer(rebasing: p[st..<j]), as: UTF8.self)] {
                    out.append(contentsOf: v); k = j + 1; continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[k..<j]))
                k = j
            }
            return out
        }

        func sameName(_ a: Attribute, _ b: Attribute) -> Bool {
            guard a.nameEnd - a.nameStart == b.nameEnd - b.nameStart else { return false }
            for k in 0..<(a.nameEnd - a.nameStart) {
                let x = p[a.nameStart + k], y = p[b.nameStart + k]
                if (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) != (y >= 0x41 && y <= 0x5A ? y | 0x20 : y) { return false }
            }
            return true
        }

        mutating func writeAttributes(_ e: Int, _ from: Int, _ to: Int) -> Bool {
            // The names seen so far in this tag, for the duplicate check without parsing the tag again.
            withUnsafeTemporaryAllocation(of: Attribute.self, capacity: 16) { seen in
                writeAttributes(e, from, to, seen: seen)
            }
        }

        mutating func writeAttributes(_ e: Int, _ from: Int, _ to: Int, seen: UnsafeMutableBufferPointer<Attribute>) -> Bool {
            var j = from
            var ok = true
            var nSeen = 0
            while let a = attribute(j, p.count, &ok) {
                j = a.next
                // libxml2 keeps the first of duplicated attributes…
                var dup = false
                for q in 0..<nSeen where sameName(a, seen[q]) { dup = true; break }
                if !dup, nSeen == seen.count {
                    // More attributes than remembered: look at the rest of the tag again.
                    var k = seen[nSeen - 1].next
                    while let b = attribute(k, p.count, &ok), b.nameStart < a.nameStart {
                        if sameName(a, b) { dup = true; break }
                        k = b.next
                    }
                }
                if dup { continue }
                if nSeen < seen.count { seen[nSeen] = a; nSeen += 1 }
                // …and hands over a NULL value for one without value, where the walk stops.
                guard a.valueStart >= 0 else { break }
                guard let info = t.attrIndex[HTMLFast.lowerKey(p, a.nameStart, a.nameEnd)],
                      HTMLFast.equalLower(p, a.nameStart, a.nameEnd, info.name) else { continue }
                if info.flags & 6 == 0 {
                    html.append(0x20); html.append(info.name); html.append(0x3D); html.append(0x22)
                    var hasRef = false
                    for k in a.valueStart..<a.valueEnd where p[k] == 0x26 { hasRef = true; break }
                    if hasRef {
                        guard let v = attributeValue(a.valueStart, a.valueEnd) else { return false }
                        v.withUnsafeBufferPointer { escapedBytes($0, attribute: true) }
                    } else {
                        escaped(a.valueStart, a.valueEnd, attribute: true)
                    }
                    html.append(0x22)
                    continue
                }
                guard let v = attributeValue(a.valueStart, a.valueEnd) else { return false }
                let key = String(decoding: info.name, as: UTF8.self)
                let element = String(decoding: t.names[e], as: UTF8.self)
                let value = String(decoding: v, as: UTF8.self)
                let out: String
                if info.flags & 2 != 0 {
                    guard let safe = HTMLSanitizer.safeURL(value, attribute: key, element: element, base: base) else { continue }
                    out = safe
                } else {
                    out = HTMLSanitizer.safeSrcset(value, element: element, base: base)
                }
                html.append(0x20); html.append(info.name); html.append(0x3D); html.append(0x22)
                var o = out
                o.withUTF8 { escapedBytes($0, attribute: true) }
                html.append(0x22)
            }
            return ok
        }
    }
}
