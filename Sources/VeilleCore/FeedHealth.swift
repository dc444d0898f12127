import Foundation
import TextFormats
import VeilleStore

/// One feed's health as `veille feeds` shows it.
public struct FeedHealth: Sendable, Equatable, Codable {
    public var name: String
    public var url: String
    /// ok, failing, gone, disabled, new (never polled).
    public var status: String
    public var consecutiveFailures: Int
    public var lastSuccess: Date?
    public var lastError: String?
    public var lastErrorAt: Date?
    public var entries: Int
    public var nextPoll: Date?
    /// A permanent redirect's target: Feeds.toml should be edited to it.
    public var movedTo: String?

    public static func list(engine: VeilleEngine) throws(StoreError) -> [FeedHealth] {
        let feeds = try engine.store.syncFeeds(engine.configuration.feedSpecs)
        return feeds.map { f in
            FeedHealth(name: f.name, url: f.url, status: status(of: f), consecutiveFailures: f.consecutiveFailures,
                       lastSuccess: f.lastSuccessAt, lastError: f.lastError, lastErrorAt: f.lastErrorAt,
                       entries: f.entryCount, nextPoll: f.gone || !f.enabled ? nil : (f.nextPollAt ?? f.lastPolledAt.map { _ in Date() }),
                       movedTo: f.fetchURL)
        }
    }

    /// ok, failing, gone, disabled or new (never polled).
    static func status(of f: FeedState) -> String {
        if !f.enabled { return "disabled" }
        if f.gone { return "gone" }
        if f.lastPolledAt == nil { return "new" }
        return f.consecutiveFailures > 0 ? "failing" : "ok"
    }

    public static func json(_ list: [FeedHealth]) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// A plain-text table; times are local (the digest's time zone), errors cut to fit a terminal.
    public static func table(_ list: [FeedHealth], now: Date, timeZone: TimeZoneRules) -> String {
        func when(_ d: Date?) -> String {
            guard let d else { return "-" }
            let c = timeZone.wallClock(at: Int64(d.timeIntervalSince1970.rounded(.down)))
            return Digits.padded(c.year, 4) + "-" + Digits.padded(c.month, 2) + "-" + Digits.padded(c.day, 2) + " "
                + Digits.padded(c.hour, 2) + ":" + Digits.padded(c.minute, 2)
        }
        func status(_ h: FeedHealth) -> String {
            h.status == "failing" ? "failing×\(h.consecutiveFailures)" : h.status
        }
        let header = ["NAME", "STATUS", "LAST SUCCESS", "ENTRIES", "NEXT POLL", "LAST ERROR"]
        var rows = list.map { h -> [String] in
            var err = h.lastError ?? ""
            if let m = h.movedTo { err = "moved to \(m): edit Feeds.toml" + (err.isEmpty ? "" : "; " + err) }
            if err.count > 70 { err = String(err.prefix(69)) + "…" }
            return [String(h.name.prefix(32)), status(h), when(h.lastSuccess), String(h.entries),
                    h.nextPoll.map { $0 <= now ? "due" : when($0) } ?? "-", err]
        }
        rows.insert(header, at: 0)
        var widths = Array(repeating: 0, count: header.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
