import Foundation

/// One article as the clusterer sees it. `published` is the only clock the module knows.
public struct ClusterItem: Sendable, Hashable {
    public var id: String
    /// The outlet ("numerama.com"): shown and counted, never used to decide.
    public var source: String
    public var url: String?
    public var guid: String?
    public var title: String
    public var summary: String?
    public var published: Date

    public init(id: String, source: String, url: String? = nil, guid: String? = nil, title: String,
                summary: String? = nil, published: Date) {
        self.id = id
        self.source = source
        self.url = url
        self.guid = guid
        self.title = title
        self.summary = summary
        self.published = published
    }
}

/// Where an item went and why.
public struct ClusterAssignment: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// No open story was close enough: the item founds one.
        case newStory
        /// The same article under another URL form (trackers, AMP, www, http/https, trailing slash).
        case sameURL
        /// The same feed guid.
        case sameGUID
        /// A near-identical title and summary (agency copy under another masthead).
        case syndicatedCopy
        /// Shared vocabulary, names and numbers with the story's centroid, above the threshold.
        case event
    }

    public var storyID: String
    /// 1 for founders and identity duplicates; the decayed, guarded cosine for events.
    public var score: Double
    /// The terms that carried the decision, heaviest first, as written ("OpenAI", "97,4 milliards").
    public var sharedTerms: [String]
    public var reason: Reason

    public init(storyID: String, score: Double, sharedTerms: [String], reason: Reason) {
        self.storyID = storyID
        self.score = score
        self.sharedTerms = sharedTerms
        self.reason = reason
    }
}
