import Synchronization

/// Stops a running batch, in two steps as a graceful shutdown wants: `stopStarting()` lets the
/// transfers in flight finish but starts no new ones; `cancel()` aborts those in flight too.
/// Requests that never started are reported `cancelled`. The fetch loop checks at least every 200 ms.
public final class FetchCancellation: Sendable {
    private let hard = Atomic<Bool>(false)
    private let soft = Atomic<Bool>(false)
    public init() {}
    public func stopStarting() { soft.store(true, ordering: .releasing) }
    public func cancel() {
        soft.store(true, ordering: .releasing)
        hard.store(true, ordering: .releasing)
    }
    public var isCancelled: Bool { hard.load(ordering: .acquiring) }
    public var isStopping: Bool { soft.load(ordering: .acquiring) }
}
