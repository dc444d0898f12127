/// Relative reference resolution (RFC 3986 §5.2) on strings, with Python's `urljoin` conventions that
/// feedparser follows: a base whose scheme is not hierarchical (`tag:`, `urn:`, `mailto:`) leaves the
/// reference alone, and no base at all leaves it relative. Foundation's URL is avoided: it rejects
/// or re-encodes the sloppy URLs feeds carry, and it is slow for one call per link.
public enum URLResolution {
    static let hierarchical: Set<String> = ["", "http", "https", "ftp", "file", "gopher", "nntp", "imap", "wais", "shttp",
        "mms", "prospero", "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"]

    struct Parts {
        var scheme: String?
        var authority: String?
        var path: Substring
        var query: Substring?
        var fragment: Substring?
    }

    static func split(_ s: String) -> Parts {
        var rest = Substring(s)
        var scheme: String?
        if let colon = rest.firstIndex(of: ":"), colon != rest.startIndex {
            let cand = rest[..<colon]
            if let f = cand.first, f.isASCII, f.isLetter,
               cand.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) {
                scheme = cand.lowercased()
                rest = rest[rest.index(after: colon)...]
            }
        }
        var fragment: Substring?
        if let h = rest.firstIndex(of: "#") { fragment = rest[rest.index(after: h)...]; rest = rest[..<h] }
        var query: Substring?
        if let q = rest.firstIndex(of: "?") { query = rest[rest.index(after: q)...]; rest = rest[..<q] }
        var authority: String?
        if rest.hasPrefix("//") {
            let a = rest.dropFirst(2)
            let end = a.firstIndex(of: "/") ?? a.endIndex
            authority = String(a[..<end])
            rest = a[end...]
        }
        return Parts(scheme: scheme, authority: authority, path: rest, query: query, fragment: fragment)
    }

    /// `ref` resolved against `base`; `ref` unchanged when there is no usable base.
    public static func resolve(_ ref: String, against base: String?) -> String {
        let ref = ref.trimmingCharactersASCIIWhitespace()
        guard let base, !base.isEmpty else { return ref }
        if ref.isEmpty { return base }
        // Fast path, by far the most common case: an absolute http(s) URL is its own resolution.
        if let scheme = absoluteScheme(ref), scheme == "http" || scheme == "https" || scheme != schemePrefix(base) { return ref }
        let b = split(base)
        guard hierarchical.contains(b.scheme ?? "") else { return ref }
        let r = split(ref)
        if let rs = r.scheme {
            if rs != (b.scheme ?? "") || !hierarchical.contains(rs) { return ref }
        }
        var out = Parts(scheme: b.scheme, authority: nil, path: "", query: nil, fragment: r.fragment)
        if let ra = r.authority {
            out.authority = ra
            out.path = Substring(removeDotSegments(r.path))
            out.query = r.query
        } else {
            out.authority = b.authority
            if r.path.isEmpty {
                out.path = b.path
                out.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    out.path = Substring(removeDotSegments(r.path))
                } else {
                    let merged: String
                    if b.authority != nil && b.path.isEmpty { merged = "/" + r.path }
                    else if let slash = b.path.lastIndex(of: "/") { merged = String(b.path[...slash]) + r.path }
                    else { merged = String(r.path) }
                    out.path = Substring(removeDotSegments(Substring(merged)))
                }
                out.query = r.query
            }
        }
        var s = ""
        if let sc = out.scheme { s += sc + ":" }
        if let a = out.authority { s += "//" + a }
        s += out.path
        if let q = out.query { s += "?" + q }
        if let f = out.fragment { s += "#" + f }
        return s
    }

    /// "http" for "http://…" (ASCII-lowercased), nil when `s` has no scheme.
    static func absoluteScheme(_ s: String) -> String? {
        var n = 0
        for b in s.utf8 {
            if b == 0x3A { break }
            let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            let ok = letter || (n > 0 && ((b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E))
            if !ok { return nil }
            n += 1
        }
        guard n > 0, n < s.utf8.count else { return nil }
        let scheme = s.utf8.prefix(n)
        if scheme.allSatisfy({ $0 >= 0x61 }) { return String(decoding: scheme, as: UTF8.self) }
        return String(decoding: scheme, as: UTF8.self).lowercased()
    }

    static func schemePrefix(_ s: String) -> String { absoluteScheme(s) ?? "" }

    static func removeDotSegments(_ path: Substring) -> String {
        guard path.utf8.contains(0x2E) else { return String(path) }
        var output: [Substring] = []
        let absolute = path.hasPrefix("/")
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (i, seg) in segments.enumerated() {
            if i == 0 && absolute { continue }
            let last = i == segments.count - 1
            if seg == "." { if last { output.append("") }; continue }
            if seg == ".." {
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
                continue
            }
            output.append(seg)
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }
}
