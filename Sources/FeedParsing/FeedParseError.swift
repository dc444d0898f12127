/// Why a document could not be read as a feed, in one line.
public struct FeedParseError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Well-formed or not, the document is no feed (HTML page, OPML, empty file…).
        case notAFeed
        /// The document is unusable as XML or JSON.
        case malformed
        /// Refused for safety: entity expansion, size or nesting limits.
        case limitExceeded
    }
    public var kind: Kind
    public var reason: String
    /// For an HTML page, the feed URLs it advertises (absolute when a base URL was known).
    public var alternates: [String]

    public init(_ kind: Kind, _ reason: String, alternates: [String] = []) {
        self.kind = kind; self.reason = reason; self.alternates = alternates
    }

    public var description: String {
        alternates.isEmpty ? reason : reason + "; the page advertises: " + alternates.joined(separator: ", ")
    }
}
