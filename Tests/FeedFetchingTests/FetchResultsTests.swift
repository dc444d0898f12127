import Foundation
import Synchronization
import Testing
import TestSupport
@testable import FeedFetching

/// The batch as an async sequence: every result once, a bounded hand-off, cancellation.
@Suite("Fetch results stream")
struct FetchResultsTests {
    let server = LoopbackServer.shared

    var fetcher: Fetcher { fetcher(timeout: 10) }

    func fetcher(timeout: Int) -> Fetcher {
        var o = FetchOptions()
        o.userAgent = "veille-tests/1.0"
        o.timeoutSeconds = timeout
        o.maxConcurrent = 4
        o.perHost = 4
        return Fetcher(options: o)
    }

    @Test func everyRequestComesBackOnceEvenWithASlowConsumerAndATinyBuffer() async throws {
        let requests = (1...12).map { FetchRequest(key: Int64($0), url: server.url($0 % 3 == 0 ? "/status/404" : "/feed")) }
        var keys: [Int64] = []
        for await r in fetcher.results(requests, bufferSize: 1) {
            keys.append(r.request.key)
            try await Task.sleep(for: .milliseconds(20))   // the transfer thread waits for the consumer
            if r.request.key % 3 == 0 { #expect(r.status == 404) } else { #expect(r.outcome == .fetched && !r.body.isEmpty) }
        }
        #expect(keys.sorted() == Array(1...12))
    }

    @Test func emptyBatchFinishesAtOnce() async {
        var n = 0
        for await _ in fetcher.results([]) { n += 1 }
        #expect(n == 0)
    }

    // The two tests below cancel from a Dispatch timer, not a task: while the other suites' synchronous
    // tests hold the two cooperative threads of a 2-core machine, a sleeping task woke after the
    // transfers' timeout (CI saw `.timeout` instead of `.cancelled`). The long timeout and the longer
    // hang keep a late cancellation from turning into timeouts or answers.
    @Test func callersCancellationReportsEveryTransferCancelled() async {
        let cancellation = FetchCancellation()
        let requests = (1...6).map { FetchRequest(key: Int64($0), url: server.url("/hang?s=120")) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { cancellation.cancel() }
        var kinds: [FetchError.Kind] = []
        for await r in fetcher(timeout: 100).results(requests, cancellation: cancellation) {
            if case .failed(let e) = r.outcome { kinds.append(e.kind) }
        }
        #expect(kinds == Array(repeating: .cancelled, count: 6), "in flight and never started alike")
    }

    @Test func cancellingTheConsumerAbortsTheTransfers() async throws {
        let requests = (1...4).map { FetchRequest(key: Int64($0), url: server.url("/hang?s=120")) }
        let stream = fetcher(timeout: 100).results(requests)
        let consumer = Task {
            var n = 0
            for await _ in stream { n += 1 }
            return n
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { consumer.cancel() }
        // The consumer is not held by the hanging transfers (they are aborted behind it).
        #expect(await consumer.value == 0)
    }
}
