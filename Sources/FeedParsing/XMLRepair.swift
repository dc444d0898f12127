import Glibc

/// A single pass over the UTF-8 document, before libxml2 sees it, that fixes what real feeds get wrong
/// and libxml2's recovery mode would otherwise lose (it drops an undeclared entity, a bare `&` and the
/// text after a stray `<`, and stops at a control character):
/// - HTML named entities (`&eacute;`, `&nbsp;`, `&rsquo;`, the whole HTML5 table) become the characters;
/// - a bare `&` or an unknown entity becomes `&amp;` (the text shows what the author wrote);
/// - a `<` that cannot start markup becomes `&lt;`;
/// - C0 control characters and references to invalid characters are dropped;
/// - `&amp;`, `&lt;`… become numeric references: after its first well-formedness error libxml2 (2.9)
///   silently drops every entity reference, but never a character reference;
/// - end tags are balanced: an element left open (`<p>` in unescaped HTML) is closed before its parent's
///   end tag, a stray end tag is dropped, and what is open at the end is closed. libxml2's recovery
///   instead closes the wrong element and shifts the rest of the document.
/// CDATA sections, comments, processing instructions and the DOCTYPE are copied untouched (entities
/// declared in the internal subset are left for libxml2). Newlines are never added or removed, so
/// libxml2's line numbers stay right. The document is only copied when something needs fixing.
enum XMLRepair {
    struct Result {
        /// nil when the document needed no change.
        var bytes: [UInt8]?
        var warnings: [String]
    }

    static func repair(_ d: [UInt8]) -> Result {
        var r = Repairer(count: d.count)
        d.withUnsafeBufferPointer { r.run($0) }
        return Result(bytes: r.changed ? r.out : nil, warnings: r.warnings)
    }

