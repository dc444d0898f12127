import Synchronization

/// Stops a running batch, in two steps as a graceful shutdown wants: `stopStarting()` lets the
/// transfers in flight finish but starts no new ones; `cancel()` aborts those in flight too.
/// Requests that never started are reported `cancelled`. The fetch loop checks at least every 200 ms.
///
/// A cancellation made with a `parent` is also stopped (and cancelled) whenever its parent is: the
/// result stream links its own to the caller's this way.
public final class FetchCancellation: Sendable {
    private let hard = Atomic<Bool>(false)
    private let soft = Atomic<Bool>(false)
    private let parent: FetchCancellation?
    public init(parent: FetchCancellation? = nil) { self.parent = parent }
    public func stopStarting() { soft.store(true, ordering: .releasing) }
    public func cancel() {
        soft.store(true, ordering: .releasing)
        hard.store(true, ordering: .releasing)
    }
    public var isCancelled: Bool { hard.load(ordering: .acquiring) || parent?.isCancelled == true }
    public var isStopping: Bool { soft.load(ordering: .acquiring) || parent?.isStopping == true }
}
