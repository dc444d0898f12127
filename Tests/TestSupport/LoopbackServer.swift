import Foundation

/// The tests' own HTTP server on 127.0.0.1 (`feedserver.py`), started once per test process.
/// Network tests talk to nothing else.
public final class LoopbackServer: Sendable {
    public let port: Int
    private let process: Process

    public static let shared: LoopbackServer = {
        do { return try LoopbackServer() } catch { fatalError("cannot start the loopback test server: \(error)") }
    }()

    public init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("feedserver.py")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        try p.run()
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([10]) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            p.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
        self.process = p
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    deinit { kill(process.processIdentifier, SIGKILL) }
}
