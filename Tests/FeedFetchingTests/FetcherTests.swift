import Foundation
import Testing
import TestSupport
@testable import FeedFetching

/// Every test talks to the loopback server the tests start themselves (127.0.0.1 only).
@Suite("Fetching over loopback")
struct FetcherTests {
    let server = LoopbackServer.shared

    func fetch(_ path: String, etag: String? = nil, lastModified: String? = nil,
               _ tweak: (inout FetchOptions) -> Void = { _ in }) -> FetchResult {
        var o = FetchOptions()
        o.userAgent = "veille-tests/1.0"
        o.timeoutSeconds = 10
        tweak(&o)
        return Fetcher(options: o).fetchAll([FetchRequest(key: 1, url: server.url(path), etag: etag, lastModified: lastModified)])[0]
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../TestSupport/feeds/\(name)").standardizedFileURL
        return Array(try Data(contentsOf: url))
    }

    @Test func plainFetchKeepsValidatorsByteExact() throws {
        let r = fetch("/feed")
        #expect(r.outcome == .fetched)
        #expect(r.status == 200)
        #expect(r.body == (try Self.fixture("numerama.xml")))
        #expect(r.etag == "W/\"numerama-42\"")
        #expect(r.lastModified == "Sat, 28 Nov 2026 10:00:00 GMT")
        #expect(r.contentType == "application/rss+xml; charset=utf-8")
        #expect(r.permanentRedirect == nil)
    }

    @Test func etagIsEchoedUnchangedAnd304SkipsTheBody() {
        let first = fetch("/feed")
        let second = fetch("/feed", etag: first.etag, lastModified: first.lastModified)
        #expect(second.outcome == .notModified)
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        #expect(second.headers["x-seen-if-none-match"] == "W/\"numerama-42\"")
        #expect(second.headers["x-seen-if-modified-since"] == "Sat, 28 Nov 2026 10:00:00 GMT")
    }

    @Test func lastModifiedAloneIsEchoedUnchanged() {
        let r = fetch("/feed", lastModified: "Sat, 28 Nov 2026 10:00:00 GMT")
        #expect(r.outcome == .notModified)
        #expect(r.headers["x-seen-if-modified-since"] == "Sat, 28 Nov 2026 10:00:00 GMT")
    }

