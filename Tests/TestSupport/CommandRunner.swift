import Foundation

/// Runs the built `veille` executable (it sits beside the test bundle in .build/<configuration>/).
public enum CommandRunner {
    public static var veille: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = here.appendingPathComponent("veille").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
        return root.appendingPathComponent(".build/debug/veille").path
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs to completion; output is collected through files so a chatty child never blocks on a pipe.
    /// `wrapper` runs veille through another command, e.g. `["unshare", "-m", "sh", "-c", SCRIPT, "sh"]`:
    /// veille's path is then the wrapper's next argument (`$1` of the script), its arguments follow.
    public static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                           wrapper: [String] = []) throws -> Output {
        let p = try start(arguments, environment: environment, directory: directory, wrapper: wrapper)
        p.process.waitUntilExit()
        return Output(status: p.process.terminationStatus, stdout: p.stdout(), stderr: p.stderr())
    }

    public final class Running: @unchecked Sendable {
        public let process: Process
        let outPath: String
        let errPath: String
        init(process: Process, outPath: String, errPath: String) {
            self.process = process
            self.outPath = outPath
            self.errPath = errPath
        }
        public func stdout() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        public func stderr() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
        public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }
        /// Waits up to `seconds` for the process to exit; true when it did.
        public func wait(seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            return !process.isRunning
        }
        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            unlink(outPath)
            unlink(errPath)
        }
    }

    public static func start(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                             wrapper: [String] = []) throws -> Running {
        let p = Process()
        if wrapper.isEmpty {
            p.executableURL = URL(fileURLWithPath: veille)
            p.arguments = arguments
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = wrapper + [veille] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "JOURNAL_STREAM")
        env.removeValue(forKey: "STATE_DIRECTORY")
        env.removeValue(forKey: "VEILLE_CONFIG")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let tmp = FileManager.default.temporaryDirectory
        let out = tmp.appendingPathComponent("veille-out-\(UUID().uuidString)").path
        let err = tmp.appendingPathComponent("veille-err-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: out)
        p.standardError = FileHandle(forWritingAtPath: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return Running(process: p, outPath: out, errPath: err)
    }
}

/// A temporary folder, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String
    public init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("veille-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    public func write(_ name: String, _ text: String) {
        FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8))
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
