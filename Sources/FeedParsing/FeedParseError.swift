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
    /// Which failure exactly, for logic (the reason's wording is for people, and may change).
    public enum Code: String, Sendable, Equatable {
        case emptyDocument = "empty-document"
        case tooLarge = "too-large"
        case invalidJSON = "invalid-json"
        case notAJSONFeed = "not-a-json-feed"
        /// XML whose root element is none of a feed's.
        case unknownRoot = "unknown-root"
        /// XML whose root element is `<html>` (an XHTML page).
        case htmlRoot = "html-root"
        /// An HTML page (its advertised feeds in `alternates`).
        case htmlPage = "html-page"
        /// A safety limit: entity expansion or nesting depth.
        case limit
        case opml
        /// The HTTP body was empty (the poll cycle's check, before parsing).
        case emptyBody = "empty-body"
        /// The HTTP body is certainly something else: an image, a PDF… (the poll cycle's sniffer).
        case notFeedContent = "not-feed-content"
        case unspecified
    }

    public var kind: Kind
    public var code: Code
    public var reason: String
    /// For an HTML page, the feed URLs it advertises (absolute when a base URL was known).
    public var alternates: [String]

    public init(_ kind: Kind, code: Code = .unspecified, _ reason: String, alternates: [String] = []) {
        self.kind = kind; self.code = code; self.reason = reason; self.alternates = alternates
    }

    /// Whether `reason` already begins with "not a feed:" (the parser's own document-level reasons do).
    public var reasonSaysNotAFeed: Bool {
        switch code {
        case .emptyDocument, .invalidJSON, .notAJSONFeed, .unknownRoot, .htmlRoot, .htmlPage: true
        case .tooLarge, .limit, .opml, .emptyBody, .notFeedContent, .unspecified: false
        }
    }

    /// The error as a feed's failure, for `veille poll`, `veille feeds` and `veille add`: always
    /// "not a feed: …", never twice.
    public var feedFailureMessage: String {
        reasonSaysNotAFeed ? description : "not a feed: " + description
    }

    public var description: String {
        alternates.isEmpty ? reason : reason + "; the page advertises: " + alternates.joined(separator: ", ")
    }
}
