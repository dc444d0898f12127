import Foundation

/// The tests' own HTTP server on 127.0.0.1 (`feedserver.py`), started once per test process.
/// Network tests talk to nothing else.
public final class LoopbackServer: Sendable {
    public let port: Int
    private let process: Process

    public static let shared: LoopbackServer = {
        do { return try LoopbackServer() } catch { fatalError("cannot start the loopback test server: \(error)") }
    }()

    /// `arguments` go to feedserver.py, e.g. `["--tls", certPath, keyPath]` for an HTTPS server.
    public init(arguments: [String] = []) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("feedserver.py")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path] + arguments
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
    public func httpsURL(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// A self-signed certificate for 127.0.0.1 made now with openssl (valid one day), in `dir`.
    /// Returns the certificate and key paths.
    public static func makeSelfSignedCertificate(in dir: String) throws -> (cert: String, key: String) {
        let cert = dir + "/cert.pem", key = dir + "/key.pem"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                       "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return (cert, key)
    }

    deinit { kill(process.processIdentifier, SIGKILL) }
}
