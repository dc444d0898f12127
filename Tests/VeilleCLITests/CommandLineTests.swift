import Foundation
import Testing
import TestSupport

/// The command-line contract of DESIGN.md, through the real executable.
@Suite("Command line")
struct CommandLineTests {
    let server = LoopbackServer.shared
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL.path

    @Test func checkTheShippedConfiguration() throws {
        let out = try CommandRunner.run(["check", "--config", "\(Self.repo)/Feeds.toml"])
        #expect(out.status == 0)
        #expect(out.stdout == "ok: 44 feeds (44 enabled)\n")
    }

    @Test func checkReportsAMisspelledKeyWithItsLine() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", "[daemon]\n\npol_interval = \"30m\"\n[[feed]]\nname = \"Archive\"\nurl = \"ftp://ftp.example.org/feed\"\n")
        let out = try CommandRunner.run(["check", "--config", dir.file("Feeds.toml")])
        #expect(out.status == 1)
        let lines = out.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == "\(dir.file("Feeds.toml")):3:1: unknown key 'pol_interval' in [daemon] (did you mean 'poll_interval'?)")
        #expect(lines.last?.contains(":6:7: unsupported URL scheme 'ftp'") == true)
    }

    /// `VEILLE_CLUSTER_TIMINGS` (benchmarks) adds one line of phase timings on stderr and changes nothing else.
    @Test func clusterTimingsGoToStderrOnlyWhenAsked() throws {
        let dir = TemporaryDirectory()
        dir.write("items.jsonl", """
        {"id":"n1","title":"Free lance une offre fibre à 8 Gbit/s","published":"2026-03-07T08:30:00+01:00"}
        {"id":"n2","title":"Free dévoile une nouvelle Freebox fibre à 8 Gbit/s","published":"2026-03-07T09:10:00+01:00"}

        """)
        let plain = try CommandRunner.run(["cluster", dir.file("items.jsonl")], environment: ["VEILLE_CLUSTER_TIMINGS": "0"])
        let timed = try CommandRunner.run(["cluster", dir.file("items.jsonl")], environment: ["VEILLE_CLUSTER_TIMINGS": "1"])
        #expect(plain.status == 0 && timed.status == 0)
        #expect(plain.stderr == "")
        #expect(timed.stdout == plain.stdout)
        let lines = timed.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("veille cluster timings: read ") == true)
        #expect(lines.first?.contains("clusterer thread CPU ") == true)
    }

    @Test func configPathComesFromTheEnvironment() throws {
        let dir = TemporaryDirectory()
        dir.write("mine.toml", "")
        let out = try CommandRunner.run(["check"], environment: ["VEILLE_CONFIG": dir.file("mine.toml")])
        #expect(out.stdout == "ok: 0 feeds (0 enabled)\n")
        let missing = try CommandRunner.run(["check"], directory: dir.path)
        #expect(missing.status == 1)
        if !FileManager.default.fileExists(atPath: "/etc/veille/Feeds.toml") {
            // Where veille looked, in order, and how to start.
            #expect(missing.stderr.hasPrefix("veille: no configuration file at Feeds.toml\n"))
            #expect(missing.stderr.contains("--config PATH, then $VEILLE_CONFIG, then /etc/veille/Feeds.toml (when it exists), then ./Feeds.toml"))
            #expect(missing.stderr.contains("To start: touch Feeds.toml && veille add "))
        }
        let explicit = try CommandRunner.run(["poll", "--config", dir.file("absent.toml")])
        #expect(explicit.status == 1)
        #expect(explicit.stderr.hasPrefix("veille: no configuration file at \(dir.file("absent.toml"))"))
    }

    @Test func pollSaysWhenNothingIsDueAndWhichPageToOpen() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", "[daemon]\nstate_dir = \"state\"\n[digest]\nformats = [\"md\", \"html\"]\n[[feed]]\nname = \"Numerama\"\nurl = \"\(server.url("/feeds/numerama.xml"))\"\n")
        let first = try CommandRunner.run(["poll", "--config", dir.file("Feeds.toml")])
        #expect(first.status == 0, "\(first.stderr)")
        let latest = dir.file("state/digests/latest.html")
        #expect(first.stdout.hasSuffix("digest: \(latest)\n"), "the one file to open, last: \(first.stdout)")
        #expect(FileManager.default.fileExists(atPath: latest))
        let again = try CommandRunner.run(["poll", "--config", dir.file("Feeds.toml")])
        let lines = again.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("poll: 0 feeds") == true)
        #expect(lines.contains { $0.hasPrefix("nothing due: next poll at ") && $0.hasSuffix("; `veille poll --all` polls every feed now") })
        #expect(lines.last == "digest: \(latest)")
        let all = try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")])
        #expect(!all.stdout.contains("nothing due"))
    }

    @Test func digestTakesYesterdayAndSaysWhichPageToOpen() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", "[daemon]\nstate_dir = \"state\"\n[digest]\nformats = [\"html\", \"json\"]\ntimezone = \"UTC\"\n")
        let today = try CommandRunner.run(["digest", "--date", "today", "--config", dir.file("Feeds.toml")])
        #expect(today.status == 0, "\(today.stderr)")
        #expect(today.stdout.hasSuffix("open: \(dir.file("state/digests/latest.html"))\n"))
        let yesterday = try CommandRunner.run(["digest", "--date", "yesterday", "--config", dir.file("Feeds.toml")])
        #expect(yesterday.status == 0, "\(yesterday.stderr)")
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let parts = utc.dateComponents([.year, .month, .day], from: Date().addingTimeInterval(-86_400))
        let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        #expect(yesterday.stdout.hasSuffix("open: \(dir.file("state/digests/\(day).html"))\n"))
        let json = try String(contentsOfFile: dir.file("state/digests/\(day).json"), encoding: .utf8)
        #expect(json.contains("\"day\": \"\(day)\""))
        let bad = try CommandRunner.run(["digest", "--date", "demain", "--config", dir.file("Feeds.toml")])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("expected YYYY-MM-DD, today or yesterday"))
    }

    @Test func versionAndHelpListEverySubcommand() throws {
        #expect(try CommandRunner.run(["--version"]).stdout == "0.1.0\n")
        let help = try CommandRunner.run(["--help"]).stdout
        for command in ["run", "poll", "feeds", "add", "remove", "import-opml", "export-opml", "check", "parse"] {
            #expect(help.contains("  \(command) "), "\(command) is documented")
        }
    }

    @Test func pollPrintsFailuresAndASummaryAndExitsZero() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", """
        [daemon]
        state_dir = "state"
        [[feed]]
        name = "Numerama"
        url = "\(server.url("/feed"))"
        [[feed]]
        name = "Absent"
        url = "\(server.url("/status/404"))"
        """)
        let out = try CommandRunner.run(["poll", "--config", dir.file("Feeds.toml"), "--timings"])
        #expect(out.status == 0, "a failing feed does not fail the command: \(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("failed: Absent <\(server.url("/status/404"))>: HTTP 404 Not Found"))
        #expect(lines.contains { $0.hasPrefix("poll: 2 feeds: 1 ok, 0 not modified, 1 failed; 3 new, 0 updated entries;") })
        #expect(lines.contains { $0.hasPrefix("timings: fetch ") && $0.contains("parse") && $0.contains("store") })
        #expect(FileManager.default.fileExists(atPath: dir.file("state/veille.sqlite")))

        let feeds = try CommandRunner.run(["feeds", "--config", dir.file("Feeds.toml"), "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(feeds.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["Numerama", "Absent"])
        #expect(list.map { $0["status"] as? String } == ["ok", "failing"])
        #expect(list[0]["entries"] as? Int == 3)
    }

    @Test func pollWithAnUnusableStoreExitsOne() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", "[daemon]\nstate_dir = \"/proc/veille-no\"\n")
        let out = try CommandRunner.run(["poll", "--config", dir.file("Feeds.toml")])
        #expect(out.status == 1)
        #expect(out.stderr.contains("cannot open the database"))
    }

    @Test func addValidatesAppendsAndRefusesDuplicatesRemoveDeletes() throws {
        let dir = TemporaryDirectory()
        let original = "# mes flux\n[daemon]\nstate_dir = \"state\"   # à côté\n"
        dir.write("Feeds.toml", original)
        let path = dir.file("Feeds.toml")
        let add = try CommandRunner.run(["add", server.url("/feeds/numerama.xml"), "--config", path, "--tag", "tech"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "added: Numerama <\(server.url("/feeds/numerama.xml"))> (3 entries now in the feed)\n")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == original + "\n[[feed]]\nname = \"Numerama\"\nurl = \"\(server.url("/feeds/numerama.xml"))\"\ntags = [\"tech\"]\n")

        let again = try CommandRunner.run(["add", server.url("/feeds/numerama.xml"), "--config", path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already subscribed"))

        let notFeed = try CommandRunner.run(["add", server.url("/empty"), "--config", path])
        #expect(notFeed.status == 1)
        let homePage = try CommandRunner.run(["add", server.url("/feeds/accueil.html?ct=text/html"), "--config", path])
        #expect(homePage.status == 1)
        #expect(homePage.stderr.contains(": not a feed: an HTML page that advertises no feed"), "\(homePage.stderr)")
        #expect(!homePage.stderr.contains("not a feed: not a feed"))

        let page = try CommandRunner.run(["add", server.url("/html"), "--config", path])
        #expect(page.status == 1, "two advertised feeds and no terminal: the user chooses")
        #expect(page.stdout.contains("1. Next : toutes les actualités <\(server.url("/feed/"))>"))

        let remove = try CommandRunner.run(["remove", "numerama", "--config", path])
        #expect(remove.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        #expect(try CommandRunner.run(["remove", "numerama", "--config", path]).status == 1)
    }

    @Test func opmlImportThenExport() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", "")
        dir.write("subs.opml", """
        <?xml version="1.0"?><opml version="1.0"><body>
        <outline text="Sécurité"><outline text="CERT-FR" xmlUrl="https://www.cert.ssi.gouv.fr/alerte/feed/"/></outline>
        <outline text="FTP" xmlUrl="ftp://example.org/feed"/>
        </body></opml>
        """)
        let imp = try CommandRunner.run(["import-opml", dir.file("subs.opml"), "--config", dir.file("Feeds.toml")])
        #expect(imp.status == 0)
        #expect(imp.stdout.contains("imported 1 of 2 feeds"))
        #expect(imp.stdout.contains("skipped: FTP"))
        let exp = try CommandRunner.run(["export-opml", "--config", dir.file("Feeds.toml")])
        #expect(exp.stdout.contains("<outline type=\"rss\" text=\"CERT-FR\" title=\"CERT-FR\" xmlUrl=\"https://www.cert.ssi.gouv.fr/alerte/feed/\" category=\"Sécurité\"/>"))
    }
}
