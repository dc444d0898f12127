import Foundation
internal import CLibXML2

/// Feed autodiscovery in an HTML page: `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json"
/// href title>`, in page order, resolved against `<base href>` or the page URL. Read with libxml2's HTML
/// parser (SAX, no tree), which copes with any tag soup.
public enum FeedDiscovery {
    static let feedTypes: Set<String> = ["application/rss+xml", "application/atom+xml", "application/feed+json",
                                         "application/rdf+xml", "application/json", "application/x.atom+xml", "text/xml", "application/xml"]

    public static func alternates(inHTML html: [UInt8], baseURL: URL?) -> [DiscoveredFeed] {
        LibXML.ensureReady()
        guard !html.isEmpty else { return [] }
        final class Collector {
            var base: String?
            var found: [DiscoveredFeed] = []
            var seen: Set<String> = []
            init(base: String?) { self.base = base }
        }
        let collector = Collector(base: baseURL?.absoluteString)
        var sax = htmlSAXHandler()
        sax.initialized = 0xDEEDBEAF   // XML_SAX2_MAGIC: lets serror below be used
        sax.startElement = { ctx, namePtr, atts in
            guard let ctx, let namePtr else { return }
            let c = Unmanaged<Collector>.fromOpaque(ctx).takeUnretainedValue()
            let name = String(cString: namePtr).lowercased()
            guard name == "link" || name == "base", var a = atts else { return }
            var attrs: [String: String] = [:]
            while let k = a.pointee {
                let v = (a + 1).pointee.map { String(cString: $0) } ?? ""
                attrs[String(cString: k).lowercased()] = v
                a += 2
            }
            if name == "base" {
                if let href = attrs["href"], !href.isEmpty { c.base = URLResolution.resolve(href, against: c.base) }
                return
            }
            let rels = (attrs["rel"] ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            let type = (attrs["type"] ?? "").lowercased().split(separator: ";").first.map { String($0).trimmingCharactersASCIIWhitespace() } ?? ""
            guard rels.contains("alternate"), FeedDiscovery.feedTypes.contains(type),
                  let href = attrs["href"]?.trimmingCharactersASCIIWhitespace(), !href.isEmpty else { return }
            let url = URLResolution.resolve(href, against: c.base)
            guard c.seen.insert(url).inserted else { return }
            let title = attrs["title"].map(TextCollapse.collapse).flatMap { $0.isEmpty ? nil : $0 }
            c.found.append(DiscoveredFeed(url: url, title: title, type: type))
        }
        sax.serror = { _, _ in }
        LibXML.parseHTML(html, sax: &sax, user: Unmanaged.passUnretained(collector).toOpaque())
        withExtendedLifetime(collector) {}
        return collector.found
    }
}
