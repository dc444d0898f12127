import FeedFetching
import Foundation

/// OPML 2.0 export of Feeds.toml (`veille export-opml`): one outline per feed, tags as categories.
public enum OPMLWriter {
    public static func render(_ config: Configuration, title: String = "veille", now: Date = Date()) -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0">
          <head>
            <title>\(escape(title))</title>
            <dateCreated>\(HTTPDate.format(now))</dateCreated>
          </head>
          <body>

        """
        for f in config.feeds {
            var attrs = "type=\"rss\" text=\"\(escape(f.name))\" title=\"\(escape(f.name))\" xmlUrl=\"\(escape(f.url.absoluteString))\""
            if !f.tags.isEmpty { attrs += " category=\"\(escape(f.tags.joined(separator: ",")))\"" }
            if !f.enabled { attrs += " isDisabled=\"true\"" }
            out += "    <outline \(attrs)/>\n"
        }
        out += "  </body>\n</opml>\n"
        return out
    }

    static func escape(_ s: String) -> String {
        var o = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "\n": o += "&#10;"
            default:
                // Characters XML 1.0 cannot carry at all are dropped.
                if c.value < 0x20 && c != "\t" { continue }
                o.unicodeScalars.append(c)
            }
        }
        return o
    }
}
