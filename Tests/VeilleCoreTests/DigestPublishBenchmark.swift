import Digest
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
import VeilleStore
@testable import VeilleCore

/// Not a test of speed (no assertion on time): prints how long a first cycle's digest rewrite takes
/// on a 70,000-entry store, phase by phase (store reads, model building, each format's rendering,
/// file writes). Run with
/// `VEILLE_DIGEST_BENCH=1 swift test -c release --filter DigestPublishBenchmark`.
/// - `VEILLE_DIGEST_BENCH_DB=PATH`: a real store instead (e.g. the state a pollbench cold run of
///   2,000 feeds leaves, with `--keep`); it is copied first. "Now" is then the file's modification
///   time, or `VEILLE_DIGEST_BENCH_NOW` (seconds since 1970).
/// - `VEILLE_DIGEST_BENCH_OUT=DIR`: where the files go (kept; else a temporary folder), to compare
///   two versions' files byte for byte.
/// Without a database, 2,000 feeds of 35 entries are generated (the newest at most three days old,
/// as in the pollbench feeds), one in twelve grouped into stories of 2 to 6 outlets, one story in
/// ten continuing an earlier event.
@Suite("Digest publish benchmark", .enabled(if: ProcessInfo.processInfo.environment["VEILLE_DIGEST_BENCH"] == "1"))
struct DigestPublishBenchmark {
    static let environment = ProcessInfo.processInfo.environment

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The store to publish from, and the "now" of its first cycle.
    static func source(in dir: TemporaryDirectory) throws -> (Store, Date) {
        if let db = environment["VEILLE_DIGEST_BENCH_DB"] {
            let copy = dir.file("state/veille.sqlite")
            try FileManager.default.createDirectory(atPath: dir.file("state"), withIntermediateDirectories: true)
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
                try FileManager.default.copyItem(atPath: db + suffix, toPath: copy + suffix)
            }
            let modified = try FileManager.default.attributesOfItem(atPath: db)[.modificationDate] as? Date
            let now = environment["VEILLE_DIGEST_BENCH_NOW"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? modified ?? Date()
            return (try Store(path: copy), now)
        }
        return try generated(in: dir)
    }

    /// 2,000 feeds × 35 entries, the newest of each feed published in the three days before `now`.
    static func generated(in dir: TemporaryDirectory) throws -> (Store, Date) {
        let now = Date(timeIntervalSince1970: 1_795_806_000)  // Friday 27 November 2026, 20:00 in Paris
        let store = try Store(path: dir.file("state/veille.sqlite"))
        let tags = [["tech"], ["tech", "mobile"], ["securite"], ["tech", "ia"], [], ["economie"]]
        let feeds = try store.syncFeeds((0..<2000).map {
            FeedSpec(url: "https://feed\($0).example.fr/rss", name: "Média \($0)", tags: tags[$0 % tags.count])
        }).map(\.id)
        var rng = SplitMix64(seed: 42)
        var ids: [Int64] = []
        let words = ["panne", "datacenter", "Bourse", "smartphone", "faille", "mise à jour", "régulation", "IA",
                     "opérateur", "fibre", "rachat", "levée de fonds", "cybersécurité", "« cité »", "l’hébergeur"]
        for (f, feed) in feeds.enumerated() {
            let entries = (0..<35).map { i -> EntryInput in
                // As in the pollbench feeds: the newest item at most three days old, the others
                // further back at the feed's own pace (1 to 48 hours apart), most beyond the digest's week.
                let published = now.addingTimeInterval(-Double(rng.next() % (3 * 86_400)) - Double(i * (1 + f % 48) * 3600))
                let title = (0..<8).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
                return EntryInput(identity: "guid:\(f)-\(i)", guid: "\(f)-\(i)", url: "https://feed\(f).example.fr/\(i).html",
                                  title: "Article \(f)-\(i) : \(title)",
                                  summary: "Depuis ce matin, \(title) ; l'hébergeur promet un retour <progressif> & détaillé.",
                                  categories: i % 3 == 0 ? ["Sécurité"] : [], published: published)
            }
            ids += try store.recordPoll(FeedPollRecord(feedID: feed, result: .notModified, status: 200,
                                                       polledAt: now.addingTimeInterval(-600), nextPollAt: nil),
                                        entries: entries).inserted
        }
        // Groups of 2…6 entries of different feeds (feeds are 35 ids apart) share a story; one story
        // in ten continues the previous story's thread.
        var assignments: [StoryAssignment] = []
        var index = 0
        var story = 0
        while index < ids.count {
            let size = story % 12 == 0 ? 2 + story % 5 : 1
            let storyID = "s-e\(ids[index])"
            let thread = story % 10 == 9 && !assignments.isEmpty ? assignments[assignments.count - 1].threadID : "t-e\(ids[index])"
            for k in 0..<size {
                let member = index + k * 35
                guard member < ids.count else { break }
                assignments.append(StoryAssignment(entryID: ids[member], storyID: storyID, threadID: thread, score: k == 0 ? 0 : 0.7,
                                                   terms: [], reason: k == 0 ? "newStory" : "event"))
            }
            index += 1
            story += 1
        }
        // An entry already taken by an earlier group stays there.
        var seen = Set<Int64>()
        try store.assignStories(assignments.filter { seen.insert($0.entryID).inserted })
        return (store, now)
    }

    @Test func firstCycleOfSeventyThousandEntries() throws {
        let dir = TemporaryDirectory()
        let setup = ContinuousClock.now
        let (store, now) = try Self.source(in: dir)
        print("digest bench: store ready in \(ContinuousClock.now - setup): \(try store.counts())")
        var settings = DigestSettings()
        settings.formats = [.md, .html, .json, .atom]
        let out = Self.environment["VEILLE_DIGEST_BENCH_OUT"] ?? dir.file("digests")
        let today = LocalDay(date: now, timeZone: settings.timeZone)
        // A first cycle touches every day of the rewrite window (VeilleEngine.writeDigests).
        let days = Set((0...VeilleEngine.digestRewriteDays).map { today.adding(days: -$0) })
        let publisher = DigestPublisher(store: store, settings: settings, directory: out)
        var best = Double.infinity
        for run in 1...3 {
            try? FileManager.default.removeItem(atPath: out)  // a first cycle: no digest yet
            let timings = DigestTimings()
            let cpu = Self.cpuSeconds()
            let start = ContinuousClock.now
            let written = try publisher.publish(days: days, now: now, timings: timings)
            let wall = ContinuousClock.now - start
            let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            best = min(best, seconds)
            let bytes = written.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
            print(String(format: "digest bench run %d: %d files, %.1f MB, wall %.3f s, cpu %.3f s; ", run, written.count,
                         Double(bytes) / 1e6, seconds, Self.cpuSeconds() - cpu) + timings.line)
        }
        print(String(format: "digest bench: first cycle, best of 3: %.3f s", best))
    }
}
