import Foundation

/// Edits Feeds.toml as text, so that every byte the user wrote — comments, order, spacing — stays
/// as it was: `veille add` appends one `[[feed]]` block, `veille remove` deletes exactly one.
/// Each result is re-validated before it is written.
public enum FeedsFileEditor {
    public struct NewFeed: Sendable, Equatable {
        public var name: String
        public var url: String
        public var tags: [String]
        public init(name: String, url: String, tags: [String] = []) {
            self.name = name
            self.url = url
            self.tags = tags
        }
    }

    /// `text` with a `[[feed]]` block appended.
    public static func appending(_ feed: NewFeed, to text: String) -> String {
        var out = text
        if !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
        if !out.isEmpty && !out.hasSuffix("\n\n") { out += "\n" }
        out += "[[feed]]\n"
        out += "name = \(quote(feed.name))\n"
        out += "url = \(quote(feed.url))\n"
        if !feed.tags.isEmpty { out += "tags = [\(feed.tags.map(quote).joined(separator: ", "))]\n" }
        return out
    }

    /// `text` without the `[[feed]]` block whose name (case-insensitive) or URL is `nameOrURL`;
    /// nil when no feed matches. Comment lines right above the next block belong to it and stay.
    public static func removing(_ nameOrURL: String, from text: String, fileName: String = "Feeds.toml") throws(ConfigError) -> String? {
        let config = try ConfigLoader.parse(text: text, fileName: fileName)
        let wanted = nameOrURL.trimmingWhitespace()
        guard let feed = config.feeds.first(where: {
            $0.name.lowercased() == wanted.lowercased() || $0.url.absoluteString == wanted
                || URL(string: wanted).map(FeedURL.identity) == FeedURL.identity($0.url)
        }), let headerLine = feed.line else { return nil }

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        let start = headerLine - 1
        var end = start + 1
        while end < lines.count {
            let t = lines[end].trimmingWhitespace()
            if t.hasPrefix("[") { break }
            end += 1
        }
        // Blank and comment lines just before the next header introduce the next block: keep them.
        if end < lines.count {
            while end > start + 1 {
                let t = lines[end - 1].trimmingWhitespace()
                guard t.isEmpty || t.hasPrefix("#") else { break }
                end -= 1
            }
        }
        // Drop one blank line before the block so that removals do not pile up empty lines.
        var from = start
        if from > 0, lines[from - 1].trimmingWhitespace().isEmpty { from -= 1 }
        lines.removeSubrange(from..<end)
        return lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// A TOML basic string.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Writes `text` to `path` atomically (temporary file, fsync, rename), keeping the file's mode,
    /// so the running daemon never reads half a file.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: tmp.path, contents: Data(text.utf8), attributes: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: tmp.path])
        }
        if let mode = attributes?[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: tmp.path)
        }
        let fd = open(tmp.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(tmp.path, path) == 0 else {
            let e = errno
            unlink(tmp.path)
            throw POSIXError(POSIXErrorCode(rawValue: e) ?? .EIO)
        }
    }
}