    @Test func requestCarriesUserAgentAcceptAndEncodings() throws {
        let r = fetch("/headers")
        let sent = try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: String])
        #expect(sent["user-agent"] == "veille-tests/1.0")
        #expect(sent["accept"]?.hasPrefix("application/rss+xml, application/atom+xml") == true)
        #expect(sent["accept-encoding"]?.contains("gzip") == true)
        #expect(sent["if-none-match"] == nil)
    }

    @Test func gzipBodiesAreDecoded() throws {
        let r = fetch("/gzip")
        #expect(r.outcome == .fetched)
        #expect(r.headers["content-encoding"] == "gzip")
        #expect(r.body == (try Self.fixture("numerama.xml")))
    }

    @Test func gzipBombIsStoppedAfterDecompression() {
        let r = fetch("/gzip-bomb") { $0.maxBytes = 10 << 20 }
        guard case .failed(let e) = r.outcome else { Issue.record("bomb accepted: \(r.outcome)"); return }
        #expect(e.kind == .tooLarge)
        #expect(e.message.contains("after decompression"))
    }

    @Test func announcedOversizeIsRefused() {
        let r = fetch("/big-length?n=3000000") { $0.maxBytes = 1 << 20 }
        #expect(r.outcome == .failed(FetchError(.tooLarge, "too large: the feed exceeds max_feed_size (1 MB)")))
    }

    @Test func chunkedOversizeIsRefusedInTheWriteCallback() {
        let r = fetch("/big-chunked?n=3000000") { $0.maxBytes = 1 << 20 }
        guard case .failed(let e) = r.outcome else { Issue.record("accepted: \(r.outcome)"); return }
        #expect(e.kind == .tooLarge)
    }

    @Test func bodyJustUnderTheLimitIsAccepted() {
        let r = fetch("/big-chunked?n=1048576") { $0.maxBytes = 1 << 20 }
        #expect(r.outcome == .fetched)
        #expect(r.body.count == 1 << 20)
    }

    @Test func slowTrickleIsAborted() {
        let r = fetch("/slow") { $0.lowSpeedBytesPerSecond = 100; $0.lowSpeedSeconds = 2 }
        guard case .failed(let e) = r.outcome else { Issue.record("slow loris accepted"); return }
        #expect(e.kind == .timeout)
    }

    @Test func hangingServerTimesOut() {
        let r = fetch("/hang?s=30") { $0.timeoutSeconds = 2 }
        guard case .failed(let e) = r.outcome else { Issue.record("no timeout"); return }
        #expect(e.kind == .timeout)
        #expect(e.message.hasPrefix("timed out"))
    }

    @Test func connectionResetMidBodyFails() {
        let r = fetch("/reset")
        guard case .failed(let e) = r.outcome else { Issue.record("partial body accepted"); return }
        #expect(e.kind == .network)
        #expect(r.body.isEmpty)
    }

    @Test func refusedConnection() {
        let r = Fetcher(options: FetchOptions()).fetchAll([FetchRequest(key: 1, url: "http://127.0.0.1:1/feed")])[0]
        guard case .failed(let e) = r.outcome else { Issue.record("connected to port 1?"); return }
        #expect(e.kind == .connect)
    }

    @Test func tooManyRequestsKeepsRetryAfterSeconds() {
        let r = fetch("/status/429?retry=120")
        #expect(r.status == 429)
        #expect(r.outcome == .failed(FetchError(.http, "HTTP 429 Too Many Requests (Retry-After: 120)")))
        let now = Date()
        #expect(HTTPCacheHints(headers: r.headers, receivedAt: now).retryAfter == now.addingTimeInterval(120))
    }

    @Test func unavailableKeepsRetryAfterDate() {
        let r = fetch("/status/503?retry=Sun,%2029%20Nov%202026%2008:00:00%20GMT")
        #expect(r.status == 503)
        let hints = HTTPCacheHints(headers: r.headers, receivedAt: Date())
        #expect(hints.retryAfter == HTTPDate.parse("Sun, 29 Nov 2026 08:00:00 GMT"))
    }

    @Test func goneIsAnHTTPFailureWithStatus410() {
        let r = fetch("/status/410")
        #expect(r.status == 410)
        #expect(r.outcome == .failed(FetchError(.http, "HTTP 410 Gone")))
    }

    @Test func temporaryRedirectsAreFollowedNotRemembered() {
        let r = fetch("/redirect/302/3")
        #expect(r.outcome == .fetched)
        #expect(r.effectiveURL == server.url("/feed"))
        #expect(r.permanentRedirect == nil)
    }

    @Test func permanentRedirectsAreReported() {
        let r = fetch("/redirect/301/2")
        #expect(r.outcome == .fetched)
        #expect(r.permanentRedirect == server.url("/feed"))
        let r308 = fetch("/redirect/308/1")
        #expect(r308.permanentRedirect == server.url("/feed"))
    }

    @Test func permanentThenTemporaryStopsAtTheTemporaryHop() {
        let r = fetch("/moved-then-temp")
        #expect(r.outcome == .fetched)
        #expect(r.permanentRedirect == server.url("/redirect/302/1"))
    }

    @Test func redirectLoopFails() {
        let r = fetch("/loop")
        #expect(r.outcome == .failed(FetchError(.redirect, "too many redirects (more than 5)")))
    }

    @Test func sixRedirectsAreTooMany() {
        #expect(fetch("/redirect/302/5").outcome == .fetched)
        guard case .failed(let e) = fetch("/redirect/302/6").outcome else { Issue.record("6 hops followed"); return }
        #expect(e.kind == .redirect)
    }

    @Test func redirectToFileIsRefused() {
        let r = fetch("/to-file")
        #expect(r.outcome == .failed(FetchError(.redirect, "redirect to a non-HTTP URL refused: file:///etc/passwd")))
    }

    @Test func htmlAndEmptyBodiesAreDeliveredForTheParserToJudge() {
        let html = fetch("/html")
        #expect(html.outcome == .fetched)
        #expect(html.contentType == "text/html; charset=utf-8")
        let empty = fetch("/empty")
        #expect(empty.outcome == .fetched)
        #expect(empty.body.isEmpty)
    }

    @Test func manyFeedsAtOnceAllComplete() {
        var o = FetchOptions()
        o.maxConcurrent = 4
        o.perHost = 2
        let requests = (0..<40).map { FetchRequest(key: Int64($0), url: server.url($0 % 5 == 0 ? "/status/404" : "/feeds/numerama.xml?i=\($0)")) }
        let results = Fetcher(options: o).fetchAll(requests)
        #expect(results.map(\.request.key) == requests.map(\.key))
        #expect(results.filter { $0.outcome == .fetched }.count == 32)
        #expect(results.filter { $0.status == 404 }.count == 8)
    }

    @Test func cancellationAbortsTransfersInFlightAndQueued() async {
        let cancel = FetchCancellation()
        var o = FetchOptions()
        o.maxConcurrent = 2
        let fetcher = Fetcher(options: o)
        let requests = (0..<5).map { FetchRequest(key: Int64($0), url: server.url("/hang?s=30&i=\($0)")) }
        let started = Date()
        let results = await withCheckedContinuation { (c: CheckedContinuation<[FetchResult], Never>) in
            Thread { c.resume(returning: fetcher.fetchAll(requests, cancellation: cancel)) }.start()
            Thread { Thread.sleep(forTimeInterval: 0.3); cancel.cancel() }.start()
        }
        #expect(results.count == 5)
        #expect(results.allSatisfy { $0.outcome == .failed(FetchError(.cancelled, "cancelled")) })
        #expect(Date().timeIntervalSince(started) < 25, "cancellation must not wait for the 30 s responses")
    }
}

@Suite("Graceful stop")
struct GracefulStopTests {
    @Test func stopStartingLetsTransfersInFlightFinish() async {
        let server = LoopbackServer.shared
        let cancel = FetchCancellation()
        var o = FetchOptions()
        o.maxConcurrent = 2
        let fetcher = Fetcher(options: o)
        let requests = (0..<6).map { FetchRequest(key: Int64($0), url: server.url("/hang?s=1&g=\($0)")) }
        let results = await withCheckedContinuation { (c: CheckedContinuation<[FetchResult], Never>) in
            Thread { c.resume(returning: fetcher.fetchAll(requests, cancellation: cancel)) }.start()
            Thread { Thread.sleep(forTimeInterval: 0.3); cancel.stopStarting() }.start()
        }
        #expect(results.prefix(2).allSatisfy { $0.outcome == .fetched }, "the two in flight complete")
        #expect(results.suffix(4).allSatisfy { $0.outcome == .failed(FetchError(.cancelled, "cancelled")) })
    }
}
