import Foundation
import Testing
@testable import VeilleCore

@Suite("Feeds.toml loading")
struct ConfigLoaderTests {
    static func load(_ text: String) throws(ConfigError) -> Configuration {
        try ConfigLoader.parse(text: text, fileName: "Feeds.toml")
    }

    static func errors(_ text: String) -> [String] {
        do {
            _ = try load(text)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func shippedFeedsTomlIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Feeds.toml").standardizedFileURL
        let config = try ConfigLoader.load(path: url.path, displayName: "Feeds.toml")
        #expect(config.feeds.count >= 30)
        #expect(config.feeds.contains { $0.name == "Numerama" && $0.url.absoluteString == "https://www.numerama.com/feed/" })
        #expect(config.feeds.contains { $0.tags.contains("security") })
        #expect(config.daemon.pollInterval == 1800)
        #expect(config.digest.timeZone.identifier == "Europe/Paris")
        // Every tag of the shipped feeds reads as a French word in the digest.
        let tags = Set(config.feeds.flatMap(\.tags))
        #expect(tags.subtracting(config.digest.tagLabels.keys).isEmpty)
        #expect(config.digest.tagLabels["security"] == "Sécurité")
    }

    @Test func tagLabelsAreReadAndChecked() throws {
        let c = try Self.load("""
        [digest.tag_labels]
        politique-numerique = "Politique numérique"
        ia = "Intelligence artificielle"
        """)
        #expect(c.digest.tagLabels == ["politique-numerique": "Politique numérique", "ia": "Intelligence artificielle"])
        #expect(throws: ConfigError.self) { try Self.load("[digest.tag_labels]\nia = 3\n") }
        #expect(throws: ConfigError.self) { try Self.load("[digest]\ntag_labels = \"IA\"\n") }
        #expect(throws: ConfigError.self) { try Self.load("[digest.tag_labels]\nia = \"  \"\n") }
    }

    @Test func emptyFileGivesDesignDefaults() throws {
        let c = try Self.load("")
        #expect(c.daemon.stateDir == nil)
        #expect(c.daemon.pollInterval == 30 * 60)
        #expect(c.daemon.minInterval == 15 * 60)
        #expect(c.daemon.maxConcurrent == 16)
        #expect(c.daemon.perHost == 2)
        #expect(c.daemon.timeout == 30)
        #expect(c.daemon.maxFeedSize == 10 * 1024 * 1024)
        #expect(c.daemon.keepDays == 30)
        #expect(c.digest.dir == "digests")
        #expect(c.digest.formats == [.md, .html, .atom])
        #expect(c.digest.language == .fr)
        #expect(c.dedupe.window == 72 * 3600)
        #expect(c.feeds.isEmpty)
    }

    @Test func fullConfigIsRead() throws {
        let c = try Self.load("""
        [daemon]
        state_dir = "/var/lib/veille"
        poll_interval = "1h30m"
        max_interval = "1d"
        max_concurrent = 4
        per_host = 1
        timeout = "20s"
        connect_timeout = "5s"
        max_feed_size = "512KB"
        user_agent = "veille-test"
        keep_days = 7

        [digest]
        dir = "/srv/digests"
        timezone = "America/Montreal"
        formats = ["html", "json"]
        language = "en"

        [dedupe]
        window = "48h"

        [[feed]]
        name = "Numérama"
        url = "https://www.numerama.com/feed/"
        tags = ["tech", "fr"]

        [[feed]]
        name = "CERT-FR"
        url = "https://www.cert.ssi.gouv.fr/alerte/feed/"
        enabled = false
        poll_interval = "2h"
        """)
        #expect(c.daemon.stateDir == "/var/lib/veille")
        #expect(c.daemon.pollInterval == 5400)
        #expect(c.daemon.maxInterval == 86_400)
        #expect(c.daemon.maxConcurrent == 4)
        #expect(c.daemon.connectTimeout == 5)
        #expect(c.daemon.maxFeedSize == 512 * 1024)
        #expect(c.daemon.userAgent == "veille-test")
        #expect(c.digest.timeZone.identifier == "America/Montreal")
        #expect(c.digest.formats == [.html, .json])
        #expect(c.digest.language == .en)
        #expect(c.dedupe.window == 48 * 3600)
        #expect(c.feeds.map(\.name) == ["Numérama", "CERT-FR"])
        #expect(c.feeds[0].tags == ["tech", "fr"])
        #expect(c.feeds[0].line == 22)
        #expect(c.feeds[1].enabled == false)
        #expect(c.feeds[1].pollInterval == 7200)
        #expect(c.enabledFeeds.count == 1)
    }

    @Test func misspelledKeyNamesItsLineAndColumn() {
        let errs = Self.errors("""
        [daemon]
        # a comment
          pol_interval = "30m"
        """)
        #expect(errs == ["Feeds.toml:3:3: unknown key 'pol_interval' in [daemon] (did you mean 'poll_interval'?)"])
    }

    @Test func metricsTextfileIsReadAndMustEndInProm() throws {
        let c = try Self.load("""
        [metrics]
        textfile = "/var/lib/prometheus/node-exporter/veille.prom"
        """)
        #expect(c.metrics.textfile == "/var/lib/prometheus/node-exporter/veille.prom")
        #expect(try Self.load("").metrics.textfile == nil)
        #expect(Self.errors("""
        [metrics]

        textfile = "/var/lib/prometheus/veille.txt"
        """) == ["Feeds.toml:3:12: textfile '/var/lib/prometheus/veille.txt' must end in .prom (node_exporter's textfile collector reads only *.prom files)"])
        #expect(Self.errors("[metrics]\ntext_file = \"a.prom\"\n") == ["Feeds.toml:2:1: unknown key 'text_file' in [metrics] (did you mean 'textfile'?)"])
    }

    /// Found by the Feeds.toml fuzzer (Fuzz/crashes/toml-crash-bb83c512…): a multi-line string
    /// quoted in a message made a two-line diagnostic, which breaks "one error per line" in logs.
    @Test func diagnosticsStayOneLineWhenTheyQuoteMultiLineValues() {
        let errs = Self.errors(#"""
        [[feed]]
        name = "Numérama"
        url = """ht# Ftps://exemple.fr/
        flux"""
        """#)
        #expect(errs == ["Feeds.toml:3:7: invalid URL 'ht# Ftps://exemple.fr/\\nflux'"])
        #expect(errs.allSatisfy { !$0.contains("\n") && !$0.contains("\t") })
    }

    /// Found by the Feeds.toml fuzzer (Fuzz/seeds/toml/crash-header-escape.toml): toml++ inside
    /// TOMLKit 0.6.0 asserts, aborting the process, on a header whose name starts with a character
    /// that cannot start a key. Each is now a diagnostic, and valid headers still pass.
    @Test(arguments: ["[#note]", "[=]", "[[\u{1B}feed]]", "  [.daemon]", "[", "[ !digest]", "[\u{7F}]", "[é]", "[\u{FFFD}]", "[[€]]", "[\u{651}]", "[[\u{301}feed]]"])
    func headersThatCannotStartAKeyAreErrorsNotCrashes(header: String) {
        let errs = Self.errors("# Feeds.toml\n" + header + "\npoll_interval = \"30m\"\n")
        #expect(errs.count == 1)
        #expect(errs.first?.hasPrefix("Feeds.toml:2:") == true)
        // After a byte-order mark, on the first line (Fuzz/seeds/toml/crash-header-bom.toml).
        #expect(Self.errors("\u{FEFF}" + header + "\n").count == 1)
        #expect(errs.first?.hasSuffix("a table header needs a name after '[' (a letter, digit, _ or -, or a quoted name)") == true)
    }

    /// Found by the Feeds.toml fuzzer (Fuzz/seeds/toml/crash-header-combining-mark.toml): the key
    /// locator read Characters, so "[" followed by a combining mark was one Character, not a header,
    /// and toml++ asserted on it. It reads Unicode scalars now, which also splits "\r\n" lines.
    @Test func combiningMarksAndCRLFDoNotHideStructure() {
        #expect(Self.errors("# Feeds.toml\n[\u{651}]\n").first?.hasPrefix("Feeds.toml:2:2:") == true)
        let crlf = Self.errors("[daemon]\r\npoll_interval = \"30m\"\r\ntimeout = \"jamais\"\r\n")
        #expect(crlf.count == 1 && crlf.first?.hasPrefix("Feeds.toml:3:") == true, "\(crlf)")
        #expect(Self.errors("[[feed]]\nname = \"e\u{301}\"\nurl = \"https://a.example/\"\ntags = [\"a\u{301}\", }\n").first?.hasPrefix("Feeds.toml:4:") == true)
    }

    /// Found by the Feeds.toml fuzzer (Fuzz/seeds/toml/crash-brace-in-array.toml, minimised to `a=[}`):
    /// toml++ asserts (`!is_value_terminator(*cp)`) on a '}' where an array expects a value, after '['
    /// or ',', also across lines and comments or inside an inline table. Each is now a diagnostic.
    @Test(arguments: [
        ("tags = [}", 9), ("tags = [\"a\", }", 14), ("tags = [ }", 10), ("tags = [[}]]", 10),
        ("tags = {x = [}]}", 14), ("tags = [ # c\n}", 0), ("tags = [\n  \"a\",\n\t}", 0),
    ])
    func braceWhereAnArrayExpectsAValueIsAnErrorNotACrash(value: String, column: Int) {
        let errs = Self.errors("[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n" + value + "\n")
        #expect(errs.count == 1, "\(errs)")
        #expect(errs.first?.hasSuffix("'}' where the array expects a value or ']'") == true, "\(errs)")
        if column > 0 { #expect(errs.first?.hasPrefix("Feeds.toml:4:\(column):") == true, "\(errs)") }
    }

    @Test func bracesThatCloseWhatTheyShouldStillParse() throws {
        let c = try Self.load(#"""
        [[feed]]
        name = "A"
        url = "https://a.example/"
        tags = ["a", "}", '}', """
        }"""]
        """#)
        #expect(c.feeds.count == 1)
    }

    @Test func quotedAndIndentedHeadersAndArraysOfArraysStillParse() throws {
        let c = try Self.load("""
          [ "daemon" ]
        poll_interval = "45m"
        [[ feed ]]
        name = "Numérama"
        url = "https://www.numerama.com/feed/"
        tags = [
          "tech",
        ]
        """)
        #expect(c.daemon.pollInterval == 45 * 60)
        #expect(c.feeds.map(\.name) == ["Numérama"])
    }

    @Test func unknownTableAndFeedKey() {
        let errs = Self.errors("""
        [deamon]
        poll_interval = "30m"

        [[feed]]
        name = "A"
        url = "https://a.example/feed"
        tag = ["x"]
        """)
        #expect(errs == [
            "Feeds.toml:1:1: unknown table or key 'deamon' at the top level (did you mean 'daemon'?)",
            "Feeds.toml:7:1: unknown key 'tag' in [[feed]] (did you mean 'tags'?)",
        ])
    }

    @Test func ftpURLIsRefused() {
        let errs = Self.errors("""
        [[feed]]
        name = "Archive"
        url = "ftp://ftp.example.org/feed.xml"
        """)
        #expect(errs == ["Feeds.toml:3:7: unsupported URL scheme 'ftp' in 'ftp://ftp.example.org/feed.xml': only http and https feeds are fetched"])
    }

    @Test func relativeAndFileURLsAreRefused() {
        let errs = Self.errors("""
        [[feed]]
        name = "Local"
        url = "file:///etc/passwd"
        [[feed]]
        name = "Relative"
        url = "/feed.xml"
        """)
        #expect(errs.count == 2)
        #expect(errs[0].hasPrefix("Feeds.toml:3:7: unsupported URL scheme 'file'"))
        #expect(errs[1].hasPrefix("Feeds.toml:6:7: "))
    }

    @Test func wrongTypesAreReportedTogetherInOrder() throws {
        let text = try String(contentsOf: Bundle.module.url(forResource: "Fixtures/many-errors", withExtension: "toml")!, encoding: .utf8)
        let errs = Self.errors(text)
        #expect(errs == [
            "Feeds.toml:2:1: unknown key 'pol_interval' in [daemon] (did you mean 'poll_interval'?)",
            "Feeds.toml:3:11: fractional duration '1.5h': use whole units, e.g. \"1h30m\"",
            "Feeds.toml:4:18: 'max_concurrent' must be a whole number, found string \"16\"",
            "Feeds.toml:7:12: unknown time zone 'Mars/Olympus' (use an IANA name such as \"Europe/Paris\")",
            "Feeds.toml:11:7: unsupported URL scheme 'ftp' in 'ftp://example.org/feed': only http and https feeds are fetched",
            "Feeds.toml:16:8: 'tags' must be an array of strings such as [\"tech\"], found string \"tech\"",
            "Feeds.toml:19:8: duplicate feed name 'b' (first used by the feed at line 13)",
        ])
    }

    @Test func duplicateURLDiffersOnlyByHostCase() {
        let errs = Self.errors("""
        [[feed]]
        name = "One"
        url = "https://Example.org/feed"
        [[feed]]
        name = "Two"
        url = "https://example.org:443/feed"
        """)
        #expect(errs == ["Feeds.toml:6:7: duplicate feed URL 'https://example.org:443/feed' (first used by the feed at line 1)"])
    }

    @Test func missingNameAndURL() {
        let errs = Self.errors("""
        [[feed]]
        tags = ["x"]
        """)
        #expect(errs == ["Feeds.toml:1:1: feed is missing its 'name'", "Feeds.toml:1:1: feed is missing its 'url'"])
    }

    @Test func syntaxErrorCarriesTOMLPosition() {
        let errs = Self.errors("[daemon]\npoll_interval = 30m\n")
        #expect(errs.count == 1)
        #expect(errs[0].hasPrefix("Feeds.toml:2:19: "))
    }

    @Test func integerDurationGetsAHint() {
        let errs = Self.errors("[daemon]\npoll_interval = 30\n")
        #expect(errs == ["Feeds.toml:2:17: 'poll_interval' must be a duration string such as \"30m\" or \"1h30m\", found integer 30"])
    }

    @Test func intervalsMustBeConsistent() {
        #expect(Self.errors("[daemon]\npoll_interval = \"5m\"\n") ==
            ["Feeds.toml:2:17: poll_interval 5m is outside [min_interval, max_interval] = [15m, 12h]"])
        #expect(Self.errors("[daemon]\nmin_interval = \"2h\"\nmax_interval = \"1h\"\n") ==
            ["Feeds.toml:3:16: max_interval (1h) is shorter than min_interval (2h)"])
        #expect(Self.errors("[daemon]\ntimeout = \"5s\"\nconnect_timeout = \"10s\"\n") ==
            ["Feeds.toml:3:19: connect_timeout (10s) is longer than timeout (5s)"])
    }

    @Test func multiLineArraysAndStringsDoNotConfuseLineNumbers() {
        let errs = Self.errors("""
        [digest]
        formats = [
          "md",
          "pdf",
        ]
        # dir = "x"
        dirr = \"\"\"
        [daemon]
        a = 1
        \"\"\"
        """)
        #expect(errs == [
            "Feeds.toml:2:11: unknown digest format 'pdf' (choose among md, html, atom, json)",
            "Feeds.toml:7:1: unknown key 'dirr' in [digest] (did you mean 'dir'?)",
        ])
    }

    @Test func userAgentMustBeOneLine() {
        #expect(Self.errors("[daemon]\nuser_agent = \"a\\r\\nX-Evil: 1\"\n") == ["Feeds.toml:2:14: user_agent must be one non-empty line"])
    }

    @Test func tagsWithSlashesAreRefused() {
        let errs = Self.errors("""
        [[feed]]
        name = "A"
        url = "https://a.example/"
        tags = ["../../etc"]
        """)
        #expect(errs == ["Feeds.toml:4:8: invalid tag '../../etc': tags are non-empty words without slashes or line breaks"])
    }
}
