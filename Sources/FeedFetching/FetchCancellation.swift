import Synchronization

/// Asks a running batch to stop: no new transfers start, those in flight are aborted at once
/// (their results say `cancelled`). Checked by the fetch loop at least every 200 ms.
public final class FetchCancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .releasing) }
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
