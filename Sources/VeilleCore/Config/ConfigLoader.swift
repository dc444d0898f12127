import Foundation
import TextFormats
import TOMLKit

/// Feeds.toml → `Configuration`. Every problem is collected (not only the first) and placed at its
/// line and column; unknown keys are errors because a typo must never be silently ignored.
public enum ConfigLoader {
    /// Reads and validates the file at `path`. `displayName` is what messages call the file.
    public static func load(path: String, displayName: String? = nil) throws(ConfigError) -> Configuration {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw ConfigError([ConfigDiagnostic(file: name, line: 1, column: 1, message: why)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError([ConfigDiagnostic(file: name, line: 1, column: 1, message: "the file is not valid UTF-8")])
        }
        var config = try parse(text: text, fileName: name)
        config.sourcePath = path
        return config
    }

    public static func parse(text: String, fileName: String) throws(ConfigError) -> Configuration {
        let locator = TOMLKeyLocator(text: text, recordKeys: false)
        if !locator.malformedHeaders.isEmpty || !locator.braceInArray.isEmpty {
            let headers = locator.malformedHeaders.map {
                ConfigDiagnostic(file: fileName, line: $0.line, column: $0.column,
                                 message: "a table header needs a name after '[' (a letter, digit, _ or -, or a quoted name)")
            }
            let braces = locator.braceInArray.map {
                ConfigDiagnostic(file: fileName, line: $0.line, column: $0.column,
                                 message: "'}' where the array expects a value or ']'")
            }
            throw ConfigError((headers + braces).sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError([ConfigDiagnostic(file: fileName, line: e.source.begin.line,
                                                column: e.source.begin.column, message: ConfigReader.oneLine(e.description))])
        } catch {
            throw ConfigError([ConfigDiagnostic(file: fileName, line: 1, column: 1, message: ConfigReader.oneLine("\(error)"))])
        }
        var reader = ConfigReader(fileName: fileName, text: text, headers: locator)
        let config = reader.read(root)
        if !reader.diagnostics.isEmpty {
            throw ConfigError(reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return config
    }
}

/// Walks the parsed table, converting and validating each known key, and remembering every problem.
struct ConfigReader {
    let fileName: String
    let text: String
    /// Headers only (feeds keep their header's line); keys are located when a diagnostic needs one.
    let locator: TOMLKeyLocator
    private var keyLocator: TOMLKeyLocator?
    var diagnostics: [ConfigDiagnostic] = []

    init(fileName: String, text: String, headers: TOMLKeyLocator) {
        self.fileName = fileName
        self.text = text
        self.locator = headers
    }

    static let daemonKeys = ["state_dir", "poll_interval", "min_interval", "max_interval", "max_concurrent",
                             "per_host", "timeout", "connect_timeout", "max_feed_size", "user_agent", "keep_days"]
    static let digestKeys = ["dir", "timezone", "formats", "language", "atom_days", "tag_labels"]
    static let dedupeKeys = ["window"]
    static let metricsKeys = ["textfile"]
    static let feedKeys = ["name", "url", "tags", "enabled", "poll_interval"]

    mutating func read(_ root: TOMLTable) -> Configuration {
        var config = Configuration()
        checkUnknown(root, path: "", known: ["daemon", "digest", "dedupe", "metrics", "feed"], what: "the top level")
        if let t = table(root, "daemon") { config.daemon = readDaemon(t) }
        if let t = table(root, "digest") { config.digest = readDigest(t) }
        if let t = table(root, "dedupe") { config.dedupe = readDedupe(t) }
        if let t = table(root, "metrics") { config.metrics = readMetrics(t) }
        config.feeds = readFeeds(root, daemon: config.daemon)
        return config
    }

    // MARK: sections

    private mutating func readDaemon(_ t: TOMLTable) -> DaemonSettings {
        var d = DaemonSettings()
        let p = "daemon"
        checkUnknown(t, path: p, known: Self.daemonKeys, what: "[daemon]")
        if let v = string(t, "state_dir", p) {
            if v.isEmpty { error(at: "\(p).state_dir", "state_dir must not be empty") } else { d.stateDir = v }
        }
        if let v = duration(t, "min_interval", p, min: 60) { d.minInterval = v }
        if let v = duration(t, "max_interval", p, min: 60) { d.maxInterval = v }
        if d.maxInterval < d.minInterval {
            error(at: "\(p).max_interval", "max_interval (\(DurationSyntax.format(d.maxInterval))) is shorter than min_interval (\(DurationSyntax.format(d.minInterval)))")
        }
        d.pollInterval = max(d.minInterval, min(d.maxInterval, d.pollInterval))
        if let v = duration(t, "poll_interval", p, min: 60) {
            if v < d.minInterval || v > d.maxInterval {
                error(at: "\(p).poll_interval", "poll_interval \(DurationSyntax.format(v)) is outside [min_interval, max_interval] = [\(DurationSyntax.format(d.minInterval)), \(DurationSyntax.format(d.maxInterval))]")
            } else {
                d.pollInterval = v
            }
        }
        if let v = int(t, "max_concurrent", p, range: 1...1000) { d.maxConcurrent = v }
        if let v = int(t, "per_host", p, range: 1...100) { d.perHost = v }
        if let v = duration(t, "timeout", p, min: 1, max: 3600) { d.timeout = v }
        if let v = duration(t, "connect_timeout", p, min: 1, max: 3600) { d.connectTimeout = v }
        if d.connectTimeout > d.timeout {
            error(at: "\(p).connect_timeout", "connect_timeout (\(DurationSyntax.format(d.connectTimeout))) is longer than timeout (\(DurationSyntax.format(d.timeout)))")
        }
        if let v = string(t, "max_feed_size", p) {
            switch ByteSizeSyntax.parse(v) {
            case .success(let n) where n >= 1024: d.maxFeedSize = n
            case .success: error(at: "\(p).max_feed_size", "max_feed_size must be at least 1KB")
            case .failure(let e): error(at: "\(p).max_feed_size", e.message)
            }
        }
        if let v = string(t, "user_agent", p) {
            if v.trimmingWhitespace().isEmpty || v.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true }) {
                error(at: "\(p).user_agent", "user_agent must be one non-empty line")
            } else {
                d.userAgent = v
            }
        }
        if let v = int(t, "keep_days", p, range: 1...3650) { d.keepDays = v }
        return d
    }

    private mutating func readDigest(_ t: TOMLTable) -> DigestSettings {
        var d = DigestSettings()
        let p = "digest"
        checkUnknown(t, path: p, known: Self.digestKeys, what: "[digest]")
        if let v = string(t, "dir", p) {
            if v.isEmpty { error(at: "\(p).dir", "dir must not be empty") } else { d.dir = v }
        }
        if let v = string(t, "timezone", p) {
            if v.contains("/") || v == "UTC", let tz = ZoneInfoDirectory.rules(named: v) { d.timeZone = tz }
            else { error(at: "\(p).timezone", "unknown time zone '\(v)' (use an IANA name such as \"Europe/Paris\")") }
        }
        if let list = stringArray(t, "formats", p) {
            var formats: [DigestSettings.Format] = []
            for s in list {
                if let f = DigestSettings.Format(rawValue: s.lowercased()) {
                    if !formats.contains(f) { formats.append(f) }
                } else {
                    error(at: "\(p).formats", "unknown digest format '\(s)' (choose among md, html, atom, json)")
                }
            }
            if list.isEmpty { error(at: "\(p).formats", "formats must name at least one of md, html, atom, json") }
            else { d.formats = formats }
        }
        if let v = string(t, "language", p) {
            if let l = DigestSettings.Language(rawValue: v.lowercased()) { d.language = l }
            else { error(at: "\(p).language", "unknown language '\(v)' (choose fr or en)") }
        }
        if let v = int(t, "atom_days", p, range: 1...31) { d.atomDays = v }
        if let v = t["tag_labels"] {
            if let labels = v.table {
                for tag in labels.keys.sorted() {
                    guard let label = string(labels, tag, "\(p).tag_labels") else { continue }
                    if label.trimmingWhitespace().isEmpty || label.contains(where: \.isNewline) {
                        error(at: "\(p).tag_labels.\(tag)", "the label of tag '\(tag)' must be one non-empty line")
                    } else {
                        d.tagLabels[tag] = label.trimmingWhitespace()
                    }
                }
            } else {
                error(at: "\(p).tag_labels", "'tag_labels' must be a table: write it as a [digest.tag_labels] section of tag = \"Label\" lines")
            }
        }
        return d
    }

    private mutating func readDedupe(_ t: TOMLTable) -> DedupeSettings {
        var d = DedupeSettings()
        checkUnknown(t, path: "dedupe", known: Self.dedupeKeys, what: "[dedupe]")
        if let v = duration(t, "window", "dedupe", min: 3600, max: 30 * 86_400) { d.window = v }
        return d
    }

    private mutating func readMetrics(_ t: TOMLTable) -> MetricsSettings {
        var m = MetricsSettings()
        checkUnknown(t, path: "metrics", known: Self.metricsKeys, what: "[metrics]")
        if let v = string(t, "textfile", "metrics") {
            if v.isEmpty || v.hasSuffix("/") {
                error(at: "metrics.textfile", "textfile must name a file, e.g. \"/var/lib/prometheus/node-exporter/veille.prom\"")
            } else if !v.hasSuffix(".prom") {
                // node_exporter's textfile collector reads *.prom only: any other name would be silently ignored.
                error(at: "metrics.textfile", "textfile '\(v)' must end in .prom (node_exporter's textfile collector reads only *.prom files)")
            } else {
                m.textfile = v
            }
        }
        return m
    }

    private mutating func readFeeds(_ root: TOMLTable, daemon: DaemonSettings) -> [FeedConfig] {
        guard let value = root["feed"] else { return [] }
        guard let array = value.array else {
            error(at: "feed", "'feed' must be an array of tables: write each feed as a [[feed]] block")
            return []
        }
        var feeds: [FeedConfig] = []
        var seenNames: [String: Int] = [:]
        var seenURLs: [String: Int] = [:]
        for (i, element) in array.enumerated() {
            let p = "feed[\(i)]"
            guard let t = element.table else {
                error(at: p, "each feed must be a table ([[feed]] with name and url)")
                continue
            }
            checkUnknown(t, path: p, known: Self.feedKeys, what: "[[feed]]")
            let headerLine = locator.headers[p]?.line
            let name = string(t, "name", p)?.trimmingWhitespace()
            let urlText = string(t, "url", p)?.trimmingWhitespace()
            if name == nil && t["name"] == nil { error(at: p, "feed is missing its 'name'") }
            if urlText == nil && t["url"] == nil { error(at: p, "feed is missing its 'url'") }
            var url: URL?
            if let u = urlText {
                switch FeedURL.validate(u) {
                case .success(let v): url = v
                case .failure(let e): error(at: "\(p).url", e.message)
                }
            }
            if let n = name, n.isEmpty { error(at: "\(p).name", "feed name must not be empty") }
            var tags: [String] = []
            if let list = stringArray(t, "tags", p) {
                for tag in list.map({ $0.trimmingWhitespace() }) {
                    if tag.isEmpty || tag.contains(where: { $0.isNewline || $0 == "/" || $0 == "\\" }) {
                        error(at: "\(p).tags", "invalid tag '\(tag)': tags are non-empty words without slashes or line breaks")
                    } else if !tags.contains(tag) {
                        tags.append(tag)
                    }
                }
            }
            let enabled = bool(t, "enabled", p) ?? true
            var interval: Seconds?
            if let v = duration(t, "poll_interval", p, min: 60) {
                if v < daemon.minInterval || v > daemon.maxInterval {
                    error(at: "\(p).poll_interval", "poll_interval \(DurationSyntax.format(v)) is outside [min_interval, max_interval] = [\(DurationSyntax.format(daemon.minInterval)), \(DurationSyntax.format(daemon.maxInterval))]")
                } else {
                    interval = v
                }
            }
            guard let n = name, !n.isEmpty, let u = url else { continue }
            if let first = seenNames[n.lowercased()] {
                error(at: "\(p).name", "duplicate feed name '\(n)' (first used by the feed at line \(first))")
                continue
            }
            let identity = FeedURL.identity(u)
            if let first = seenURLs[identity] {
                error(at: "\(p).url", "duplicate feed URL '\(u.absoluteString)' (first used by the feed at line \(first))")
                continue
            }
            seenNames[n.lowercased()] = headerLine ?? 0
            seenURLs[identity] = headerLine ?? 0
            feeds.append(FeedConfig(name: n, url: u, tags: tags, enabled: enabled, pollInterval: interval, line: headerLine))
        }
        return feeds
    }

    // MARK: typed accessors (nil when absent or wrong; wrong values are reported)

    private mutating func table(_ t: TOMLTable, _ key: String) -> TOMLTable? {
        guard let v = t[key] else { return nil }
        guard let table = v.table else {
            error(at: key, "'\(key)' must be a table: write it as a [\(key)] section")
            return nil
        }
        return table
    }

    private mutating func string(_ t: TOMLTable, _ key: String, _ path: String) -> String? {
        guard let v = t[key] else { return nil }
        guard let s = v.string else {
            error(at: "\(path).\(key)", "'\(key)' must be a string, found \(Self.describe(v))")
            return nil
        }
        return s
    }

    private mutating func int(_ t: TOMLTable, _ key: String, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard let v = t[key] else { return nil }
        guard v.type == .int, let n = v.int else {
            error(at: "\(path).\(key)", "'\(key)' must be a whole number, found \(Self.describe(v))")
            return nil
        }
        guard range.contains(n) else {
            error(at: "\(path).\(key)", "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(n)")
            return nil
        }
        return n
    }

    private mutating func bool(_ t: TOMLTable, _ key: String, _ path: String) -> Bool? {
        guard let v = t[key] else { return nil }
        guard v.type == .bool, let b = v.bool else {
            error(at: "\(path).\(key)", "'\(key)' must be true or false, found \(Self.describe(v))")
            return nil
        }
        return b
    }

    private mutating func duration(_ t: TOMLTable, _ key: String, _ path: String, min: Int, max: Int = Int.max) -> Seconds? {
        guard let v = t[key] else { return nil }
        guard let s = v.string else {
            error(at: "\(path).\(key)", "'\(key)' must be a duration string such as \"30m\" or \"1h30m\", found \(Self.describe(v))")
            return nil
        }
        switch DurationSyntax.parse(s) {
        case .failure(let e):
            error(at: "\(path).\(key)", e.message)
            return nil
        case .success(let n):
            if n < min {
                error(at: "\(path).\(key)", "'\(key)' must be at least \(DurationSyntax.format(min)), found \"\(s)\"")
                return nil
            }
            if n > max {
                error(at: "\(path).\(key)", "'\(key)' must be at most \(DurationSyntax.format(max)), found \"\(s)\"")
                return nil
            }
            return n
        }
    }

    private mutating func stringArray(_ t: TOMLTable, _ key: String, _ path: String) -> [String]? {
        guard let v = t[key] else { return nil }
        guard let a = v.array else {
            error(at: "\(path).\(key)", "'\(key)' must be an array of strings such as [\"tech\"], found \(Self.describe(v))")
            return nil
        }
        var out: [String] = []
        for item in a {
            guard let s = item.string else {
                error(at: "\(path).\(key)", "'\(key)' must contain only strings, found \(Self.describe(item))")
                return nil
            }
            out.append(s)
        }
        return out
    }

    private mutating func checkUnknown(_ t: TOMLTable, path: String, known: [String], what: String) {
        for key in t.keys.sorted() where !known.contains(key) {
            let full = path.isEmpty ? key : "\(path).\(key)"
            var message = path.isEmpty ? "unknown table or key '\(key)' at the top level" : "unknown key '\(key)' in \(what)"
            if let guess = Self.closest(to: key, in: known) { message += " (did you mean '\(guess)'?)" }
            error(at: full, message, atKey: true)
        }
    }

    // MARK: helpers

    private mutating func error(at path: String, _ message: String, atKey: Bool = false) {
        let pos: TOMLKeyLocator.Position
        let locator = keyLocator ?? TOMLKeyLocator(text: text)
        keyLocator = locator
        if let k = locator.keys[path] {
            // Unknown keys point at the key; bad values at the value.
            pos = atKey ? k.key : k.value
        } else if let h = locator.headers[path] ?? locator.headers[path + "[0]"] {
            pos = h
        } else if let parent = path.split(separator: ".").dropLast().joined(separator: ".") as String?,
                  let h = locator.headers[parent] {
            pos = h
        } else {
            pos = .init(line: 1, column: 1)
        }
        diagnostics.append(ConfigDiagnostic(file: fileName, line: pos.line, column: pos.column, message: Self.oneLine(message)))
    }

    /// Messages quote values from the file, which may span lines (a multi-line string as a URL):
    /// control characters are written as escapes so that every diagnostic stays one line (found by
    /// the Feeds.toml fuzzer).
    static func oneLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return message }
        var out = ""
        for u in message.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u{%02X}", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    static func describe(_ v: TOMLValueConvertible) -> String {
        switch v.type {
        case .string: return "string \"\(v.string ?? "")\""
        case .int: return "integer \(v.int ?? 0)"
        case .double: return "number \(v.double ?? 0)"
        case .bool: return "boolean \(v.bool ?? false)"
        case .array: return "an array"
        case .table: return "a table"
        default: return "a date/time"
        }
    }

    /// A likely intended key for a typo (edit distance ≤ 2).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
