import Foundation
import Testing
@testable import VeilleCore

@Suite("Editing Feeds.toml")
struct FeedsFileEditorTests {
    let original = """
    # Ma veille
    [daemon]
    poll_interval = "30m"   # assez souvent

    # --- Tech ---

    [[feed]]
    name = "Numerama"
    url = "https://www.numerama.com/feed/"
    tags = ["tech"]

    # Next, ex-Next INpact
    [[feed]]
    name = "Next"
    url = "https://next.ink/feed/"

    [[feed]]
    name = "CNIL"
    url = "https://www.cnil.fr/fr/rss.xml"
    tags = ["privacy"]
    """

    @Test func appendKeepsEveryExistingByte() throws {
        let out = FeedsFileEditor.appending(.init(name: "Le Monde « Pixels »", url: "https://www.lemonde.fr/pixels/rss_full.xml", tags: ["tech", "presse"]), to: original)
        #expect(out.hasPrefix(original))
        #expect(String(out.dropFirst(original.count)) == """


        [[feed]]
        name = "Le Monde « Pixels »"
        url = "https://www.lemonde.fr/pixels/rss_full.xml"
        tags = ["tech", "presse"]

        """)
        let c = try ConfigLoader.parse(text: out, fileName: "Feeds.toml")
        #expect(c.feeds.last?.name == "Le Monde « Pixels »")
        #expect(c.feeds.last?.tags == ["tech", "presse"])
    }

    @Test func appendToFileEndingWithNewline() {
        #expect(FeedsFileEditor.appending(.init(name: "A", url: "https://a.example/"), to: "[daemon]\n") ==
            "[daemon]\n\n[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n")
        #expect(FeedsFileEditor.appending(.init(name: "A", url: "https://a.example/"), to: "") ==
            "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n")
    }

    @Test func namesWithQuotesAndBackslashesAreEscaped() throws {
        let out = FeedsFileEditor.appending(.init(name: "Le \"blog\" C:\\temp\u{7}", url: "https://a.example/"), to: "")
        let c = try ConfigLoader.parse(text: out, fileName: "Feeds.toml")
        #expect(c.feeds[0].name == "Le \"blog\" C:\\temp\u{7}")
    }

    @Test func removeByNameKeepsTheRestAndTheNextBlocksComment() throws {
        let out = try #require(try FeedsFileEditor.removing("numerama", from: original))
        #expect(out == """
        # Ma veille
        [daemon]
        poll_interval = "30m"   # assez souvent

        # --- Tech ---

        # Next, ex-Next INpact
        [[feed]]
        name = "Next"
        url = "https://next.ink/feed/"

        [[feed]]
        name = "CNIL"
        url = "https://www.cnil.fr/fr/rss.xml"
        tags = ["privacy"]
        """)
    }

    @Test func removeByURLAndTheLastBlock() throws {
        let out = try #require(try FeedsFileEditor.removing("https://www.cnil.fr/fr/rss.xml", from: original))
        #expect(out.hasSuffix("url = \"https://next.ink/feed/\""))
        #expect(try ConfigLoader.parse(text: out, fileName: "F").feeds.map(\.name) == ["Numerama", "Next"])
    }

    @Test func addThenRemoveRestoresTheFile() throws {
        let added = FeedsFileEditor.appending(.init(name: "Korben", url: "https://korben.info/feed"), to: original + "\n")
        let back = try #require(try FeedsFileEditor.removing("Korben", from: added))
        #expect(back == original + "\n")
    }

    @Test func unknownFeedIsNil() throws {
        #expect(try FeedsFileEditor.removing("Inconnu", from: original) == nil)
    }

    @Test func atomicWriteKeepsMode() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("Feeds-\(UUID().uuidString).toml").path
        defer { unlink(path) }
        FileManager.default.createFile(atPath: path, contents: Data(original.utf8), attributes: [.posixPermissions: 0o640])
        try FeedsFileEditor.write("[daemon]\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "[daemon]\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }
}
