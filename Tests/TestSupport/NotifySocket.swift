import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`; collects every message received.
public final class NotifySocket: Sendable {
    public let path: String
    private let fd: Int32
    private final class Inbox: Sendable { let messages = Mutex<[String]>([]) }
    private let inbox = Inbox()

    public init() {
        path = "/tmp/veille-notify-\(UUID().uuidString.prefix(12))"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let box = inbox
        Thread {
            var buf = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buf, buf.count, 0)
                if n > 0 { box.messages.withLock { $0.append(String(decoding: buf[0..<n], as: UTF8.self)) } }
                else if n < 0 && errno != EAGAIN && errno != EINTR { return }
            }
        }.start()
    }

    public var messages: [String] { inbox.messages.withLock { $0 } }

    /// Waits until a message satisfying `predicate` has arrived (at index ≥ `after`); returns its index.
    @discardableResult
    public func waitFor(after: Int = 0, seconds: Double, _ predicate: (String) -> Bool) -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            let m = messages
            if after < m.count, let i = m[after...].firstIndex(where: predicate) { return i }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return nil
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        unlink(path)
    }
}
