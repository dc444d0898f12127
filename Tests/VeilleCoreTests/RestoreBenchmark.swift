import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
import VeilleStore
@testable import VeilleCore

/// Not a test of speed or size (no assertion on either): prints what rebuilding the clusterer from the
/// store costs (after a restart, and weekly in a long-running daemon) and what the weekly rebuild saves.
/// `make bench` runs it (section `restore`); by hand:
/// `VEILLE_RESTORE_BENCH=DIR swift test -c release --filter RestoreBenchmark`, where DIR holds two
/// streams of `Benchmarks/generate-stream.py`: `restart.jsonl` (60,000 items over 18 days) and
/// `longrun.jsonl` (34,560 items over 72 days).
/// - restart: the first stream clustered a day at a time, then a new process's first cycle, which
///   restores the last 15 days: its wall time and the heap it then holds.
/// - long run: the second stream a day at a time through one process, with the weekly rebuild and
///   without: the heap in use every 12 days.
/// Heap in use is glibc's (`malloc_info`), not RSS: freed blocks stay resident between live ones.
@Suite("Restore benchmark", .enabled(if: ProcessInfo.processInfo.environment["VEILLE_RESTORE_BENCH"] != nil))
struct RestoreBenchmark {
    static let dir = ProcessInfo.processInfo.environment["VEILLE_RESTORE_BENCH"] ?? ""

    struct Line: Decodable { var id, title, published, url: String; var summary: String? }

    /// The stream's items, by day (the first day starts at the first item).
    static func days(_ name: String) throws -> [[EntryInput]] {
        let iso = ISO8601DateFormatter()
        let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
        var days: [[EntryInput]] = []
        var start: Date?
        for (k, raw) in text.split(separator: "\n").enumerated() {
            let l = try JSONDecoder().decode(Line.self, from: Data(raw.utf8))
            let published = try #require(iso.date(from: l.published))
            let day = Int(published.timeIntervalSince(start ?? published) / 86_400)
            if start == nil { start = published }
            while days.count <= day { days.append([]) }
            // The generator repeats some URLs with tracking parameters: the identity keeps them apart.
            days[day].append(EntryInput(identity: "guid:\(k)", guid: "\(k)", url: l.url, title: l.title, summary: l.summary ?? "",
                                        published: published))
        }
        return days
    }

    /// Inserts a day's items as polled at the end of that day, and clusters them.
    static func feed(_ day: [EntryInput], into store: Store, feed: Int64, with assigner: StoryAssigner, end: Date) throws {
        let ids = try store.recordPoll(FeedPollRecord(feedID: feed, result: .notModified, status: 200, polledAt: end, nextPollAt: nil),
                                       entries: day).inserted
        try assigner.assign(entryIDs: ids, now: end)
    }

    /// A /proc/self/status field in kB (VmRSS, VmHWM).
    static func status(_ key: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(key) } ?? ""
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    static func end(of day: [EntryInput]) -> Date { (day.compactMap(\.published).max() ?? Date()).addingTimeInterval(60) }

    @Test func restartAndLongRun() throws {
        // Restart: 18 days clustered, then a new process restores the last 15.
        let restartDays = try Self.days("restart.jsonl")
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("state/veille.sqlite"))
        let feed = try store.syncFeeds([FeedSpec(url: "https://flux.example.fr/rss", name: "Flux")])[0].id
        do {
            let first = StoryAssigner(store: store, window: 72 * 3600, digestDays: 30)
            for day in restartDays { try Self.feed(day, into: store, feed: feed, with: first, end: Self.end(of: day)) }
        }
        let now = Self.end(of: restartDays.last!).addingTimeInterval(3600)
        let probe = [EntryInput(identity: "guid:probe", guid: "probe", url: "https://flux.example.fr/probe.html",
                                title: "Orvane rachète l'éditeur Brelis pour 2 milliards d'euros", summary: "", published: now)]
        let restored = try store.entries(firstSeenSince: now.addingTimeInterval(-15 * 86_400)).count
        HeapTrim.releaseFreedMemory()
        let before = Heap.inUse()
        // The peak of this restart alone: writing 5 to clear_refs resets the process's high-water mark.
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let rssBefore = Self.status("VmRSS:")
        let restarted = StoryAssigner(store: store, window: 72 * 3600, digestDays: 30)
        let start = Date()
        try Self.feed(probe, into: store, feed: feed, with: restarted, end: now)
        let wall = Date().timeIntervalSince(start)
        let peak = Self.status("VmHWM:")
        HeapTrim.releaseFreedMemory()
        let after = Heap.inUse()
        withExtendedLifetime(restarted) {}
        print(String(format: "restore bench restart: %d entries of 15 days restored in %.2f s; heap in use %.1f MB more; peak RSS %.1f MB over the RSS before",
                     restored, wall, Double(after - before) / 1e6, Double(peak - rssBefore) / 1e3))

        // Long run: 72 days through one process, with and without the weekly rebuild.
        let longDays = try Self.days("longrun.jsonl")
        for interval in [7 * 86_400.0, .infinity] {
            let dir = TemporaryDirectory()
            let store = try Store(path: dir.file("state/veille.sqlite"))
            let feed = try store.syncFeeds([FeedSpec(url: "https://flux.example.fr/rss", name: "Flux")])[0].id
            HeapTrim.releaseFreedMemory()
            let base = Heap.inUse()
            var marks: [String] = []
            let assigner = StoryAssigner(store: store, window: 72 * 3600, digestDays: 30, rebuildInterval: interval)
            for (k, day) in longDays.enumerated() {
                try Self.feed(day, into: store, feed: feed, with: assigner, end: Self.end(of: day))
                if (k + 1) % 12 == 0 {
                    HeapTrim.releaseFreedMemory()
                    marks.append(String(format: "day %d %.1f", k + 1, Double(Heap.inUse() - base) / 1e6))
                }
            }
            print("restore bench long run, \(interval.isFinite ? "weekly rebuild" : "no rebuild"): heap in use MB: " + marks.joined(separator: ", "))
        }
    }
}

/// glibc's heap in use: what `malloc_info` reports the arenas hold, less their free blocks, plus the
/// blocks mapped on their own.
enum Heap {
    static func inUse() -> Int {
        #if os(Linux)
        guard let file = tmpfile() else { return 0 }
        defer { fclose(file) }
        _ = glibcMallocInfo(0, file)
        rewind(file)
        var text = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        // The totals follow the last </heap>: <total type="fast"|"rest"|"mmap" … size="N"/>, <system type="current" size="N"/>.
        guard let tail = text.range(of: "</heap>", options: .backwards).map({ text[$0.upperBound...] }) else { return 0 }
        func size(_ tag: String) -> Int {
            guard let r = tail.range(of: tag) else { return 0 }
            let rest = tail[r.upperBound...]
            guard let s = rest.range(of: "size=\"") else { return 0 }
            return Int(rest[s.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        return size("<system type=\"current\"") - size("<total type=\"fast\"") - size("<total type=\"rest\"")
            + size("<total type=\"mmap\"")
        #else
        return 0
        #endif
    }
}

#if os(Linux)
/// `int malloc_info(int options, FILE *stream)` from <malloc.h>, which the Glibc module does not export.
@_silgen_name("malloc_info")
private func glibcMallocInfo(_ options: Int32, _ stream: UnsafeMutablePointer<FILE>) -> Int32
#endif
