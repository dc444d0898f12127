import Foundation
import Testing
import TestSupport
@testable import FeedFetching

/// An HTTPS loopback server with a self-signed certificate made at test time: veille refuses it with
/// a "TLS: …" message. Verification is never disabled; the control test trusts the certificate
/// explicitly (`caBundlePath`, a test-only option) to prove the server itself works.
@Suite("TLS over loopback", .serialized)
struct TLSTests {
    final class Fixture: Sendable {
        let dir = TemporaryDirectory()
        let cert: String
        let server: LoopbackServer
        init() throws {
            let (cert, key) = try LoopbackServer.makeSelfSignedCertificate(in: dir.path)
            self.cert = cert
            server = try LoopbackServer(arguments: ["--tls", cert, key])
        }
    }

    func fetch(_ url: String, ca: String? = nil) -> FetchResult {
        var o = FetchOptions()
        o.timeoutSeconds = 10
        o.caBundlePath = ca
        return Fetcher(options: o).fetchAll([FetchRequest(key: 1, url: url)])[0]
    }

    @Test func selfSignedCertificateIsRefusedWithATLSMessage() throws {
        let f = try Fixture()
        let r = fetch(f.server.httpsURL("/feed"))
        guard case .failed(let e) = r.outcome else { Issue.record("a self-signed certificate was accepted"); return }
        #expect(e.kind == .tls)
        #expect(e.message.hasPrefix("TLS: "), "\(e.message)")
        #expect(e.message.contains("certificate"), "the message says what is wrong: \(e.message)")
        #expect(r.body.isEmpty)
    }

    @Test func trustingTheCertificateExplicitlyWorks() throws {
        let f = try Fixture()
        let r = fetch(f.server.httpsURL("/feed"), ca: f.cert)
        #expect(r.outcome == .fetched, "the server itself is fine: \(r.outcome)")
        #expect(r.status == 200)
    }

    @Test func plainHTTPToTheTLSPortFailsCleanly() throws {
        let f = try Fixture()
        let r = fetch(f.server.url("/feed"))
        guard case .failed = r.outcome else { Issue.record("plain HTTP to a TLS port fetched something"); return }
    }
}