    /// Bytes the main loop must look at: & < > " ' and C0 controls other than tab, LF, CR.
    private static let special: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for c in [0x26, 0x3C, 0x3E, 0x22, 0x27] { t[c] = 1 }
        for c in 0..<0x20 where c != 0x09 && c != 0x0A && c != 0x0D { t[c] = 1 }
        return t
    }()

    static let ampRef = Array("&#38;".utf8), ltRef = Array("&#60;".utf8), gtRef = Array("&#62;".utf8)
    static let quotRef = Array("&#34;".utf8), aposRef = Array("&#39;".utf8)
    static let ampText = Array("&amp;".utf8), ltText = Array("&lt;".utf8)
    static let commentEnd = Array("-->".utf8), cdataEnd = Array("]]>".utf8), piEnd = Array("?>".utf8)

    /// Every HTML5 named entity as the UTF-8 bytes that replace it in XML (markup characters as numeric
    /// references).
    static let entityBytes: [String: [UInt8]] = {
        var d = [String: [UInt8]](minimumCapacity: HTMLEntities.table.count)
        for (name, value) in HTMLEntities.table {
            var bytes: [UInt8] = []
            for u in value.unicodeScalars {
                switch u {
                case "<", "&", ">", "\"", "'": bytes += Array("&#\(u.value);".utf8)
                default: EncodingDetection.appendUTF8(u.value, &bytes)
                }
            }
            d[name] = bytes
        }
        return d
    }()

    private struct Repairer {
        var out: [UInt8] = []
        var changed = false
        var copiedUpTo = 0
        var warnings: [String] = []
        var warnedKinds: Set<String> = []
        var declared: Set<String> = []
        /// Line numbers are counted only when a warning needs one (newlines are never added or removed).
        var line = 1
        var lineCountedTo = 0
        var src: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
        let count: Int
        /// Open elements: (offset of the name, length) in the input.
        var open: [(Int, Int)] = []
        var tagNameStart = 0, tagNameLength = 0
        var tagIsEnd = false
        /// After a dropped stray end tag: input before this offset is already consumed.
        var strayEndUntil = -1

        init(count: Int) { self.count = count }

        mutating func warn(_ kind: String, _ text: String, at pos: Int) {
            guard !warnedKinds.contains(kind) else { return }
            warnedKinds.insert(kind)
            let upTo = min(pos, src.count)
            if upTo > lineCountedTo {
                for k in lineCountedTo..<upTo where src[k] == 0x0A { line += 1 }
                lineCountedTo = upTo
            }
            warnings.append("line \(line): \(text)")
        }

        /// Replaces p[at..<at+length] by `with`.
        mutating func replace(_ p: UnsafeBufferPointer<UInt8>, _ at: Int, _ length: Int, with: [UInt8]) {
            if !changed { changed = true; out.reserveCapacity(count + 256) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copiedUpTo..<at]))
            out.append(contentsOf: with)
            copiedUpTo = at + length
        }

        /// Whether one of the 8 bytes of `w` is & < > " ' or below 0x20 (exact, branch-free).
        @inline(__always) static func hasSpecial(_ w: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
            let below20 = (w &- 0x2020_2020_2020_2020) & ~w & high
            return (below20 | zeroByte(w ^ (0x26 &* ones)) | zeroByte(w ^ (0x3C &* ones)) | zeroByte(w ^ (0x3E &* ones))
                    | zeroByte(w ^ (0x22 &* ones)) | zeroByte(w ^ (0x27 &* ones))) != 0
        }

        @inline(__always) static func isNameStart(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x3A || c >= 0x80
        }
        @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
        }

        /// Index just after `needle` at or after `from`, or the end; counts newlines on the way.
        mutating func skip(_ p: UnsafeBufferPointer<UInt8>, from: Int, until needle: [UInt8]) -> Int {
            var i = from
            let n = p.count
            let first = needle[0]
            while i < n {
                let c = p[i]
                if c != first && c >= 0x20 { i += 1; continue }
                if c < 0x20 {
                    if c != 0x0A && c != 0x09 && c != 0x0D {
                        // Control characters are invalid in CDATA sections and comments too.
                        warn("control", "control character dropped", at: i)
                        replace(p, i, 1, with: [])
                    }
                    i += 1; continue
                }
                if i + needle.count <= n {
                    var ok = true
                    for k in 1..<needle.count where p[i + k] != needle[k] { ok = false; break }
                    if ok { return i + needle.count }
                }
                i += 1
            }
            return n
        }

        /// `<!DOCTYPE …[ … ]>`: skipped whole; the names of `<!ENTITY name` are remembered.
        mutating func skipDoctype(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
            var i = from
            var bracket = 0
            var quote: UInt8 = 0
            while i < p.count {
                let c = p[i]
                if quote != 0 { if c == quote { quote = 0 } }
                else if c == 0x22 || c == 0x27 { quote = c }
                else if c == 0x5B { bracket += 1 }
                else if c == 0x5D { bracket -= 1 }
                else if c == 0x3E && bracket <= 0 { return i + 1 }
                else if c == 0x3C, i + 8 < p.count, p[i + 1] == 0x21, p[i + 2] == 0x45, p[i + 3] == 0x4E,
                        p[i + 4] == 0x54, p[i + 5] == 0x49, p[i + 6] == 0x54, p[i + 7] == 0x59 {
                    var j = i + 8
                    while j < p.count, p[j] == 0x20 || p[j] == 0x09 || p[j] == 0x0A || p[j] == 0x0D { j += 1 }
                    let s = j
                    while j < p.count, Self.isAlnum(p[j]) || p[j] == 0x5F || p[j] == 0x2D || p[j] == 0x2E { j += 1 }
                    if j > s { declared.insert(String(decoding: UnsafeBufferPointer(rebasing: p[s..<j]), as: UTF8.self)) }
                }
                i += 1
            }
            return p.count
        }

        /// `&` at i: returns the index after what was consumed.
        mutating func ampersand(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
            let n = p.count
            var j = i + 1
            if j < n, p[j] == 0x23 {   // &#…
                j += 1
                var hex = false
                if j < n, p[j] | 0x20 == 0x78 { hex = true; j += 1 }
                let s = j
                var v: UInt32 = 0
                while j < n, j - s < 8 {
                    let c = p[j]
                    if c >= 0x30 && c <= 0x39 { v = v &* (hex ? 16 : 10) &+ UInt32(c - 0x30) }
                    else if hex, (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 { v = v &* 16 &+ UInt32((c | 0x20) - 0x61 + 10) }
                    else { break }
                    j += 1
                }
                guard j > s else {
                    warn("amp", "bare '&' read as text", at: i)
                    replace(p, i, 1, with: XMLRepair.ampText); return i + 1
                }
                let hasSemi = j < n && p[j] == 0x3B
                let end = hasSemi ? j + 1 : j
                let valid = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v < 0xD800) || (v >= 0xE000 && v <= 0x10FFFF && v != 0xFFFE && v != 0xFFFF)
                if !valid {
                    warn("charref", "invalid character reference dropped", at: i)
                    replace(p, i, end - i, with: [])
                } else if !hasSemi {
                    replace(p, i, end - i, with: Array("&#\(v);".utf8))
                }
                return end
            }
            let s = j
            while j < n, j - s <= 32, Self.isAlnum(p[j]) { j += 1 }
            if j > s, j < n, p[j] == 0x3B {
                // The predefined five first, without building a String (most references are these).
                let len = j - s
                if len >= 2, len <= 4 {
                    let c0 = p[s], c1 = p[s + 1]
                    var ref: [UInt8]?
                    if len == 3, c0 == 0x61, c1 == 0x6D, p[s + 2] == 0x70 { ref = XMLRepair.ampRef }
                    else if len == 2, c1 == 0x74, c0 == 0x6C { ref = XMLRepair.ltRef }
                    else if len == 2, c1 == 0x74, c0 == 0x67 { ref = XMLRepair.gtRef }
                    else if len == 4, c0 == 0x71, c1 == 0x75, p[s + 2] == 0x6F, p[s + 3] == 0x74 { ref = XMLRepair.quotRef }
                    else if len == 4, c0 == 0x61, c1 == 0x70, p[s + 2] == 0x6F, p[s + 3] == 0x73 { ref = XMLRepair.aposRef }
                    if let ref { replace(p, i, j + 1 - i, with: ref); return j + 1 }
                }
                let name = String(decoding: UnsafeBufferPointer(rebasing: p[s..<j]), as: UTF8.self)
                if declared.contains(name) { return j + 1 }
                if let bytes = XMLRepair.entityBytes[name] {
                    replace(p, i, j + 1 - i, with: bytes)
                    return j + 1
                }
                warn("entity", "unknown entity &\(name); kept as text", at: i)
                replace(p, i, 1, with: XMLRepair.ampText)
                return i + 1
            }
            warn("amp", "bare '&' read as text", at: i)
            replace(p, i, 1, with: XMLRepair.ampText)
            return i + 1
        }

        mutating func run(_ p: UnsafeBufferPointer<UInt8>) {
            let n = p.count
            var i = 0
            var inTag = false
            var quote: UInt8 = 0
            src = p
            let special = XMLRepair.special
            guard n > 0, let start = p.baseAddress else { return }
            let base = UnsafeRawPointer(start)
            while i < n {
                // 8 bytes at a time while none is special (& < > " ' or below 0x20).
                while i + 8 <= n {
                    let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if Self.hasSpecial(w) { break }
                    i += 8
                }
                guard i < n else { break }
                let c = p[i]
                if special[Int(c)] == 0 { i += 1; continue }   // fast path: most bytes need nothing
                switch c {
                case 0x26:   // &
                    i = ampersand(p, i)
                case 0x3C:   // <
                    if inTag {
                        if quote != 0 { replace(p, i, 1, with: XMLRepair.ltText) }
                        i += 1; continue
                    }
                    guard i + 1 < n else { replace(p, i, 1, with: XMLRepair.ltText); i += 1; continue }
                    let d = p[i + 1]
                    if d == 0x21 {   // <!
                        if i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D { i = skip(p, from: i + 4, until: XMLRepair.commentEnd); continue }
                        if i + 8 < n, p[i + 2] == 0x5B, p[i + 3] == 0x43, p[i + 8] == 0x5B { i = skip(p, from: i + 9, until: XMLRepair.cdataEnd); continue }
                        if i + 8 < n, p[i + 2] | 0x20 == 0x64, p[i + 3] | 0x20 == 0x6F, p[i + 4] | 0x20 == 0x63 { i = skipDoctype(p, from: i + 2); continue }
                        i = skip(p, from: i + 2, until: [0x3E]); continue
                    }
                    if d == 0x3F { i = skip(p, from: i + 2, until: XMLRepair.piEnd); continue }
                    if d == 0x2F || Self.isNameStart(d) {
                        inTag = true; quote = 0
                        tagIsEnd = d == 0x2F
                        var j = tagIsEnd ? i + 2 : i + 1
                        tagNameStart = j
                        while j < n, !(p[j] == 0x20 || p[j] == 0x09 || p[j] == 0x0A || p[j] == 0x0D || p[j] == 0x3E || p[j] == 0x2F) { j += 1 }
                        tagNameLength = j - tagNameStart
                        if tagIsEnd {
                            balanceEndTag(p, at: i)
                            if strayEndUntil > i { i = strayEndUntil; strayEndUntil = -1; inTag = false; continue }
                        }
                        i += 1; continue
                    }
                    warn("lt", "stray '<' read as text", at: i)
                    replace(p, i, 1, with: XMLRepair.ltText)
                    i += 1
                case 0x3E:   // >
                    if inTag, quote == 0 {
                        inTag = false
                        if !tagIsEnd, !(i > 0 && p[i - 1] == 0x2F), tagNameLength > 0 { open.append((tagNameStart, tagNameLength)) }
                    }
                    i += 1
                case 0x22, 0x27:
                    if inTag { if quote == 0 { quote = c } else if quote == c { quote = 0 } }
                    i += 1
                default:
                    if c < 0x20, c != 0x09, c != 0x0D {
                        warn("control", "control character dropped", at: i)
                        replace(p, i, 1, with: [])
                    }
                    i += 1
                }
            }
            if !open.isEmpty, !inTag {
                var closing: [UInt8] = []
                for (s, l) in open.reversed() { closing += [0x3C, 0x2F] + Array(UnsafeBufferPointer(rebasing: p[s..<(s + l)])) + [0x3E] }
                replace(p, n, 0, with: closing)
            }
            if changed { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copiedUpTo..<n])) }
        }

        func sameName(_ p: UnsafeBufferPointer<UInt8>, _ a: (Int, Int), _ bStart: Int, _ bLen: Int) -> Bool {
            guard a.1 == bLen else { return false }
            return memcmp(p.baseAddress! + a.0, p.baseAddress! + bStart, bLen) == 0
        }

        /// `</name` at `at`: close what was left open inside `name`, or drop a stray end tag.
        mutating func balanceEndTag(_ p: UnsafeBufferPointer<UInt8>, at: Int) {
            if let top = open.last, sameName(p, top, tagNameStart, tagNameLength) { open.removeLast(); return }
            guard let k = open.lastIndex(where: { sameName(p, $0, tagNameStart, tagNameLength) }) else {
                // Stray end tag: neutralise it by renaming it into a comment-like no-op is not possible in
                // place, so drop the whole tag (up to its '>').
                var j = at
                while j < p.count, p[j] != 0x3E { j += 1 }
                warn("stray-end", "end tag without a start tag dropped", at: at)
                replace(p, at, min(j + 1, p.count) - at, with: [])
                strayEndUntil = min(j + 1, p.count)
                return
            }
            var closing: [UInt8] = []
            for (s, l) in open[(k + 1)...].reversed() { closing += [0x3C, 0x2F] + Array(UnsafeBufferPointer(rebasing: p[s..<(s + l)])) + [0x3E] }
            warn("unclosed", "unclosed element closed before its parent's end tag", at: at)
            replace(p, at, 0, with: closing)
            open.removeSubrange(k...)
        }
    }
}
