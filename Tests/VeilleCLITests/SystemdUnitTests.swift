import Foundation
import Testing
import TestSupport

/// The shipped unit, checked offline as the notes recommend: `verify` must print nothing, and the
/// sandbox must score an exposure of at most 1.5.
@Suite("systemd unit")
struct SystemdUnitTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL.path

    /// The unit with ExecStart pointing at the binary under test (verify checks that it exists).
    func unitCopy() throws -> (TemporaryDirectory, String) {
        let dir = TemporaryDirectory()
        let unit = try String(contentsOfFile: "\(Self.repo)/systemd/veille.service", encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/veille", with: CommandRunner.veille)
        dir.write("veille.service", unit)
        return (dir, dir.file("veille.service"))
    }

    func analyze(_ args: [String]) throws -> CommandRunner.Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return .init(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func verifyPrintsNothing() throws {
        let (dir, unit) = try unitCopy()
        let r = try analyze(["verify", "--man=no", unit])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "systemd-analyze verify: \(r.stderr)")
        withExtendedLifetime(dir) {}
    }

    @Test func exposureIsAtMostOnePointFive() throws {
        let (dir, unit) = try unitCopy()
        let r = try analyze(["security", "--offline=true", unit])
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = line.split(separator: ":").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") }
        #expect(score != nil && score! <= 1.5, "\(line)")
        withExtendedLifetime(dir) {}
    }

    @Test func unitHasTheRequiredServiceSettings() throws {
        let unit = try String(contentsOfFile: "\(Self.repo)/systemd/veille.service", encoding: .utf8)
        for line in ["Type=notify", "DynamicUser=yes", "StateDirectory=veille", "ConfigurationDirectory=veille",
                     "WatchdogSec=", "ExecReload=", "Environment=SWIFT_BACKTRACE=enable=no"] {
            #expect(unit.contains(line), "\(line)")
        }
    }
}
