import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes digest files so that a reader (a browser, a feed reader, `less`) only ever sees the old
/// file or the new one, never a half-written one, and so that a crash leaves one of the two intact:
/// the data goes to a temporary file in the same directory, is flushed to disk, and is renamed over
/// the old file (rename is atomic within a file system); the directory is then flushed so the
/// rename itself survives a power loss.
public enum AtomicFileWriter {
    public struct WriteError: Error, CustomStringConvertible, Equatable {
        public let operation: String
        public let path: String
        public let code: Int32

        public var description: String {
            "\(operation) \(path): \(String(cString: strerror(code)))"
        }
    }

    /// Replaces (or creates) the file at `path` with `data`. The new file's permissions are 0666
    /// less the process umask, as for any newly created file, unless `permissions` says otherwise
    /// (a file another user's service reads, under the unit's `UMask=0077`).
    public static func write(_ data: Data, to path: String, permissions: mode_t? = nil) throws(WriteError) {
        try write(to: path, permissions: permissions) { fd, tempPath throws(WriteError) in
            try data.withUnsafeBytes { bytes in Result { () throws(WriteError) in try writeAll(bytes, to: fd, path: tempPath) } }.get()
        }
    }

    /// `write` of a text's UTF-8, straight from the string's own storage: a digest's Atom feed is
    /// megabytes, and a copy of it into a `Data` raised the cycle's peak memory.
    public static func write(_ text: String, to path: String, permissions: mode_t? = nil) throws(WriteError) {
        try write(parts: [text], to: path, permissions: permissions)
    }

    /// `write` of the texts one after the other, as one file.
    public static func write(parts: [String], to path: String, permissions: mode_t? = nil) throws(WriteError) {
        try write(to: path, permissions: permissions) { fd, tempPath throws(WriteError) in
            for var part in parts {
                try part.withUTF8 { bytes in
                    Result { () throws(WriteError) in try writeAll(UnsafeRawBufferPointer(bytes), to: fd, path: tempPath) }
                }.get()
            }
        }
    }

    private static func write(to path: String, permissions: mode_t?,
                              contents: (Int32, String) throws(WriteError) -> Void) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let (fd, tempPath) = try createTemporary(in: dir, for: url.lastPathComponent)
        var renamed = false
        defer { if !renamed { unlink(tempPath) } }
        do throws(WriteError) {
            try contents(fd, tempPath)
            if let permissions, fchmod(fd, permissions) != 0 { throw WriteError(operation: "chmod", path: tempPath, code: errno) }
            guard fsync(fd) == 0 else { throw WriteError(operation: "fsync", path: tempPath, code: errno) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw WriteError(operation: "close", path: tempPath, code: errno) }
        guard rename(tempPath, path) == 0 else { throw WriteError(operation: "rename", path: path, code: errno) }
        renamed = true
        try syncDirectory(dir)
    }

    /// Points the symbolic link `dir/named` (e.g. "latest.html") at `target` (e.g.
    /// "2026-11-28.html", relative to `dir` so the folder can be moved), replacing any previous link
    /// atomically: a new link is made under a temporary name and renamed over the old one.
    public static func updateLink(named name: String, to target: String, in dir: String) throws(WriteError) {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw WriteError(operation: "link", path: name, code: EINVAL)
        }
        let path = dir + "/" + name
        var tempPath = ""
        for _ in 0..<16 {
            tempPath = dir + "/." + name + "." + randomSuffix() + ".tmp"
            if symlink(target, tempPath) == 0 { break }
            guard errno == EEXIST else { throw WriteError(operation: "symlink", path: tempPath, code: errno) }
            tempPath = ""
        }
        guard !tempPath.isEmpty else { throw WriteError(operation: "symlink", path: path, code: EEXIST) }
        guard rename(tempPath, path) == 0 else {
            let code = errno
            unlink(tempPath)
            throw WriteError(operation: "rename", path: path, code: code)
        }
        try syncDirectory(dir)
    }

    /// Removes the temporary files (".NAME.RANDOM.tmp") that writers killed between create and rename
    /// (kill -9, a watchdog, the OOM killer) left in `dir`, when older than `age` seconds: a write in
    /// progress in another process (its file is younger) is left alone. Returns how many were removed.
    @discardableResult
    public static func removeStaleTemporaries(in dir: String, olderThan age: TimeInterval = 60, now: Date = Date()) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") && name.count > 5 {
            let path = dir + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let modified = attributes[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > age else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// A new file named ".NAME.RANDOM.tmp" beside the target: hidden, and on the same file system.
    private static func createTemporary(in dir: String, for name: String) throws(WriteError) -> (Int32, String) {
        for _ in 0..<16 {
            let path = dir + "/." + name + "." + randomSuffix() + ".tmp"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, path) }
            guard errno == EEXIST else { throw WriteError(operation: "create", path: path, code: errno) }
        }
        throw WriteError(operation: "create", path: dir + "/." + name + ".*.tmp", code: EEXIST)
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32, path: String) throws(WriteError) {
        let failure: Int32? = {
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }()
        if let failure { throw WriteError(operation: "write", path: path, code: failure) }
    }

    // The static `write` above shadows the C function inside this type.
    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #elseif canImport(Musl)
        Musl.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    private static func syncDirectory(_ dir: String) throws(WriteError) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteError(operation: "open", path: dir, code: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw WriteError(operation: "fsync", path: dir, code: errno) }
    }

    private static func randomSuffix() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}
