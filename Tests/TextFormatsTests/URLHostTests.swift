import Foundation
import Testing
import TextFormats

/// Hosts read off the text must be URLComponents' hosts; anything unusual is left to URLComponents.
@Suite("URL hosts")
struct URLHostTests {
    static let plain = [
        "https://www.numerama.com/feed/", "HTTPS://WWW.Numerama.COM/feed/", "https://www.numerama.com:443/feed/",
        "http://example.org", "http://example.org:8080", "http://127.0.0.1:18810/f/1.xml", "https://user:pass@Example.org:8443/f?x=1",
        "https://example.org?x=a://b", "https://example.org#x", "https://sub_domain.example.org/a%20b/", "feed+https://example.org/x",
        "https://example.org/path@with:colon", "https://a.b-c.d.e/x?y=http://z.org/", "https://example.org/pi%C3%B1ata",
    ]

    @Test(arguments: plain)
    func sameAsURLComponents(url: String) throws {
        let host = try #require(URLHost.plain(url))
        #expect(String(host) == URLComponents(string: url)?.host)
    }

    /// Only the authority is read: a path URLComponents would refuse is the caller's business.
    @Test func pathIsNotRead() {
        #expect(URLHost.plain("https://example.fr/piñata partout") == "example.fr")
    }

    @Test(arguments: ["", "not a url", "https://exämple.fr/", "https://xn--exmple-cua.fr/", "https://www.XN--exmple-cua.fr/",
                      "http://[::1]:8080/", "https://%65xample.org/", "https://example.org:80x/", "https:///path", "//example.org/x",
                      "1http://example.org", "https://exa mple.org/", "https://exämple.fr", "mailto:someone@example.org", "https://ex!ample.org/"])
    func unusualURLsAreLeftToURLComponents(url: String) {
        #expect(URLHost.plain(url) == nil)
    }
}
