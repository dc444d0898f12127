import Foundation
import TextFormats
internal import CCurl

/// Fetches many feeds at once with one libcurl multi handle on the calling thread: no thread per feed.
///
/// Politeness is enforced here rather than left to libcurl's pending queue: a transfer only starts
/// when fewer than `perHost` are in flight to its host and fewer than `maxConcurrent` overall, so a
/// queued transfer's timeout never runs while it waits, and hosts are served round-robin.
public struct Fetcher: Sendable {
    public let options: FetchOptions

    public init(options: FetchOptions) {
        self.options = options
        CurlRuntime.ensureInitialised()
    }

    /// Blocking. `onResult` is called on this thread as each transfer completes (bodies are not kept
    /// afterwards, so memory stays proportional to the transfers in flight, not to the batch).
    public func run(_ requests: [FetchRequest], cancellation: FetchCancellation? = nil,
                    onResult: (FetchResult) -> Void) {
        run(requests, cancellation: cancellation, admit: { true }, waitForRoom: {}, onResult: onResult)
    }

    /// `run` with a consumer that may fall behind: a transfer starts only while `admit()` says so,
    /// and with nothing in flight and nothing admitted, `waitForRoom()` blocks (briefly: the loop
    /// checks the cancellation in between). Transfers in flight are always driven, so no timeout
    /// runs out while the consumer catches up; `onResult` itself should not block.
    func run(_ requests: [FetchRequest], cancellation: FetchCancellation?, admit: () -> Bool, waitForRoom: () -> Void,
             onResult: (FetchResult) -> Void) {
        guard !requests.isEmpty else { return }
        guard let multi = curl_multi_init() else {
            for r in requests { onResult(Self.failure(r, FetchError(.network, "libcurl: cannot create a multi handle"))) }
            return
        }
        defer { curl_multi_cleanup(multi) }
        _ = vl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.maxConcurrent)
        _ = vl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.perHost)
        _ = vl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(options.maxConcurrent, 8))

        var queue = HostQueue(requests)
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        var perHostActive: [String: Int] = [:]

        func startMore() {
            if cancellation?.isStopping == true {
                while let r = queue.next(where: { _ in true }) { onResult(Self.failure(r, FetchError(.cancelled, "cancelled"))) }
                return
            }
            while active.count < options.maxConcurrent, admit(),
                  let (request, host) = queue.take(where: { perHostActive[$0, default: 0] < options.perHost }) {
                guard let t = Transfer(request, host: host, options: options) else {
                    onResult(Self.failure(request, FetchError(.network, "libcurl: cannot create a transfer")))
                    continue
                }
                active[t.easy] = t
                perHostActive[t.host, default: 0] += 1
                curl_multi_add_handle(multi, t.easy)
            }
        }

        startMore()
        var running: Int32 = 0
        var cancelled = false
        while !active.isEmpty || !queue.isEmpty {
            if !cancelled, cancellation?.isCancelled == true {
                cancelled = true
                // Abort what is in flight and report what never started.
                for (easy, t) in active {
                    curl_multi_remove_handle(multi, easy)
                    var r = t.finish(CURLE_ABORTED_BY_CALLBACK)
                    r.outcome = .failed(FetchError(.cancelled, "cancelled"))
                    onResult(r)
                }
                active.removeAll()
                while let r = queue.next(where: { _ in true }) { onResult(Self.failure(r, FetchError(.cancelled, "cancelled"))) }
                break
            }
            if active.isEmpty {
                // Requests wait, none is in flight: the consumer has no room yet.
                waitForRoom()
                startMore()
                continue
            }
            var mc = curl_multi_perform(multi, &running)
            // Completions first: waiting in poll() before reading them would add a whole poll
            // timeout to every transfer that finished during perform().
            var left: Int32 = 0
            var finished = false
            while mc == CURLM_OK, let msg = curl_multi_info_read(multi, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle,
                      let t = active.removeValue(forKey: easy) else { continue }
                let code = msg.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                perHostActive[t.host, default: 1] -= 1
                onResult(t.finish(code))
                finished = true
            }
            if mc == CURLM_OK && !finished && !active.isEmpty { mc = curl_multi_poll(multi, nil, 0, 200, nil) }
            if mc != CURLM_OK {
                let why = String(cString: curl_multi_strerror(mc))
                for (easy, t) in active {
                    curl_multi_remove_handle(multi, easy)
                    var r = t.finish(CURLE_OK)
                    r.outcome = .failed(FetchError(.network, "libcurl: \(why)"))
                    onResult(r)
                }
                active.removeAll()
                while let r = queue.next(where: { _ in true }) { onResult(Self.failure(r, FetchError(.network, "libcurl: \(why)"))) }
                break
            }
            if finished || active.count < options.maxConcurrent || cancellation?.isStopping == true { startMore() }
        }
    }

    /// Convenience for small batches and tests: all results, in request order.
    public func fetchAll(_ requests: [FetchRequest], cancellation: FetchCancellation? = nil) -> [FetchResult] {
        var byKey: [Int: FetchResult] = [:]
        var index: [Int64: [Int]] = [:]
        for (i, r) in requests.enumerated() { index[r.key, default: []].append(i) }
        run(requests, cancellation: cancellation) { result in
            if var slots = index[result.request.key], !slots.isEmpty {
                byKey[slots.removeFirst()] = result
                index[result.request.key] = slots
            }
        }
        return requests.indices.map { byKey[$0] ?? Self.failure(requests[$0], FetchError(.network, "no result")) }
    }

    static func failure(_ r: FetchRequest, _ e: FetchError) -> FetchResult {
        FetchResult(request: r, outcome: .failed(e), effectiveURL: r.url)
    }
}

/// Requests waiting to start, one FIFO per host, served round-robin across hosts.
struct HostQueue {
    private var queues: [String: [FetchRequest]] = [:]
    private var heads: [String: Int] = [:]
    private var hosts: [String] = []
    private var cursor = 0

    init(_ requests: [FetchRequest]) {
        for r in requests {
            let host = URLHost.lowercased(of: r.url) ?? ""
            if queues[host] == nil { hosts.append(host) }
            queues[host, default: []].append(r)
        }
    }

    var isEmpty: Bool { hosts.isEmpty }

    /// The next request whose host is allowed now, starting after the host served last.
    mutating func next(where allowed: (String) -> Bool) -> FetchRequest? {
        take(where: allowed)?.request
    }

    /// `next`, with the request's host (lowercased), which the queue has already parsed out of its URL.
    mutating func take(where allowed: (String) -> Bool) -> (request: FetchRequest, host: String)? {
        guard !hosts.isEmpty else { return nil }
        for step in 0..<hosts.count {
            let i = (cursor + step) % hosts.count
            let host = hosts[i]
            let head = heads[host, default: 0]
            guard let q = queues[host], head < q.count, allowed(host) else { continue }
            heads[host] = head + 1
            cursor = (i + 1) % hosts.count
            if head + 1 == q.count {
                // Drop exhausted hosts so the scan stays short.
                queues[host] = nil
                heads[host] = nil
                hosts.remove(at: i)
                cursor = hosts.isEmpty ? 0 : i % hosts.count
            }
            return (q[head], host)
        }
        return nil
    }
}
