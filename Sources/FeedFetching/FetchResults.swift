import Foundation
import Synchronization

/// The results of one batch as an `AsyncSequence`, in the order the transfers complete.
///
/// The transfers run on a thread of their own (1 MiB stack: libcurl, TLS and zlib want more than a
/// secondary thread's default), which `Fetcher.run` blocks while it drives the multi handle. That
/// thread waits whenever `bufferSize` results are waiting to be consumed, so memory stays
/// proportional to a few bodies however far the consumer falls behind.
///
/// Cancellation: cancelling the consuming task, or dropping the iterator, aborts the transfers in
/// flight (the thread ends within the fetch loop's 200 ms); the caller's `FetchCancellation` keeps
/// its meaning (stop starting, or abort), and its cancelled requests are delivered as results.
public struct FetchResults: AsyncSequence, Sendable {
    public typealias Element = FetchResult

    private let stream: AsyncStream<FetchResult>
    private let gate: Gate

    /// Starts the transfers at once.
    public init(fetcher: Fetcher, requests: [FetchRequest], cancellation: FetchCancellation? = nil, bufferSize: Int = 16) {
        let gate = Gate(capacity: Swift.max(1, bufferSize))
        let own = FetchCancellation(parent: cancellation)
        let (stream, continuation) = AsyncStream.makeStream(of: FetchResult.self, bufferingPolicy: .unbounded)
        continuation.onTermination = { _ in
            own.cancel()
            gate.close()
        }
        let thread = Thread {
            fetcher.run(requests, cancellation: own) { result in
                gate.acquire()
                continuation.yield(result)
            }
            continuation.finish()
        }
        thread.name = "veille.fetch"
        thread.stackSize = 1 << 20
        thread.start()
        self.stream = stream
        self.gate = gate
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), gate: gate)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<FetchResult>.AsyncIterator
        let gate: Gate

        public mutating func next() async -> FetchResult? {
            let r = await base.next()
            if r != nil { gate.release() }
            return r
        }
    }

    /// Counts the results handed over but not yet consumed; the transfer thread waits at `capacity`.
    /// Once the consumer is gone (`close`), it never waits again.
    final class Gate: Sendable {
        private let slots: DispatchSemaphore
        private let closed = Atomic<Bool>(false)
        init(capacity: Int) { slots = DispatchSemaphore(value: capacity) }
        func acquire() {
            guard !closed.load(ordering: .acquiring) else { return }
            slots.wait()
        }
        func release() { slots.signal() }
        /// Wakes a waiting producer; later `acquire`s return at once.
        func close() {
            closed.store(true, ordering: .releasing)
            slots.signal()
        }
    }
}

extension Fetcher {
    /// The results of `requests` as they complete, from a transfer thread of their own (see `FetchResults`).
    public func results(_ requests: [FetchRequest], cancellation: FetchCancellation? = nil, bufferSize: Int = 16) -> FetchResults {
        FetchResults(fetcher: self, requests: requests, cancellation: cancellation, bufferSize: bufferSize)
    }
}
