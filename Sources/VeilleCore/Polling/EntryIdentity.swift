import FeedParsing
import Foundation
import VeilleStore

/// What makes an entry the same entry on the next poll: its guid, else its link, else a hash of its
/// title and date. (A feed that changes guids on every fetch would otherwise flood the digest.)
enum EntryIdentity {
    static func of(_ e: ParsedEntry) -> String {
        if let id = e.id.map(trimmed), !id.isEmpty { return "guid:" + id }
        if let link = e.link.map(trimmed), !link.isEmpty { return "link:" + link }
        let date = (e.published ?? e.updated).map { String(Int($0.timeIntervalSince1970)) } ?? ""
        return "hash:" + StableHash.hex(e.title + "\u{1f}" + date + "\u{1f}" + (e.title.isEmpty ? e.summary : ""))
    }

    /// Trimmed of white space (Unicode's), through Foundation only when an end might be white
    /// space: bridging every guid and link to NSString was a third of the parsing threads' decisions.
    static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last,
              first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F else { return s.trimmingCharacters(in: .whitespacesAndNewlines) }
        return s
    }
}
