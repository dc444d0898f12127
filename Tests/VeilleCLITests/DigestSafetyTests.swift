import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// End to end through `veille poll`: a feed that tries to inject script into the digests, with a
/// name and tags that try to climb out of the digest folder. The digests show the text, run nothing,
/// and only veille's own file names (dates, digest.atom, latest.*) are ever written.
@Suite("Digest safety end to end")
struct DigestSafetyTests {
    let server = LoopbackServer.shared

    @Test func scriptInjectionAndPathTraversalThroughFeedsNamesAndTags() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", """
        [daemon]
        state_dir = "state"

        [digest]
        formats = ["md", "html", "atom", "json"]
        timezone = "UTC"

        [[feed]]
        name = "../../../../tmp/veille-evasion <script>alert('nom')</script>"
        url = "\(server.url("/feeds/attaque.xml"))"
        tags = ["..", "<img src=x onerror=alert(1)>", "%2e%2e%2fetc", "~root"]

        """)
        let out = try CommandRunner.run(["poll", "--all", "--config", dir.file("Feeds.toml")])
        #expect(out.status == 0, "\(out.stdout) \(out.stderr)")
        #expect(out.stdout.contains("2 new"), "\(out.stdout)")

        // Only veille's own names, nothing outside state/.
        let top = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(top == ["Feeds.toml", "state"])
        let digests = dir.file("state/digests")
        let names = try FileManager.default.contentsOfDirectory(atPath: digests).sorted()
        let allowed = try Regex(#"^(\d{4}-\d{2}-\d{2}\.(md|html|json)|digest\.atom|index\.html|latest\.(md|html|json))$"#)
        for n in names { #expect(n.wholeMatch(of: allowed) != nil, "unexpected file \(n)") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/veille-evasion <script>alert('nom')</script>"))
        let stateFiles = try FileManager.default.subpathsOfDirectory(atPath: dir.file("state"))
        #expect(stateFiles.allSatisfy { !$0.contains("..") && !$0.contains("etc") && !$0.contains("script") && !$0.contains("img") }, "\(stateFiles)")

        let day = try #require(names.first { $0.hasSuffix(".html") && $0 != "latest.html" })
        let html = try String(contentsOfFile: digests + "/" + day, encoding: .utf8).lowercased()
        // Real tags only (text shows "&lt;script&gt;", which is what we want): no active element
        // beyond the page's own <style> in <head>, no event-handler attribute inside a tag, no
        // javascript:/data: URL in an attribute.
        for tag in ["script", "img", "svg", "iframe", "object", "embed", "textarea"] {
            #expect(!html.contains("<\(tag)"), "HTML digest contains a <\(tag)> element")
        }
        #expect(html.components(separatedBy: "<style").count == 2, "only the digest's own stylesheet")
        #expect(html.firstMatch(of: try Regex(#"<[a-z][^>]*\son[a-z]+\s*="#)) == nil, "an event handler attribute")
        #expect(html.firstMatch(of: try Regex(#"(href|src)\s*=\s*"\s*(javascript|data|vbscript):"#)) == nil, "a script URL")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the attack is shown as text")
        #expect(html.hasSuffix("</html>\n") || html.hasSuffix("</html>"))

        let md = try String(contentsOfFile: digests + "/" + day.replacingOccurrences(of: ".html", with: ".md"), encoding: .utf8)
        #expect(!md.contains("](javascript:"), "\(md)")
        let unescaped = md.replacingOccurrences(of: "\\<", with: "")
        #expect(!["<script", "<img", "<svg", "<iframe"].contains { unescaped.lowercased().contains($0) }, "raw HTML in Markdown is escaped: \(md)")

        let json = try #require(FileManager.default.contents(atPath: digests + "/" + day.replacingOccurrences(of: ".html", with: ".json")))
        let object = try JSONSerialization.jsonObject(with: json)
        #expect(!String(decoding: json, as: UTF8.self).contains("javascript:"), "bad links dropped from JSON")
        #expect(object is [String: Any])

        let atom = try #require(FileManager.default.contents(atPath: digests + "/digest.atom"))
        let parser = XMLParser(data: atom)
        #expect(parser.parse(), "digest.atom is well-formed: \(String(describing: parser.parserError))")
        #expect(!String(decoding: atom, as: UTF8.self).contains("javascript:"))
    }

    /// Tags are refused at configuration time when they could name a path.
    @Test func tagsWithSlashesAreRefusedByTheConfiguration() throws {
        let dir = TemporaryDirectory()
        dir.write("Feeds.toml", """
        [[feed]]
        name = "Numerama"
        url = "https://www.numerama.com/feed/"
        tags = ["../../etc", "a/b", "/etc/passwd", "x\\ny"]

        """)
        let out = try CommandRunner.run(["check", "--config", dir.file("Feeds.toml")])
        #expect(out.status == 1)
        for tag in ["../../etc", "a/b", "/etc/passwd"] {
            #expect(out.stderr.contains("invalid tag '\(tag)': tags are non-empty words without slashes or line breaks"), "\(out.stderr)")
        }
    }
}
