import Foundation
import Logging
import Synchronization
import VeilleStore

/// The store writer of one poll cycle: decisions are submitted by the parsing tasks as they are
/// ready, and committed in arrival order, several feeds per transaction when they arrive together
/// (each feed whole: a crash loses only the feeds not yet committed, never half of one).
///
/// `run()` is the one task that writes; `submit` suspends while `maxPending` decisions already wait,
/// so memory stays proportional to a few parsed feeds when the disk is slower than the parsers.
final class PollCommitter: Sendable {
    struct Item: Sendable {
        var decision: FeedPollDecision
        /// Time spent parsing the body (nil when there was none to parse).
        var parseSeconds: Double?
    }

    private struct State {
        var pending: [Item] = []
        var finished = false
        var failure: StoreError?
        var writer: CheckedContinuation<Void, Never>?
        var submitters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let store: Store
    private let logger: Logger
    /// New entries reported before this get their own story as they are stored.
    private let backlog: BacklogCutoff?
    let maxPending: Int
    /// At most this many feeds per transaction (a transaction holds the write lock: a reader such as
    /// `veille feeds` waits at most one batch).
    let maxBatch: Int

    init(store: Store, logger: Logger, backlog: BacklogCutoff? = nil, maxPending: Int = 32, maxBatch: Int = 64) {
        self.store = store
        self.logger = logger
        self.backlog = backlog
        self.maxPending = maxPending
        self.maxBatch = maxBatch
    }

    /// Queues a decision for the writer; waits while the queue is full.
    func submit(_ item: Item) async {
        while true {
            let full: Bool = state.withLock { $0.pending.count >= maxPending && !$0.finished && $0.failure == nil }
            if !full { break }
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let stillFull = state.withLock { s -> Bool in
                    guard s.pending.count >= maxPending && !s.finished && s.failure == nil else { return false }
                    s.submitters.append(c)
                    return true
                }
                if !stillFull { c.resume() }
            }
        }
        let writer = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.pending.append(item)
            defer { s.writer = nil }
            return s.writer
        }
        writer?.resume()
    }

    /// A store failure outside the writer (reading a feed's history): the cycle fails with it.
    func fail(_ error: StoreError) {
        state.withLock { if $0.failure == nil { $0.failure = error } }
    }

    /// No more submissions: `run` returns once the queue is empty.
    func finish() {
        let writer = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.writer = nil }
            return s.writer
        }
        writer?.resume()
    }

    /// The first store failure of the cycle, if any (the cycle throws it once `run` has returned).
    var failure: StoreError? { state.withLock { $0.failure } }

    /// Commits until `finish()` and an empty queue; the report of what was committed. After a store
    /// failure (`failure`), later batches are still tried: each is whole or absent.
    func run() async -> PollReport {
        var report = PollReport()
        while let batch = await nextBatch() {
            for item in batch { if let s = item.parseSeconds { report.addTiming("parse", s) } }
            do {
                let (changes, seconds) = try await store.recordPollsOnWriterThread(batch.map { (poll: $0.decision.record, entries: $0.decision.entries) },
                                                                                 backlog: backlog)
                report.addTiming("store", seconds)
                for (item, change) in zip(batch, changes) { account(item, change, in: &report) }
            } catch {
                state.withLock { if $0.failure == nil { $0.failure = error } }
            }
        }
        return report
    }

    private func nextBatch() async -> [Item]? {
        while true {
            enum Step { case batch([Item], [CheckedContinuation<Void, Never>]), done, wait }
            let step: Step = state.withLock { s in
                if !s.pending.isEmpty {
                    let n = min(s.pending.count, maxBatch)
                    let batch = Array(s.pending.prefix(n))
                    s.pending.removeFirst(n)
                    let woken = s.submitters
                    s.submitters = []
                    return .batch(batch, woken)
                }
                return s.finished ? .done : .wait
            }
            switch step {
            case .batch(let items, let woken):
                for c in woken { c.resume() }
                return items
            case .done:
                return nil
            case .wait:
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { s -> Bool in
                        guard s.pending.isEmpty && !s.finished else { return true }
                        s.writer = c
                        return false
                    }
                    if ready { c.resume() }
                }
            }
        }
    }

    private func account(_ item: Item, _ changes: EntryChanges, in report: inout PollReport) {
        let d = item.decision
        switch d.counted {
        case .fetched: report.fetched += 1
        case .notModified: report.notModified += 1
        case nil: break
        }
        report.newEntries += changes.inserted.count
        report.updatedEntries += changes.updated.count
        report.newEntryIDs += changes.inserted
        report.settledEntryIDs += changes.settled
        report.newEntryReportTimes += changes.insertedReportTimes
        report.updatedEntryIDs += changes.updated
        if let f = d.failure {
            report.failures.append(f)
            logger.warning("feed failed: \(f.message)", metadata: ["feed": "\(f.feed)", "url": "\(f.url)"])
        }
        if let m = d.move {
            report.moves.append(m)
            logger.notice("feed moved permanently; edit Feeds.toml", metadata: ["feed": "\(m.feed)", "to": "\(m.to)"])
        }
    }
}
