import Foundation
import Testing
@testable import VeilleCore

/// A feed's identity (duplicate detection in Feeds.toml) is computed without URLComponents: it must
/// still say "same feed" exactly when URLComponents' normalisation did.
@Suite("Feed URL identity")
struct FeedURLTests {
    /// The former implementation, as the oracle.
    static func componentsIdentity(_ url: URL) -> String {
        guard var c = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        c.scheme = c.scheme?.lowercased()
        c.host = c.host?.lowercased()
        if (c.scheme == "http" && c.port == 80) || (c.scheme == "https" && c.port == 443) { c.port = nil }
        if c.path.isEmpty { c.path = "/" }
        c.fragment = nil
        return c.string ?? url.absoluteString
    }

    static let urls = [
        "https://www.numerama.com/feed/", "HTTPS://WWW.Numerama.COM/feed/", "https://www.numerama.com:443/feed/",
        "http://example.org:80", "http://example.org:8080/", "http://Example.org", "https://example.org?x=1",
        "https://example.org/Feed.XML?A=B&c=D#Top", "https://user:Pass@Example.org:8443/f", "http://[::1]:8080/feed",
        "http://[::1]/feed", "http://[::1]:80/feed", "http://127.0.0.1:18810/f/1.xml", "https://example.org/a%20b/",
        "https://example.org#frag", "http://example.org:080/x", "https://example.org/path?q=a:b@c/d",
    ]

    @Test(arguments: urls)
    func identityIsURLComponentsNormalisation(text: String) throws {
        let url = try #require(URL(string: text))
        #expect(FeedURL.identity(url) == Self.componentsIdentity(url))
    }

    /// The byte path (ASCII) says what the Character path says, on every test URL and a few odd ones.
    @Test(arguments: urls + ["HTTP://EXAMPLE.ORG:8080?Q", "https://u@v@Example.org:/x", "https://[::1", "http://h:abc/",
                             "no-scheme-here", "https://example.org:+80/", "mailto:x@Example.org", ""])
    func bytesAndCharactersAgree(text: String) {
        #expect(FeedURL.asciiIdentity(text) == FeedURL.characterIdentity(text))
    }

    @Test func nonASCIITextTakesTheCharacterPath() {
        #expect(FeedURL.asciiIdentity("https://Exemple.fr/actualités") == nil)
        #expect(FeedURL.characterIdentity("https://Exemple.fr/actualités") == "https://exemple.fr/actualités")
    }

    @Test func sameFeedDifferentSpellings() {
        let a = FeedURL.identity(URL(string: "HTTPS://Example.org:443")!)
        #expect(a == FeedURL.identity(URL(string: "https://example.org/")!))
        #expect(a != FeedURL.identity(URL(string: "https://example.org/Feed")!))
    }
}
