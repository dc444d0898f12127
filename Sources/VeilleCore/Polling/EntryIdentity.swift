import FeedParsing
import Foundation
import VeilleStore

/// What makes an entry the same entry on the next poll: its guid, else its link, else a hash of its
/// title and date. (A feed that changes guids on every fetch would otherwise flood the digest.)
enum EntryIdentity {
    static func of(_ e: ParsedEntry) -> String {
        if let id = e.id?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty { return "guid:" + id }
        if let link = e.link?.trimmingCharacters(in: .whitespacesAndNewlines), !link.isEmpty { return "link:" + link }
        let date = (e.published ?? e.updated).map { String(Int($0.timeIntervalSince1970)) } ?? ""
        return "hash:" + StableHash.hex(e.title + "\u{1f}" + date + "\u{1f}" + (e.title.isEmpty ? e.summary : ""))
    }
}
