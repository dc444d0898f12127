import Foundation
import Testing
@testable import VeilleCore
#if canImport(Glibc)
import Glibc
#endif

@Suite("sd_notify")
struct SystemdNotifierTests {
    /// Binds a datagram socket like systemd does and returns what arrives.
    final class Listener {
        let fd: Int32
        let path: String
        init(abstract: Bool) throws {
            path = abstract ? "@veille-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
                            : FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            var bytes = Array(path.utf8)
            if abstract { bytes[0] = 0 }
            withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
            let len = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
            let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
            guard rc == 0 else { throw POSIXError(.EADDRINUSE) }
            var tv = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
        func receive() -> String? {
            var buf = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buf, buf.count, 0)
            return n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : nil
        }
        deinit {
            close(fd)
            if !path.hasPrefix("@") { unlink(path) }
        }
    }

    @Test(arguments: [false, true])
    func messagesArriveExactly(abstract: Bool) throws {
        let l = try Listener(abstract: abstract)
        let n = SystemdNotifier(environment: ["NOTIFY_SOCKET": l.path])
        #expect(n.isActive)
        #expect(n.notify("READY=1\nSTATUS=44 feeds, 0 failing"))
        #expect(l.receive() == "READY=1\nSTATUS=44 feeds, 0 failing")
        #expect(n.notify("WATCHDOG=1"))
        #expect(l.receive() == "WATCHDOG=1")
    }

    @Test func withoutSystemdNothingIsSent() {
        let n = SystemdNotifier(environment: [:])
        #expect(!n.isActive)
        #expect(!n.notify("READY=1"))
    }

    @Test func watchdogIsHalfTheTimeout() {
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "120000000"], pid: 42) == .seconds(60))
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "7"], pid: 42) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "42"], pid: 42) == .seconds(60))
        #expect(SystemdNotifier.watchdogInterval(environment: [:], pid: 42) == nil)
    }
}
