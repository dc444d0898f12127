import Foundation
import Logging
import TextFormats

/// swift-log handler: one line per event on stderr. Under systemd (stderr connected to the journal,
/// as `$JOURNAL_STREAM` says) each line starts with the `<N>` syslog priority so `journalctl -p`
/// filters by level and the journal adds its own timestamp; elsewhere lines carry a UTC timestamp.
public struct VeilleLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let journal: Bool

    public init(label: String, level: Logger.Level, journal: Bool = VeilleLogHandler.stderrIsJournal()) {
        self.label = label
        self.logLevel = level
        self.journal = journal
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = Self.format(level: event.level, message: "\(event.message)",
                               metadata: metadata.merging(event.metadata ?? [:]) { $1 },
                               journal: journal, date: Date())
        Self.writeToStandardError(line + "\n")
    }

    static func format(level: Logger.Level, message: String, metadata: Logger.Metadata, journal: Bool, date: Date) -> String {
        // Messages are one line: feed-provided text must not forge extra log lines.
        let flat = message.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        let meta = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let body = meta.isEmpty ? flat : "\(flat) \(meta)"
        if journal { return "<\(priority(level))>\(body)" }
        let stamp = Self.utcStamp(date)
        return "\(stamp) \(level.rawValue) \(body)"
    }

    /// write(2) itself rather than FileHandle, whose CoreFoundation-backed code the daemon would keep
    /// resident for its log lines. One call per line, so lines of concurrent tasks do not interleave.
    static func writeToStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                offset += n
            }
        }
    }

    /// "2026-12-07T06:38:10Z", as `date.formatted(.iso8601)` writes it, without its Calendar and
    /// time zone machinery (ICU pages a daemon would keep resident for a timestamp).
    static func utcStamp(_ date: Date) -> String {
        let c = TimeZoneRules.utc.wallClock(at: Int64(date.timeIntervalSince1970.rounded(.down)))
        return Digits.padded(c.year, 4) + "-" + Digits.padded(c.month, 2) + "-" + Digits.padded(c.day, 2) + "T"
            + Digits.padded(c.hour, 2) + ":" + Digits.padded(c.minute, 2) + ":" + Digits.padded(c.second, 2) + "Z"
    }

    /// syslog priorities (sd-daemon(3)).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// True when `$JOURNAL_STREAM` ("DEV:INODE") names the file that fd 2 is (systemd.exec(5)).
    public static func stderrIsJournal(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let dev = UInt64(parts[0]), let ino = UInt64(parts[1]) else { return false }
        var st = stat()
        guard fstat(2, &st) == 0 else { return false }
        return UInt64(st.st_dev) == dev && UInt64(st.st_ino) == ino
    }
}
