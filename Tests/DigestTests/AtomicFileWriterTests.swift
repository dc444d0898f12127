import Foundation
import Testing
@testable import Digest

@Suite("Writing digest files atomically")
struct AtomicFileWriterTests {
    /// A fresh directory, removed when the test ends.
    final class TemporaryDirectory {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory
                .appendingPathComponent("veille-digest-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var entries: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path).sorted()) ?? [] }
    }

    @Test func writesAndReplacesLeavingNoTemporaryFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/2026-11-28.md"
        try AtomicFileWriter.write(Data("première version\n".utf8), to: path)
        try AtomicFileWriter.write(Data("seconde\n".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("seconde\n".utf8))
        try AtomicFileWriter.write(Data(), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data())
        #expect(dir.entries == ["2026-11-28.md"])
    }

    @Test func partsAreWrittenAsOneFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/digest.atom"
        try AtomicFileWriter.write(parts: ["<feed>\n", "", "  <entry>é</entry>\n", "</feed>\n"], to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("<feed>\n  <entry>é</entry>\n</feed>\n".utf8))
        try AtomicFileWriter.write("résumé", to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("résumé".utf8))
        #expect(dir.entries == ["digest.atom"])
    }

    /// kill -9 between create and rename leaves ".NAME.RANDOM.tmp": old ones are swept, young ones
    /// (another process writing right now) and everything else are kept.
    @Test func staleTemporaryFilesOfKilledWritersAreRemoved() throws {
        let dir = try TemporaryDirectory()
        let stale = dir.path + "/.2026-11-28.html.k3j2h1.tmp", young = dir.path + "/.2026-11-28.md.a1b2.tmp"
        for p in [stale, young, dir.path + "/2026-11-28.html", dir.path + "/.hidden"] {
            _ = FileManager.default.createFile(atPath: p, contents: Data("x".utf8))
        }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-600)], ofItemAtPath: stale)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-600)], ofItemAtPath: dir.path + "/.hidden")
        #expect(AtomicFileWriter.removeStaleTemporaries(in: dir.path) == 1)
        #expect(dir.entries == [".2026-11-28.md.a1b2.tmp", ".hidden", "2026-11-28.html"])
    }

    @Test func respectsTheUmask() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/x.html"
        try AtomicFileWriter.write(Data("x".utf8), to: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        let mask = umask(0o022)
        umask(mask)
        #expect(mode == 0o666 & ~Int(mask))
    }

    @Test func failsCleanlyWhenTheDirectoryIsMissing() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: AtomicFileWriter.WriteError.self) {
            try AtomicFileWriter.write(Data("x".utf8), to: dir.path + "/missing/x.md")
        }
        #expect(dir.entries.isEmpty)
    }

    /// A reader thread reads the file in a tight loop while it is rewritten many times with
    /// contents of different sizes: every read must be one complete version.
    @Test func readerNeverSeesAPartialFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/2026-11-28.html"
        let versions = (0..<4).map { i in
            Data((String(repeating: "<p>version \(i)</p>\n", count: 4000 * (i + 1)) + "</html>\n").utf8)
        }
        try AtomicFileWriter.write(versions[0], to: path)

        final class ReaderState: @unchecked Sendable {  // guarded by `lock`
            let lock = NSLock()
            var stop = false
            var reads = 0
            var partial = 0
        }
        let state = ReaderState()
        let finished = DispatchSemaphore(value: 0)
        let reader = Thread {
            while true {
                let data = FileManager.default.contents(atPath: path)
                state.lock.lock()
                state.reads += 1
                if let data, !versions.contains(data) { state.partial += 1 }
                let stop = state.stop
                state.lock.unlock()
                if stop { break }
            }
            finished.signal()
        }
        reader.start()
        for round in 0..<200 {
            try AtomicFileWriter.write(versions[round % versions.count], to: path)
        }
        state.lock.lock()
        state.stop = true
        state.lock.unlock()
        finished.wait()
        #expect(state.reads > 1)
        #expect(state.partial == 0)
        #expect(dir.entries == ["2026-11-28.html"])
    }

    @Test func latestLinksPointAtTheNewestDayAndAreReplacedAtomically() throws {
        let dir = try TemporaryDirectory()
        try AtomicFileWriter.write(Data("27".utf8), to: dir.path + "/2026-11-27.html")
        try AtomicFileWriter.write(Data("28".utf8), to: dir.path + "/2026-11-28.html")
        try AtomicFileWriter.updateLink(named: "latest.html", to: "2026-11-27.html", in: dir.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/latest.html") == "2026-11-27.html")
        try AtomicFileWriter.updateLink(named: "latest.html", to: "2026-11-28.html", in: dir.path)
        // Relative target: the folder can be moved or served as is.
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/latest.html") == "2026-11-28.html")
        #expect(FileManager.default.contents(atPath: dir.path + "/latest.html") == Data("28".utf8))
        #expect(dir.entries == ["2026-11-27.html", "2026-11-28.html", "latest.html"])
    }

    @Test func linkReplacesAPlainFileAndRejectsPaths() throws {
        let dir = try TemporaryDirectory()
        try AtomicFileWriter.write(Data("old".utf8), to: dir.path + "/latest.md")
        try AtomicFileWriter.updateLink(named: "latest.md", to: "2026-11-28.md", in: dir.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/latest.md") == "2026-11-28.md")
        for bad in ["", "..", "a/b"] {
            #expect(throws: AtomicFileWriter.WriteError.self) {
                try AtomicFileWriter.updateLink(named: bad, to: "x", in: dir.path)
            }
        }
    }
}
