import Foundation
import Logging
import Testing
import TestSupport
@testable import VeilleStore
@testable import VeilleCore

/// The Prometheus text file: its format checked line by line as node_exporter's parser would, its
/// figures, and its writing after each cycle.
@Suite("Prometheus metrics", .serialized)
struct MetricsTests {
    let server = LoopbackServer.shared
    static let now = Date(timeIntervalSince1970: 1_795_860_000)   // Saturday 28 November 2026, 11:00 in Paris

    static func feed(_ id: Int64, _ name: String, failures: Int = 0, status: Int? = 200, polled: Bool = true,
                     enabled: Bool = true, entries: Int = 0) -> FeedState {
        FeedState(id: id, url: "https://exemple.fr/\(id)/feed", name: name, tags: [], configured: true, enabled: enabled,
                  fetchURL: nil, etag: nil, lastModified: nil, title: nil, siteURL: nil,
                  lastPolledAt: polled ? now.addingTimeInterval(-60) : nil,
                  lastSuccessAt: polled && failures == 0 ? now.addingTimeInterval(-60) : (polled ? now.addingTimeInterval(-7200) : nil),
                  lastErrorAt: failures > 0 ? now.addingTimeInterval(-60) : nil, lastError: failures > 0 ? "HTTP 503" : nil,
                  lastStatus: polled ? status : nil, consecutiveFailures: failures,
                  nextPollAt: now.addingTimeInterval(1800), gone: false, hints: StoredFeedHints(), entryCount: entries)
    }

    static func sampleMetrics() -> VeilleMetrics {
        var report = PollReport()
        report.polled = 3; report.fetched = 1; report.notModified = 1
        report.failures = [.init(feed: "Next", url: "https://exemple.fr/2/feed", message: "HTTP 503")]
        report.newEntries = 12; report.updatedEntries = 2
        report.timings = [("fetch", 0.812), ("parse", 0.05), ("store", 0.031), ("cluster", 0.2), ("digest", 0.044)]
        report.totalSeconds = 1.1
        return VeilleMetrics(
            now: now, startedAt: now.addingTimeInterval(-3600), version: "1.2.3",
            feeds: [feed(1, "Numérama", entries: 40), feed(2, "Next", failures: 3, status: 503, entries: 7),
                    feed(3, "Le \"Monde\" \\ Pixels", polled: false), feed(4, "Korben", enabled: false)],
            cycle: report, counters: .init(cycles: 7, newEntries: 120, feedFailures: 5, digestFailures: 0),
            store: StoreCounts(entries: 47, events: 30, threads: 25),
            digest: .init(seconds: 0.044, lastSuccess: now, failing: false))
    }

