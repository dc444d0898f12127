import Foundation
import Testing
@testable import FeedParsing

/// Every input the fuzzer (Fuzz/, `make fuzz`) found crashing, leaking or hanging the parser is kept
/// in Fixtures/fuzz/ and replayed here the way the fuzz target feeds it: each must parse or fail
/// with a FeedParseError, quickly.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let contentTypes: [String?] = [
        nil, "application/rss+xml; charset=utf-8", "application/atom+xml; charset=iso-8859-1",
        "application/feed+json", "text/html; charset=windows-1252", "text/xml; charset=utf-16",
        "application/xml; charset=koi8-r", "text/plain",
    ]

    static var inputs: [String] {
        guard let dir = Bundle.module.url(forResource: "Fixtures/fuzz", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }

    @Test func crashersFoundByTheFuzzerParseOrFailCleanly() throws {
        #expect(!Self.inputs.isEmpty, "Fixtures/fuzz is copied into the test bundle")
        for name in Self.inputs {
            var bytes = Fixture.bytes("fuzz/" + name)
            var contentType: String? = nil
            if bytes.count > 8, bytes.last! < 16 {
                contentType = Self.contentTypes[Int(bytes.removeLast()) % Self.contentTypes.count]
            }
            let start = Date()
            do {
                let feed = try FeedParser.parse(bytes, contentType: contentType, baseURL: URL(string: "https://journal.example.fr/rubrique/flux/"))
                #expect(feed.entries.count >= 0)
            } catch {
                #expect(!error.description.isEmpty, "\(name)")
            }
            #expect(Date().timeIntervalSince(start) < 5, "\(name) parses quickly")
        }
    }
}
