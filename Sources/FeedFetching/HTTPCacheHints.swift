import Foundation

/// What a response says about when to ask again: `Cache-Control: max-age`, `Expires`, `Retry-After`.
/// Absolute dates are computed against `receivedAt`, the caller's clock, so the scheduler stays pure.
public struct HTTPCacheHints: Sendable, Equatable {
    /// Do not ask before this (from max-age, else Expires).
    public var freshUntil: Date?
    /// Do not ask before this (429/503 `Retry-After`, seconds or an HTTP date).
    public var retryAfter: Date?

    public init(freshUntil: Date? = nil, retryAfter: Date? = nil) {
        self.freshUntil = freshUntil
        self.retryAfter = retryAfter
    }

    public init(headers: [String: String], receivedAt: Date) {
        if let cc = headers["cache-control"], let age = Self.maxAge(cc) {
            freshUntil = receivedAt.addingTimeInterval(TimeInterval(age))
        } else if let exp = headers["expires"], let date = HTTPDate.parse(exp), date > receivedAt {
            freshUntil = date
        }
        if let ra = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Int(ra), seconds >= 0 {
                retryAfter = receivedAt.addingTimeInterval(TimeInterval(seconds))
            } else if let date = HTTPDate.parse(ra) {
                retryAfter = date
            }
        }
    }

    /// `max-age=N` (or `s-maxage`), ignoring the other directives; `no-cache`/`no-store` say nothing
    /// about polling frequency, so they give no floor.
    static func maxAge(_ header: String) -> Int? {
        for directive in header.lowercased().split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "max-age" || parts[0] == "s-maxage",
               let n = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))), n >= 0 {
                return n
            }
        }
        return nil
    }
}
