internal import CLibXML2

/// The attributes of one start tag, read in place from libxml2's SAX2 array (5 pointers each: local name,
/// prefix, URI, value start, value end). Nothing is copied or allocated until a value is asked for,
/// and only the few attributes the feed elements use ever are.
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// `name` as the reader's dictionary used to see it: the unprefixed attribute if there is one,
    /// else the first prefixed one of that local name (`<link atom:href>`); `xml:*` never counts.
    subscript(_ name: StaticString) -> String? {
        guard count > 0, let base else { return nil }
        var prefixed: String?
        var unprefixed: String?
        for i in 0..<count {
            let p = base + i * 5
            guard let local = p[0], Self.equals(local, name) else { continue }
            if let prefix = p[1] {
                if prefixed == nil, !Self.isXML(prefix) { prefixed = Self.value(p) }
            } else {
                unprefixed = Self.value(p)   // the last one wins, as in a dictionary
            }
        }
        return unprefixed ?? prefixed
    }

    /// `prefix:name` (`rdf:about`).
    func value(prefix: StaticString, _ name: StaticString) -> String? {
        guard count > 0, let base else { return nil }
        var found: String?
        for i in 0..<count {
            let p = base + i * 5
            if let local = p[0], let pre = p[1], Self.equals(local, name), Self.equals(pre, prefix) { found = Self.value(p) }
        }
        return found
    }

    /// `xml:base` and `xml:lang`, which the reader tracks itself.
    func xml(_ name: StaticString) -> String? {
        guard count > 0, let base else { return nil }
        var found: String?
        for i in 0..<count {
            let p = base + i * 5
            if let local = p[0], let pre = p[1], Self.isXML(pre), Self.equals(local, name) { found = Self.value(p) }
        }
        return found
    }

    /// Whether any attribute has the `xml` prefix (cheap test before looking for xml:base/xml:lang).
    var hasXMLAttribute: Bool {
        guard count > 0, let base else { return false }
        for i in 0..<count { if let pre = base[i * 5 + 1], Self.isXML(pre) { return true } }
        return false
    }

    @inline(__always) static func isXML(_ p: UnsafePointer<xmlChar>) -> Bool {
        p[0] == 0x78 && p[1] == 0x6D && p[2] == 0x6C && p[3] == 0
    }

    /// NUL-terminated `p` equals `s` byte for byte.
    @inline(__always) static func equals(_ p: UnsafePointer<xmlChar>, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        let q = s.utf8Start
        for k in 0..<n where p[k] != q[k] { return false }
        return p[n] == 0
    }

    /// An attribute value as libxml2 hands it over without entity substitution: `&` stays `&#38;`.
    static func value(_ p: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) -> String {
        guard let vs = p[3], let ve = p[4] else { return "" }
        let b = UnsafeBufferPointer(start: vs, count: ve - vs)
        guard b.contains(0x26) else { return String(decoding: b, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == 0x26, i + 4 < b.count, b[i + 1] == 0x23, b[i + 2] == 0x33, b[i + 3] == 0x38, b[i + 4] == 0x3B {
                out.append(0x26); i += 5
            } else { out.append(b[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
