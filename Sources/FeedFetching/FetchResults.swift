import Foundation
import Synchronization

/// The results of one batch as an `AsyncSequence`, in the order the transfers complete.
///
/// The transfers run on a thread of their own (1 MiB stack: libcurl, TLS and zlib want more than a
/// secondary thread's default), which `Fetcher.run` blocks while it drives the multi handle. While
/// `bufferSize` results wait to be consumed, that thread starts no new transfer (those in flight go
/// on: their timeouts run), so memory stays proportional to a few bodies (at most `bufferSize` plus
/// the transfers in flight) however far the consumer falls behind.
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
            fetcher.run(requests, cancellation: own, admit: { gate.hasRoom }, waitForRoom: { gate.waitForRoom() }) { result in
                gate.handedOver()
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
            if r != nil { gate.consumed() }
            return r
        }
    }

    /// Counts the results handed over but not yet consumed. Once the consumer is gone (`close`),
    /// there is always room (the transfers are being cancelled anyway).
    final class Gate: Sendable {
        private let capacity: Int
        private let waiting = Atomic<Int>(0)
        private let closed = Atomic<Bool>(false)
        private let room = DispatchSemaphore(value: 0)
        init(capacity: Int) { self.capacity = capacity }

        var hasRoom: Bool { closed.load(ordering: .acquiring) || waiting.load(ordering: .acquiring) < capacity }
        func handedOver() { waiting.add(1, ordering: .acquiringAndReleasing) }
        func consumed() {
            waiting.subtract(1, ordering: .acquiringAndReleasing)
            room.signal()
        }
        /// Until the consumer takes a result, or 200 ms (the fetch loop's cancellation check).
        func waitForRoom() {
            guard !hasRoom else { return }
            _ = room.wait(timeout: .now() + .milliseconds(200))
        }
        func close() {
            closed.store(true, ordering: .releasing)
            room.signal()
        }
    }
}

extension Fetcher {
    /// The results of `requests` as they complete, from a transfer thread of their own (see `FetchResults`).
    public func results(_ requests: [FetchRequest], cancellation: FetchCancellation? = nil, bufferSize: Int = 16) -> FetchResults {
        FetchResults(fetcher: self, requests: requests, cancellation: cancellation, bufferSize: bufferSize)
    }
}
