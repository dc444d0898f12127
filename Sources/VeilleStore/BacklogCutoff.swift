import Foundation

/// New entries reported before `reportedBefore` (a new feed's backlog, older than every digest veille
/// still rewrites) get a story and a thread of their own as they are stored, in the transaction that
/// inserts them. Given after the cycle instead, a first cycle of 2,000 feeds (62,000 of its 70,000
/// entries in such backlogs) read every row back and rewrote it in a second pass: two thirds of that
/// cycle's cluster stage, all of it page copies through the kernel.
public struct BacklogCutoff: Sendable, Equatable {
    public var reportedBefore: Date
    /// The stored reason of such a story (the clusterer's raw value; the store does not know its types).
    public var reason: String

    public init(reportedBefore: Date, reason: String) {
        self.reportedBefore = reportedBefore
        self.reason = reason
    }
}

/// The story an entry founds on its own, and that story's thread: `s-e<id>`, `t-e<id>`.
public enum OwnStory {
    public static func storyID(entry id: Int64) -> String { "s-e\(id)" }
    public static func threadID(entry id: Int64) -> String { "t-e\(id)" }
}
