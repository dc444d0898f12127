import Foundation
import Testing
import TestSupport
import VeilleStore

/// `veille run` as systemd runs it: a real process, a notify socket bound by the test, signals.
@Suite("Daemon", .serialized)
struct DaemonTests {
    let server = LoopbackServer.shared

    func entries(_ dir: TemporaryDirectory) -> [StoredEntry] {
        guard FileManager.default.fileExists(atPath: dir.file("state/veille.sqlite")),
              let store = try? Store(path: dir.file("state/veille.sqlite")) else { return [] }
        return (try? store.entries(firstSeenSince: .distantPast)) ?? []
    }

    func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return condition()
    }

    @Test func readyPollReloadInvalidReloadAndCleanStop() throws {
        let dir = TemporaryDirectory()
        let config = """
        [daemon]
        state_dir = "state"
        [[feed]]
        name = "Numerama"
        url = "\(server.url("/feed"))"

        """
        dir.write("Feeds.toml", config)
        let notify = NotifySocket()
        let daemon = try CommandRunner.start(["run", "--config", dir.file("Feeds.toml")],
                                             environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"])
        let ready = notify.waitFor(seconds: 20) { $0.hasPrefix("READY=1") }
        #expect(ready != nil, "READY=1 once the store is open; stderr: \(daemon.stderr())")
        #expect(notify.waitFor(seconds: 5) { $0 == "WATCHDOG=1" } != nil, "watchdog pings at half WATCHDOG_USEC")
        #expect(waitUntil(seconds: 15) { entries(dir).contains { $0.feedName == "Numerama" } }, "the feed is polled at start")

        // `veille add` writes the file; the daemon notices without a signal.
        dir.write("Feeds.toml", config + """
        [[feed]]
        name = "Réseau"
        url = "\(server.url("/feeds/reseau-latin1.xml"))"

        """)
        #expect(waitUntil(seconds: 15) { entries(dir).contains { $0.feedName == "Réseau" } }, "an added feed is polled within seconds")

        // An invalid file + SIGHUP: errors logged with their line, the running configuration stays.
        let before = notify.messages.count
        dir.write("Feeds.toml", "[daemon]\npol_interval = \"30m\"\n")
        daemon.signal(SIGHUP)
        let reloading = notify.waitFor(after: before, seconds: 10) { $0 == "RELOADING=1" }
        #expect(reloading != nil)
        #expect(notify.waitFor(after: (reloading ?? before) + 1, seconds: 10) { $0.hasPrefix("READY=1") } != nil)
        #expect(waitUntil(seconds: 5) { daemon.stderr().contains("Feeds.toml:2:1: unknown key 'pol_interval' in [daemon]") })
        #expect(daemon.process.isRunning)

        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10), "stops within 10 s")
        #expect(daemon.process.terminationStatus == 0)
        #expect(notify.messages.contains("STOPPING=1"))
        let store = try Store(path: dir.file("state/veille.sqlite"))
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func sigtermDuringASlowTransferStopsWithinTenSeconds() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", """
        [daemon]
        state_dir = "state"
        timeout = "60s"
        [[feed]]
        name = "Lent"
        url = "\(server.url("/hang?s=50"))"

        """)
        let notify = NotifySocket()
        let daemon = try CommandRunner.start(["run", "--config", dir.file("Feeds.toml")], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(notify.waitFor(seconds: 20) { $0.hasPrefix("READY=1") } != nil)
        Thread.sleep(forTimeInterval: 1)
        let t0 = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10))
        #expect(Date().timeIntervalSince(t0) < 10)
        #expect(daemon.process.terminationStatus == 0)
    }
}