    @Test func theFileIsValidExpositionFormat() throws {
        let parsed = try Exposition(Self.sampleMetrics().text)
        #expect(parsed.types["veille_cycles_total"] == "counter")
        #expect(parsed.types["veille_feed_consecutive_failures"] == "gauge")
        for (name, type) in parsed.types where type == "counter" { #expect(name.hasSuffix("_total"), "\(name)") }
        for name in parsed.types.keys { #expect(name.hasPrefix("veille_")) }
    }

    @Test func feedFiguresAreLabelledByFeedName() throws {
        let p = try Exposition(Self.sampleMetrics().text)
        #expect(p.value("veille_feed_consecutive_failures", ["feed": "Next"]) == 3)
        #expect(p.value("veille_feed_up", ["feed": "Next"]) == 0)
        #expect(p.value("veille_feed_up", ["feed": "Numérama"]) == 1)
        #expect(p.value("veille_feed_last_http_status", ["feed": "Next"]) == 503)
        #expect(p.value("veille_feed_entries", ["feed": "Numérama"]) == 40)
        #expect(p.value("veille_feed_last_success_timestamp_seconds", ["feed": "Numérama"]) == Self.now.timeIntervalSince1970 - 60)
        // Never polled: no up/status/last success, but its info says so; a name with quotes and a backslash survives.
        #expect(p.value("veille_feed_up", ["feed": "Le \"Monde\" \\ Pixels"]) == nil)
        #expect(p.value("veille_feed_info", ["feed": "Le \"Monde\" \\ Pixels", "url": "https://exemple.fr/3/feed", "state": "new"]) == 1)
        #expect(p.value("veille_feed_info", ["feed": "Korben", "url": "https://exemple.fr/4/feed", "state": "disabled"]) == 1)
        #expect(p.value("veille_feed_consecutive_failures", ["feed": "Korben"]) == nil, "a disabled feed is not failing")
    }

    @Test func cycleStoreAndDigestFigures() throws {
        let p = try Exposition(Self.sampleMetrics().text)
        #expect(p.value("veille_cycle_stage_duration_seconds", ["stage": "fetch"]) == 0.812)
        #expect(p.value("veille_cycle_stage_duration_seconds", ["stage": "digest"]) == 0.044)
        #expect(p.value("veille_cycle_feeds", ["outcome": "failed"]) == 1)
        #expect(p.value("veille_cycle_entries", ["change": "new"]) == 12)
        #expect(p.value("veille_cycles_total") == 7)
        #expect(p.value("veille_store_entries") == 47)
        #expect(p.value("veille_store_events") == 30)
        #expect(p.value("veille_store_threads") == 25)
        #expect(p.value("veille_digest_failing") == 0)
        #expect(p.value("veille_build_info", ["version": "1.2.3"]) == 1)
        #expect(p.value("veille_start_time_seconds") == Self.now.timeIntervalSince1970 - 3600)
    }

    @Test func theCheckerRejectsWhatTheCollectorWould() {
        // So that a passing test above means something.
        #expect(throws: Exposition.Invalid.self) { try Exposition("veille_x 1\n") }   // no TYPE
        #expect(throws: Exposition.Invalid.self) { try Exposition("# TYPE veille_x gauge\nveille_x{feed=\"a\"b\"} 1\n") }
        #expect(throws: Exposition.Invalid.self) { try Exposition("# TYPE veille_x gauge\nveille_x 1\nveille_x 2\n") }
        #expect(throws: Exposition.Invalid.self) { try Exposition("# TYPE veille_x gauge\nveille_x 1,5\n") }
        #expect(throws: Exposition.Invalid.self) { try Exposition("# TYPE veille-x gauge\nveille-x 1\n") }
    }

    /// Prometheus's own checker, where it is installed (Debian package `prometheus`; not in CI).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")))
    func promtoolAcceptsTheFileAndTheExampleRules() throws {
        func promtool(_ args: [String], input: String?) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
            p.arguments = args
            let inPipe = Pipe(), outPipe = Pipe()
            p.standardInput = inPipe
            p.standardOutput = outPipe
            p.standardError = outPipe
            try p.run()
            if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
            try inPipe.fileHandleForWriting.close()
            let out = outPipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: out, as: UTF8.self))
        }
        let metrics = try promtool(["check", "metrics"], input: Self.sampleMetrics().text)
        #expect(metrics.0 == 0 && metrics.1.isEmpty, "promtool check metrics: \(metrics.1)")
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/prometheus-alerts.yml").standardizedFileURL.path
        let checked = try promtool(["check", "rules", rules], input: nil)
        #expect(checked.0 == 0, "promtool check rules: \(checked.1)")
    }

    @Test func labelEscaping() {
        #expect(PrometheusText.escapeLabel("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
        #expect(PrometheusText.format(3) == "3")
        #expect(PrometheusText.format(0.25) == "0.250000")
        #expect(PrometheusText.format(.infinity) == "+Inf")
    }

    // MARK: - Written by the cycle

    func engine(_ dir: TemporaryDirectory, textfile: String?) throws -> VeilleEngine {
        var c = Configuration()
        c.daemon.stateDir = dir.path
        c.metrics.textfile = textfile
        c.feeds = [FeedConfig(name: "Numerama", url: URL(string: server.url("/feeds/numerama.xml"))!),
                   FeedConfig(name: "Absent", url: URL(string: server.url("/status/404"))!)]
        return try VeilleEngine(configuration: c, paths: StatePaths.resolve(c, environment: [:]), logger: Logger(label: "t"),
                                now: { Self.now })
    }

    @Test func eachCycleRewritesTheFile() async throws {
        let dir = TemporaryDirectory()
        // As under the unit's UMask=0077: the file must still be readable by node_exporter's user.
        let savedMask = umask(0o077)
        defer { umask(savedMask) }
        let e = try engine(dir, textfile: "veille.prom")
        _ = try await e.pollOnce(all: true)
        let first = try Exposition(String(contentsOfFile: dir.file("veille.prom"), encoding: .utf8))
        #expect(first.value("veille_cycles_total") == 1)
        #expect(first.value("veille_feed_up", ["feed": "Numerama"]) == 1)
        #expect(first.value("veille_feed_up", ["feed": "Absent"]) == 0)
        #expect(first.value("veille_feed_last_http_status", ["feed": "Absent"]) == 404)
        #expect(first.value("veille_store_entries") == 3)
        #expect(first.value("veille_feed_entries", ["feed": "Numerama"]) == 3)
        #expect(first.value("veille_cycle_stage_duration_seconds", ["stage": "cluster"]) != nil)
        #expect(first.value("veille_digest_last_success_timestamp_seconds") == Self.now.timeIntervalSince1970)
        _ = try await e.pollOnce(all: true)
        let second = try Exposition(String(contentsOfFile: dir.file("veille.prom"), encoding: .utf8))
        #expect(second.value("veille_cycles_total") == 2)
        #expect(second.value("veille_feed_consecutive_failures", ["feed": "Absent"]) == 2)
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("veille.prom"))[.posixPermissions] as? Int
        #expect(mode == 0o644, "node_exporter runs as another user")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func anUnwritableTextfileDoesNotFailTheCycle() async throws {
        let dir = TemporaryDirectory()
        let e = try engine(dir, textfile: "no-such-folder/veille.prom")
        let report = try await e.pollOnce(all: true)
        #expect(report.newEntries == 3)
        #expect(report.digestError == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.file("no-such-folder/veille.prom")))
    }

    @Test func noTextfileConfiguredWritesNothing() async throws {
        let dir = TemporaryDirectory()
        let e = try engine(dir, textfile: nil)
        _ = try await e.pollOnce(all: true)
        let proms = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".prom") }
        #expect(proms.isEmpty)
    }

    @Test func textfileIsResolvedAgainstTheStateDirectory() {
        let paths = StatePaths(stateDir: "/var/lib/veille", digestDir: "/var/lib/veille/digests")
        #expect(paths.metricsFile(MetricsSettings(textfile: "veille.prom")) == "/var/lib/veille/veille.prom")
        #expect(paths.metricsFile(MetricsSettings(textfile: "/var/lib/prometheus/node-exporter/veille.prom"))
                == "/var/lib/prometheus/node-exporter/veille.prom")
        #expect(paths.metricsFile(MetricsSettings()) == nil)
    }
}

