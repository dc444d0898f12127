import Foundation
import TextFormats

/// One article, one URL: the same piece reaches us as `http://www.x.fr/a/?utm_source=rss#top`,
/// `https://x.fr/a`, `https://x.fr/a/amp` and through Google's AMP cache. Canonical forms compare
/// equal, so the copy joins its original's story (reason `.sameURL`) before any text analysis.
public enum CanonicalURL {
    /// Query parameters that only track the reader (never select content).
    static let trackerNames: Set<String> = [
        "xtor", "xts", "xtref", "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "twclid",
        "ttclid", "li_fat_id", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "hsctatracking", "ref", "ref_src",
        "ref_url", "referrer", "source", "cmpid", "camp", "campaign", "ito", "icid", "ocid", "origin",
        "feed_id", "rss", "amp", "amp_js_v", "amp_gsa", "usqp", "outputtype", "sr_share", "share", "partner",
        "s_cid", "wt.mc_id", "ncid", "soc_src", "soc_trk", "oref", "spm", "vero_id", "_openstat",
    ]
    static let trackerPrefixes = ["utm_", "at_", "mc_", "pk_", "piwik_", "matomo_", "mtm_", "ns_", "oly_", "hmb_", "vgo_", "fb_", "ga_", "int_"]

    public static func canonicalize(_ url: String) -> String {
        // Trim only when needed: Foundation's trimming was a visible cost per item.
        let isSpace: (UInt8) -> Bool = { $0 == 32 || ($0 >= 9 && $0 <= 13) }
        var text = url.utf8.first.map(isSpace) == true || url.utf8.last.map(isSpace) == true
            ? url.trimmingCharacters(in: .whitespacesAndNewlines) : url
        if text.isEmpty { return "" }
        if text.hasPrefix("//") { text = "https:" + text }
        guard let components = URLComponents(string: text),
              let rawHost = URLHost.plain(text).map(String.init) ?? components.host, !rawHost.isEmpty else {
            return text.lowercased()
        }
        let scheme = (components.scheme ?? "https").lowercased()
        guard scheme == "http" || scheme == "https" else { return text }

        var host = rawHost.lowercased()
        var path = components.percentEncodedPath

        // Google's AMP viewer and the AMP cache wrap the real URL: unwrap them first.
        if (host == "www.google.com" || host == "google.com"), path.hasPrefix("/amp/") {
            var inner = String(path.dropFirst("/amp/".count))
            if inner.hasPrefix("s/") { inner = String(inner.dropFirst(2)) }
            return canonicalize("https://" + inner + (components.percentEncodedQuery.map { "?" + $0 } ?? ""))
        }
        if host.hasSuffix(".cdn.ampproject.org") {
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            if let sIndex = parts.firstIndex(of: "s"), sIndex + 1 < parts.count {
                return canonicalize("https://" + parts[(sIndex + 1)...].joined(separator: "/"))
            }
        }

        for prefix in ["www.", "www1.", "www2.", "m.", "mobile.", "amp."] where host.hasPrefix(prefix) {
            let rest = host.dropFirst(prefix.count)
            if rest.utf8.contains(46) { host = String(rest) }   // "."; utf8: Foundation's contains is slow
            break
        }
        if host.hasSuffix(".") { host.removeLast() }
        let port: String
        if let p = components.port, !(p == 80 || p == 443) { port = ":\(p)" } else { port = "" }

        // AMP forms of the article path: /amp/…, …/amp, ….amp.html, ?amp=1 (the query case below).
        if path.hasPrefix("/amp/") { path = String(path.dropFirst(4)) }
        for suffix in ["/amp/", "/amp"] where path.hasSuffix(suffix) {
            path = String(path.dropLast(suffix.count))
            break
        }
        if path.hasSuffix(".amp.html") { path = String(path.dropLast(".amp.html".count)) + ".html" }
        if path.hasSuffix(".amp") { path = String(path.dropLast(4)) }
        while path.hasSuffix("/") { path.removeLast() }
        while zip(path.utf8, path.utf8.dropFirst()).contains(where: { $0 == 47 && $1 == 47 }) { path = path.replacingOccurrences(of: "//", with: "/") }

        var kept: [String] = []
        if let query = components.percentEncodedQuery, !query.isEmpty {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                let name = pair.split(separator: "=", maxSplits: 1).first.map { String($0).lowercased() } ?? ""
                if name.isEmpty || trackerNames.contains(name) || trackerPrefixes.contains(where: { name.hasPrefix($0) }) { continue }
                kept.append(String(pair))
            }
        }
        // Parameter order never selects content; a stable order makes equal URLs equal strings.
        kept.sort()
        var result = "https://" + host + port + path
        if !kept.isEmpty { result += "?" + kept.joined(separator: "&") }
        return result
    }
}
