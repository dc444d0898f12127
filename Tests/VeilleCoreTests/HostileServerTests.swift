import FeedFetching
import Foundation
import Logging
import Testing
import TestSupport
import VeilleStore
@testable import VeilleCore

/// One poll cycle against every misbehaviour feedserver.py knows, next to a good feed: each hostile
/// feed fails alone with a clear message, the good one is stored, and the cycle completes in bounded
/// time (the whole-transfer timeout, not the servers' whims: /hang holds 90 s, /slow 120 s, /endless forever).
@Suite("Hostile servers")
struct HostileServerTests {
    let server = LoopbackServer.shared

    func cycle(_ feeds: [(String, String)], timeout: Int = 8, store: Store) throws -> PollCycle {
        var c = Configuration()
        c.daemon.timeout = timeout
        c.daemon.connectTimeout = 2
        c.daemon.perHost = 16   // every test feed is on 127.0.0.1: let the slow ones overlap
        c.feeds = try feeds.map { FeedConfig(name: $0.0, url: try #require(URL(string: $0.1.hasPrefix("http") ? $0.1 : server.url($0.1)))) }
        return PollCycle(configuration: c, store: store, logger: Logger(label: "test"), random: { 0.5 })
    }

    @Test func eachHostileFeedFailsAloneWithAClearMessage() async throws {
        let store = try Store()
        let feeds: [(String, String)] = [
            ("Bon", "/feed"),
            ("Sans fin", "/endless"),
            ("Sans fin lent", "/endless?slow=1"),
            ("50 Mo annoncés", "/big-length?n=52428800"),
            ("50 Mo en morceaux", "/big-chunked?n=52428800"),
            ("Bombe", "/gzip-bomb"),
            ("Image", "/png"),
            ("Image déguisée", "/png-as-rss"),
            ("Page", "/html"),
            ("Vide", "/empty"),
            ("Coupé", "/reset"),
            ("Goutte à goutte", "/slow"),
            ("Muet", "/hang?s=90"),
            ("Boucle", "/loop"),
            ("Vers ftp", "/to-scheme/ftp"),
            ("Vers file", "/to-scheme/file"),
            ("Vers gopher", "/to-scheme/gopher"),
            ("Vers dict", "/to-scheme/dict"),
            ("Vers data", "/to-scheme/data"),
            ("Vers javascript", "/to-scheme/javascript"),
            ("Vers ldap", "/to-scheme/ldap"),
            ("Vers smb", "/to-scheme/smb?code=301"),
            ("Vers telnet", "/to-scheme/telnet?code=308"),
            ("Fermé", "http://127.0.0.1:1/feed"),
        ]
        let started = Date()
        let r = try await cycle(feeds, store: store).run()
        let elapsed = Date().timeIntervalSince(started)
        // 8 s per transfer (a 64 MB gzip bomb takes a few seconds to inflate under AddressSanitizer);
        // the hanging, trickling and endless servers would hold the cycle for minutes otherwise.
        #expect(elapsed < 30, "the cycle is bounded by the 8 s transfer timeout, not by the servers: \(elapsed) s")
        #expect(r.polled == feeds.count)
        #expect(r.fetched == 1, "only the good feed")
        #expect(r.failures.count == feeds.count - 1)
        let byFeed = Dictionary(uniqueKeysWithValues: r.failures.map { ($0.feed, $0.message) })
        func expectMessage(_ feed: String, _ check: (String) -> Bool, _ why: String) {
            let m = byFeed[feed] ?? "(no failure)"
            #expect(check(m), "\(feed): \(why); got: \(m)")
        }
        expectMessage("Sans fin", { $0 == "too large: more than 10 MB after decompression (max_feed_size)" }, "endless stream capped")
        expectMessage("Sans fin lent", { $0.hasPrefix("timed out") }, "endless slow stream timed out")
        expectMessage("50 Mo annoncés", { $0 == "too large: the feed exceeds max_feed_size (10 MB)" }, "announced size refused")
        expectMessage("50 Mo en morceaux", { $0.hasPrefix("too large:") }, "chunked body capped")
        expectMessage("Bombe", { $0.hasPrefix("too large:") && $0.contains("after decompression") }, "gzip bomb capped")
        expectMessage("Image", { $0.hasPrefix("not a feed: the server sent a PNG image (image/png, ") }, "an image is named as such")
        expectMessage("Image déguisée", { $0.hasPrefix("not a feed: the server sent a PNG image (application/rss+xml, ") },
                      "an image labelled RSS is recognised from its bytes")
        expectMessage("Page", { !$0.hasPrefix("not a feed: not a feed") }, "no stuttering prefix")
        expectMessage("Page", { $0.hasPrefix("not a feed:") }, "HTML")
        expectMessage("Vide", { $0 == "not a feed: empty response body" }, "empty 200")
        expectMessage("Coupé", { $0.hasPrefix("network error:") }, "reset mid-body")
        expectMessage("Goutte à goutte", { $0.hasPrefix("timed out") }, "slow loris")
        expectMessage("Muet", { $0.hasPrefix("timed out") }, "no answer")
        expectMessage("Boucle", { $0 == "too many redirects (more than 5)" }, "redirect loop")
        for (feed, target) in [("Vers ftp", "ftp://"), ("Vers file", "file:///etc/passwd"), ("Vers gopher", "gopher://"),
                               ("Vers dict", "dict://"), ("Vers data", "data:"), ("Vers javascript", "javascript:"),
                               ("Vers ldap", "ldap://"), ("Vers smb", "smb://"), ("Vers telnet", "telnet://")] {
            expectMessage(feed, { $0.hasPrefix("redirect to a non-HTTP URL refused: \(target)") }, "other scheme refused")
        }
        expectMessage("Fermé", { $0.hasPrefix("cannot connect") }, "closed port")

        let stored = try store.entries(firstSeenSince: .distantPast)
        #expect(!stored.isEmpty && stored.allSatisfy { $0.feedName == "Bon" }, "only the good feed's entries are stored")
        let states = try store.feeds()
        for s in states where s.name != "Bon" {
            #expect(s.consecutiveFailures == 1 && s.lastError == byFeed[s.name], "\(s.name) remembers its error")
        }
        // Permanent redirects to another scheme are never remembered as the feed's new address.
        #expect(r.moves.isEmpty)
        #expect(states.allSatisfy { $0.effectiveURL.hasPrefix("http") })
    }

    @Test func invalidUTF8IsDecodedNotFatal() async throws {
        let store = try Store()
        let r = try await cycle([("Octets invalides", "/invalid-utf8")], store: store).run()
        #expect(r.failures.isEmpty, "\(r.failures)")
        let entries = try store.entries(firstSeenSince: .distantPast)
        #expect(entries.count == 2)
        for e in entries {
            // Valid Unicode text, no NUL, no unpaired surrogate made it into the store.
            #expect(!e.title.isEmpty)
            #expect(!e.title.unicodeScalars.contains { $0.value == 0 || (0xD800...0xDFFF).contains($0.value) })
            #expect(String(decoding: Array(e.title.utf8), as: UTF8.self) == e.title)
        }
        #expect(entries.contains { $0.title.hasPrefix("Octets") && $0.title.hasSuffix("ici") })
    }

    @Test func selfSignedTLSFailsAloneWithATLSMessage() async throws {
        let dir = TemporaryDirectory()
        let (cert, key) = try LoopbackServer.makeSelfSignedCertificate(in: dir.path)
        let tls = try LoopbackServer(arguments: ["--tls", cert, key])
        let store = try Store()
        let r = try await cycle([("Bon", "/feed"), ("Auto-signé", tls.httpsURL("/feed"))], store: store).run()
        #expect(r.fetched == 1)
        let m = try #require(r.failures.first { $0.feed == "Auto-signé" }?.message)
        #expect(m.hasPrefix("TLS: ") && m.contains("certificate"), "\(m)")
        #expect(try store.feeds().first { $0.name == "Auto-signé" }?.lastError == m)
    }
}
