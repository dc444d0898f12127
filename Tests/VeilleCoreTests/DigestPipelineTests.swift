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

    @Test func anEventThatGrowsAfterMidnightAppearsOnBothDaysEachAsItWas() async throws {
        let dir = TemporaryDirectory()
        let evening = Date(timeIntervalSince1970: 1_795_806_000)   // Friday 27 November 2026, 20:00 in Paris
        _ = try await engine(dir, [("Numerama", "/feeds/numerama.xml")], now: evening).pollOnce()
        let morning = evening.addingTimeInterval(14 * 3600)   // Saturday 10:00
        let e = try engine(dir, [("Numerama", "/feeds/numerama.xml"), ("Les Echos", "/feeds/lesechos-musk.xml")], now: morning)
        _ = try await e.pollOnce()
        let entries = try e.store.entries(firstSeenSince: .distantPast)
        let friday = try #require(entries.first { $0.title.hasPrefix("Elon Musk propose") && $0.feedName == "Numerama" })
        let saturday = try #require(entries.first { $0.feedName == "Les Echos" })
        #expect(friday.storyID == saturday.storyID, "the same offer, reported again on Saturday morning")

        let fridayPage = read(dir, "2026-11-27.md")
        #expect(fridayPage.contains("Elon Musk propose 97,4 milliards"))
        #expect(!fridayPage.contains("Les Echos"), "Friday's file shows the event as it was on Friday")
        let saturdayPage = read(dir, "2026-11-28.md")
        #expect(saturdayPage.contains("*Suite*"), "Saturday's file shows it again, as continuing")
        #expect(saturdayPage.contains("*Suite\u{A0}:* [1\u{A0}article depuis ven.\u{A0}27\u{A0}nov.](2026-11-27.md)"))
        // Each article once: Saturday counts Saturday's articles only.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read(dir, "2026-11-28.json").utf8)) as? [String: Any])
        #expect(json["schema_version"] as? Int == 3)
        let stories = (json["top_stories"] as? [[String: Any]] ?? []) + (json["topics"] as? [[String: Any]] ?? []).flatMap { $0["stories"] as? [[String: Any]] ?? [] }
        let ids = stories.flatMap { ($0["sources"] as? [[String: Any]] ?? []).compactMap { $0["entry_id"] as? String } }
        #expect(!ids.contains("e\(friday.id)"))
        #expect(ids.contains("e\(saturday.id)"))
        // The two days link to each other (Friday's page was rewritten for its "next day" link), and the index lists both.
        #expect(read(dir, "2026-11-28.html").contains("<a rel=\"prev\" href=\"2026-11-27.html\">"))
        #expect(read(dir, "2026-11-27.html").contains("<a rel=\"next\" href=\"2026-11-28.html\">"))
        let index = read(dir, "index.html")
        #expect(index.contains("href=\"2026-11-28.html\"") && index.contains("href=\"2026-11-27.html\""))
    }

    @Test func dealPostsGetStoriesOfTheirOwnAndTheirOwnSection() async throws {
        let dir = TemporaryDirectory()
        let now = Date(timeIntervalSince1970: 1_795_860_000)   // Saturday 28 November 2026, 11:00 in Paris
        let e = try engine(dir, [("Frandroid Bons plans", "/feeds/bonsplans.xml"), ("01net", "/feeds/01net.xml")], now: now)
        _ = try await e.pollOnce()
        let deals = try e.store.entries(firstSeenSince: .distantPast).filter { $0.feedName == "Frandroid Bons plans" }
        #expect(deals.count == 2)
        for deal in deals {
            #expect(deal.storyID == "s-d\(deal.id)", "never clustered, even with the Pixel 10 review")
            #expect(deal.threadID == "t-d\(deal.id)")
            #expect(deal.clusterReason == "deal")
        }
        let md = read(dir, "2026-11-28.md")
        let section = try #require(md.range(of: "## Bons plans"))
        #expect(md[section.upperBound...].contains("Bon plan : le Google Pixel 10 tombe à 599 € chez Amazon"))
        #expect(md[..<section.lowerBound].contains("GPT-4.5"))
        #expect(!md[..<section.lowerBound].contains("Bon plan"))
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
