import Foundation

/// What happened to one request.
public struct FetchResult: Sendable {
    public var request: FetchRequest
    public var outcome: FetchOutcome
    /// The URL the body came from, after redirects.
    public var effectiveURL: String
    /// Set when the chain of redirects began with permanent ones (301/308): the URL to use from now on.
    public var permanentRedirect: String?
    /// The final response's status (nil when no response arrived).
    public var status: Int?
    /// The final response's headers, lower-cased names; values exactly as sent (trimmed of CR/LF).
    public var headers: [String: String]
    public var body: [UInt8]
    /// When the response arrived (the caller's clock, for scheduling).
    public var elapsedSeconds: Double

    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
    public var contentType: String? { headers["content-type"] }

    public init(request: FetchRequest, outcome: FetchOutcome, effectiveURL: String, permanentRedirect: String? = nil,
                status: Int? = nil, headers: [String: String] = [:], body: [UInt8] = [], elapsedSeconds: Double = 0) {
        self.request = request
        self.outcome = outcome
        self.effectiveURL = effectiveURL
        self.permanentRedirect = permanentRedirect
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsedSeconds = elapsedSeconds
    }
}

public enum FetchOutcome: Sendable, Equatable {
    /// 2xx with a body to parse.
    case fetched
    /// 304: the feed did not change; nothing to parse.
    case notModified
    case failed(FetchError)
}

/// A failure, with a one-line message meant for a person ("HTTP 503 Service Unavailable", "timed out after 30 s").
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case dns, connect, tls, timeout, tooLarge = "too-large", redirect, http, network, cancelled
    }
    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
