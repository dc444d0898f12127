import Foundation
import Testing
import TestSupport
import VeilleStore

/// veille's surroundings turning hostile: a full disk, a read-only state directory, a corrupted
/// database, Feeds.toml replaced by garbage under the running daemon. Each gives a clear error and
/// loses nothing. The disk cases mount a small tmpfs in a private mount namespace (`unshare -m`,
/// which needs root): the mount disappears with the process, nothing on the host changes.
@Suite("Hostile environment", .serialized)
struct HostileEnvironmentTests {
    let server = LoopbackServer.shared

    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    func config(_ dir: TemporaryDirectory, feeds: [(String, String)], formats: String = #"["md", "html", "atom", "json"]"#) {
        var text = "[daemon]\nstate_dir = \"state\"\n\n[digest]\nformats = \(formats)\n\n"
        for (name, path) in feeds { text += "[[feed]]\nname = \"\(name)\"\nurl = \"\(server.url(path))\"\n\n" }
        dir.write("Feeds.toml", text)
    }

    func sha(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    // MARK: corrupted database

    @Test func corruptedDatabaseIsReportedAndNeverOverwritten() throws {
        let dir = TemporaryDirectory()
        config(dir, feeds: [("Numerama", "/feed")])
        try FileManager.default.createDirectory(atPath: dir.file("state"), withIntermediateDirectories: true)
        var rng = SystemRandomNumberGenerator()
        let garbage = Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &rng) })
        FileManager.default.createFile(atPath: dir.file("state/veille.sqlite"), contents: garbage)

        for command in [["poll", "--all"], ["feeds"], ["run"]] {
            let out = try CommandRunner.run(command + ["--config", dir.file("Feeds.toml")])
            #expect(out.status != 0, "\(command): must refuse a corrupted database")
            #expect(out.stderr.contains("cannot open the database \(dir.file("state/veille.sqlite"))"), "\(command): \(out.stderr)")
            #expect(out.stderr.contains("file is not a database"), "\(command): says why: \(out.stderr)")
            #expect(sha(dir.file("state/veille.sqlite")) == garbage, "\(command): the file is left as it was, for the user to inspect")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("state/digests/digest.atom")), "no digest from nothing")
    }

    @Test func databaseWithATornPageIsReportedNotRepairedSilently() throws {
        let dir = TemporaryDirectory()
        config(dir, feeds: [("Numerama", "/feed")])
        #expect(try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")]).status == 0)
        // Overwrite the second page (the feed table's b-tree) with garbage, keep the header intact.
        let path = dir.file("state/veille.sqlite")
        var bytes = try #require(sha(path))
        let page = 4096
        #expect(bytes.count > 3 * page)
        for i in page..<(2 * page) { bytes[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        FileManager.default.createFile(atPath: path, contents: bytes)
        let out = try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")])
        #expect(out.status != 0, "a damaged database must not be polled into: \(out.stdout)")
        #expect(out.stderr.contains("database") && out.stderr.contains("malformed"), "\(out.stderr)")
    }

    // MARK: read-only state directory

    @Test(.enabled(if: HostileEnvironmentTests.canMount, "needs root for a private read-only mount"))
    func readOnlyStateDirectoryGivesAClearErrorAndChangesNothing() throws {
        let dir = TemporaryDirectory()
        config(dir, feeds: [("Numerama", "/feed"), ("01net", "/feeds/01net.xml")])
        #expect(try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")]).status == 0)
        let before = try Store(path: dir.file("state/veille.sqlite")).entries(firstSeenSince: .distantPast).count
        let dbBefore = sha(dir.file("state/veille.sqlite"))
        // A read-only bind mount of the state folder, in a private mount namespace.
        let ro = ["unshare", "-m", "sh", "-c",
                  "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", dir.file("state")]
        for command in [["poll", "--all"], ["run"]] {
            let out = try CommandRunner.run(command + ["--config", dir.file("Feeds.toml")], wrapper: ro)
            #expect(out.status != 0, "\(command) cannot work without a writable state: \(out.stdout)")
            #expect(out.stderr.contains("(the state directory \(dir.file("state")) is not writable: it is on a read-only file system)"),
                    "\(command): says the state is read-only: \(out.stderr)")
        }
        #expect(sha(dir.file("state/veille.sqlite")) == dbBefore)
        let store = try Store(path: dir.file("state/veille.sqlite"))
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.entries(firstSeenSince: .distantPast).count == before)
    }

    @Test(.enabled(if: HostileEnvironmentTests.canMount, "needs root for a private read-only mount"))
    func readOnlyDigestFolderDoesNotStopPolling() throws {
        let dir = TemporaryDirectory()
        config(dir, feeds: [("Numerama", "/feed")])
        try FileManager.default.createDirectory(atPath: dir.file("state/digests"), withIntermediateDirectories: true)
        let ro = ["unshare", "-m", "sh", "-c",
                  "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", dir.file("state/digests")]
        let out = try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")], wrapper: ro)
        #expect(out.status == 0, "the store is fine, the cycle is done: \(out.stderr)")
        #expect(out.stdout.contains("digest not written:") && out.stdout.contains("Read-only file system"), "\(out.stdout)")
        #expect(try Store(path: dir.file("state/veille.sqlite")).entries(firstSeenSince: .distantPast).count > 0)
    }

    // MARK: full disk

    @Test(.enabled(if: HostileEnvironmentTests.canMount, "needs root for a private tmpfs"))
    func fullDiskGivesAClearErrorAndLosesNothingCommitted() throws {
        let dir = TemporaryDirectory()
        let keep = dir.file("kept")
        // First a good state on the real disk, then the same state on a 400 KB tmpfs where a burst
        // of large feeds cannot fit; the result is copied out before the namespace goes away.
        config(dir, feeds: [("Numerama", "/feed")])
        #expect(try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")]).status == 0)
        let before = try Store(path: dir.file("state/veille.sqlite")).entries(firstSeenSince: .distantPast).map(\.id)
        #expect(!before.isEmpty)
        config(dir, feeds: [("Numerama", "/feed")] + (1...12).map { ("Gros \($0)", "/changing/gros\($0)?keep=400") })
        try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        let script = """
        state="$0"; keep="$1"; shift
        cp -a "$state" "$keep/before" && mount -t tmpfs -o size=400k tmpfs "$state" && cp -a "$keep/before/." "$state/" || exit 99
        "$@"; rc=$?
        echo "exit=$rc" >&2
        cp -a "$state" "$keep/after"
        exit $rc
        """
        let full = ["unshare", "-m", "sh", "-c", script, dir.file("state"), keep]
        let out = try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")], wrapper: full)
        #expect(out.status != 99, "the tmpfs could not be set up: \(out.stderr)")
        let said = out.stdout + out.stderr
        #expect(said.contains("database or disk is full") || said.contains("No space left on device"), "a clear error: \(said)")
        // Whatever was committed before is still there, and the file is consistent.
        let store = try Store(path: keep + "/after/veille.sqlite")
        #expect(try store.integrityCheck() == "ok")
        let after = Set(try store.entries(firstSeenSince: .distantPast).map(\.id))
        #expect(Set(before).isSubset(of: after))
        // Digest files present are whole (atomic writes: old or new, never half).
        let digests = keep + "/after/digests"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: digests)) ?? [] where !name.hasPrefix(".") {
            let text = (try? String(contentsOfFile: digests + "/" + name, encoding: .utf8)) ?? ""
            if name.hasSuffix(".html") { #expect(text.hasSuffix("</html>\n") || text.hasSuffix("</html>"), "\(name) whole") }
            if name.hasSuffix(".json") { #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "\(name) parses") }
        }
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: digests)) ?? []).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "a failed write removes its temporary file: \(leftovers)")
    }

    // MARK: Feeds.toml replaced by garbage

    @Test func garbageFeedsTomlKeepsTheLastGoodConfigurationRunning() throws {
        let dir = TemporaryDirectory()
        config(dir, feeds: [("Numerama", "/feed")])
        let good = try String(contentsOfFile: dir.file("Feeds.toml"), encoding: .utf8)
        let notify = NotifySocket()
        let daemon = try CommandRunner.start(["run", "--config", dir.file("Feeds.toml")], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(notify.waitFor(seconds: 20) { $0.hasPrefix("READY=1") } != nil, "\(daemon.stderr())")
        func storedFeeds() -> [FeedState] { (try? Store(path: dir.file("state/veille.sqlite")).feeds()) ?? [] }
        #expect(waitUntil(seconds: 15) { storedFeeds().first?.lastSuccessAt != nil }, "polled at start")

        // Garbage: binary bytes, invalid UTF-8, NULs. The daemon notices the edit by itself.
        var rng = SystemRandomNumberGenerator()
        let garbage = Data([0xff, 0xfe, 0x00, 0x5b, 0x5b]) + Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) })
        FileManager.default.createFile(atPath: dir.file("Feeds.toml"), contents: garbage)
        #expect(waitUntil(seconds: 15) { daemon.stderr().contains("configuration not reloaded (Feeds.toml changed): keeping the running one") },
                "\(daemon.stderr())")
        // And text garbage, through SIGHUP this time.
        dir.write("Feeds.toml", "<html><body>502 Bad Gateway</body></html>\n[[feed\nname = \n")
        daemon.signal(SIGHUP)
        #expect(waitUntil(seconds: 15) { daemon.stderr().contains("configuration not reloaded (SIGHUP): keeping the running one") },
                "\(daemon.stderr())")
        // A truncated (empty) file would unsubscribe every feed: refused too.
        FileManager.default.createFile(atPath: dir.file("Feeds.toml"), contents: Data())
        #expect(waitUntil(seconds: 15) { daemon.stderr().contains("Feeds.toml is empty; keeping the running one (1 feeds)") },
                "\(daemon.stderr())")
        #expect(daemon.process.isRunning)
        let feeds = storedFeeds()
        #expect(feeds.count == 1 && feeds[0].configured && feeds[0].enabled, "the running configuration's feed stays subscribed")

        // A good file again, with one more feed: applied, and the new feed is polled.
        dir.write("Feeds.toml", good + "[[feed]]\nname = \"01net\"\nurl = \"\(server.url("/feeds/01net.xml"))\"\n\n")
        #expect(waitUntil(seconds: 15) { storedFeeds().first { $0.name == "01net" }?.lastSuccessAt != nil }, "\(daemon.stderr())")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10))
        #expect(daemon.process.terminationStatus == 0)
    }

    func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return condition()
    }
}