/// A strict reader of the text exposition format (what node_exporter's textfile collector accepts):
/// `# HELP`/`# TYPE` once per family and before its samples, metric and label names as the format
/// defines them, quoted label values with `\\`, `\"` and `\n` escapes, Go-parsable values, no
/// series twice.
struct Exposition {
    struct Invalid: Error, CustomStringConvertible { let description: String }

    var types: [String: String] = [:]
    var samples: [String: Double] = [:]   // "name{k=v,...}" with labels sorted

    init(_ text: String) throws {
        var helped = Set<String>()
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = String(line)
            if l.isEmpty { continue }
            func fail(_ why: String) -> Invalid { Invalid(description: "line \(n + 1): \(why): \(l)") }
            if l.hasPrefix("# HELP ") || l.hasPrefix("# TYPE ") {
                let parts = l.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3, Self.isMetricName(parts[2]) else { throw fail("bad metric name") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else { throw fail("bad type") }
                    guard types[parts[2]] == nil else { throw fail("TYPE twice") }
                    guard !samples.keys.contains(where: { $0 == parts[2] || $0.hasPrefix(parts[2] + "{") }) else { throw fail("TYPE after samples") }
                    types[parts[2]] = parts[3]
                } else {
                    guard helped.insert(parts[2]).inserted else { throw fail("HELP twice") }
                }
                continue
            }
            if l.hasPrefix("#") { continue }
            var i = l.startIndex
            while i < l.endIndex, l[i] != "{", l[i] != " " { i = l.index(after: i) }
            let name = String(l[l.startIndex..<i])
            guard Self.isMetricName(name) else { throw fail("bad metric name") }
            guard types[name] != nil else { throw fail("sample before its TYPE") }
            var labels: [(String, String)] = []
            if i < l.endIndex, l[i] == "{" {
                i = l.index(after: i)
                while i < l.endIndex, l[i] != "}" {
                    var k = i
                    while k < l.endIndex, l[k] != "=" { k = l.index(after: k) }
                    let key = String(l[i..<k])
                    guard Self.isLabelName(key), k < l.endIndex else { throw fail("bad label name") }
                    k = l.index(after: k)
                    guard k < l.endIndex, l[k] == "\"" else { throw fail("unquoted label value") }
                    k = l.index(after: k)
                    var value = ""
                    while true {
                        guard k < l.endIndex else { throw fail("unterminated label value") }
                        let c = l[k]
                        if c == "\"" { break }
                        if c == "\\" {
                            k = l.index(after: k)
                            guard k < l.endIndex else { throw fail("dangling escape") }
                            switch l[k] {
                            case "\\": value.append("\\")
                            case "\"": value.append("\"")
                            case "n": value.append("\n")
                            default: throw fail("unknown escape")
                            }
                        } else {
                            value.append(c)
                        }
                        k = l.index(after: k)
                    }
                    labels.append((key, value))
                    i = l.index(after: k)
                    if i < l.endIndex, l[i] == "," { i = l.index(after: i) }
                    else if i < l.endIndex, l[i] != "}" { throw fail("expected , or }") }
                }
                guard i < l.endIndex else { throw fail("unterminated labels") }
                i = l.index(after: i)
            }
            guard i < l.endIndex, l[i] == " " else { throw fail("no value") }
            let rest = l[l.index(after: i)...].split(separator: " ")
            guard (1...2).contains(rest.count) else { throw fail("bad value") }
            let v = String(rest[0])
            let value: Double
            switch v {
            case "+Inf": value = .infinity
            case "-Inf": value = -.infinity
            case "NaN": value = .nan
            default:
                guard v.allSatisfy({ "0123456789.eE+-".contains($0) }), let d = Double(v) else { throw fail("bad value") }
                value = d
            }
            let key = Self.key(name, labels)
            guard samples[key] == nil else { throw fail("series twice") }
            samples[key] = value
        }
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples[Self.key(name, labels.map { ($0.key, $0.value) })]
    }

    static func key(_ name: String, _ labels: [(String, String)]) -> String {
        labels.isEmpty ? name : name + "{" + labels.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    static func isMetricName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || f == ":" || (f.isASCII && f.properties.isAlphabetic) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    static func isLabelName(_ s: String) -> Bool {
        !s.contains(":") && isMetricName(s) && !s.hasPrefix("__")
    }
}
