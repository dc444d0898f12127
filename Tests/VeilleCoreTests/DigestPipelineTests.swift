import Foundation
import Logging
import Testing
import TestSupport
import VeilleStore
@testable import VeilleCore

/// Digests written by the cycle itself: today's files and links, and a late source that updates the
/// day its story was first reported.
@Suite("Digests after each cycle", .serialized)
struct DigestPipelineTests {
    let server = LoopbackServer.shared

    func engine(_ dir: TemporaryDirectory, _ feeds: [(String, String)], now: Date) throws -> VeilleEngine {
        var c = Configuration()
        c.daemon.stateDir = dir.path
        c.digest.formats = [.md, .html, .json, .atom]
        c.feeds = feeds.map { FeedConfig(name: $0.0, url: URL(string: server.url($0.1))!, tags: ["tech"]) }
        return try VeilleEngine(configuration: c, paths: StatePaths.resolve(c, environment: [:]), logger: Logger(label: "t"), now: { now })
    }

    func read(_ dir: TemporaryDirectory, _ name: String) -> String {
        (try? String(contentsOfFile: dir.file("digests/\(name)"), encoding: .utf8)) ?? ""
    }

    @Test func todaysDigestAndLinksAreWrittenAfterAPoll() async throws {
        let dir = TemporaryDirectory()
        let now = Date(timeIntervalSince1970: 1_795_860_000)   // Saturday 28 November 2026, 11:00 in Paris
        let e = try engine(dir, [("Numerama", "/feeds/numerama.xml"), ("01net", "/feeds/01net.xml")], now: now)
        let report = try await e.pollOnce()
        #expect(report.digestError == nil)
        #expect(report.timings.map(\.stage).suffix(2) == ["cluster", "digest"])
        let md = read(dir, "2026-11-28.md")
        #expect(md.hasPrefix("# veille — samedi 28 novembre 2026"))
        #expect(md.contains("## À la une"))
        #expect(md.contains("médias**"))
        #expect(read(dir, "latest.md") == md, "latest.md points at today's file")
        #expect(read(dir, "2026-11-28.html").hasPrefix("<!DOCTYPE html>"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read(dir, "2026-11-28.json").utf8)) as? [String: Any])
        #expect(json["day"] as? String == "2026-11-28")
        let atom = read(dir, "digest.atom")
        #expect(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""))
        #expect(atom.contains("GPT-4.5"))
    }

    @Test func aLateSourceRewritesTheDayOfTheFirstReport() async throws {
        let dir = TemporaryDirectory()
        let evening = Date(timeIntervalSince1970: 1_795_806_000)   // Friday 27 November 2026, 20:00 in Paris
        let first = try engine(dir, [("Numerama", "/feeds/numerama.xml")], now: evening)
        _ = try await first.pollOnce()
        let before = read(dir, "2026-11-27.md")
        #expect(before.contains("Elon Musk propose 97,4 milliards"))
        #expect(!before.contains("01net"))

        let morning = evening.addingTimeInterval(14 * 3600)   // Saturday 10:00
        let second = try engine(dir, [("Numerama", "/feeds/numerama.xml"), ("01net", "/feeds/01net.xml")], now: morning)
        _ = try await second.pollOnce()
        let after = read(dir, "2026-11-27.md")
        #expect(after.contains("01net"), "yesterday's story gained a source: yesterday's digest is rewritten")
        #expect(after.contains("## À la une"))
        #expect(!read(dir, "2026-11-28.md").isEmpty)
        #expect(read(dir, "latest.md") == read(dir, "2026-11-28.md"))
    }

    @Test func anUnwritableDigestFolderFailsTheDigestNotTheCycle() async throws {
        let dir = TemporaryDirectory()
        FileManager.default.createFile(atPath: dir.file("digests"), contents: Data("not a folder".utf8))
        let e = try engine(dir, [("Numerama", "/feeds/numerama.xml")], now: Date(timeIntervalSince1970: 1_795_860_000))
        let report = try await e.pollOnce()
        #expect(report.newEntries == 3, "entries are stored even when the digest cannot be written")
        #expect(report.digestError != nil)
    }
}
