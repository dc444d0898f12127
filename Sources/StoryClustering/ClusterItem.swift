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

/// Where an item went and why: its event, its event's thread, and the evidence for both.
public struct ClusterAssignment: Sendable, Hashable {
    /// Why the item is in its event. Stored by the daemon as the raw value (a stable vocabulary).
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// No open event was close enough: the item founds one.
        case newStory
        /// The same article under another URL form (trackers, AMP, www, http/https, trailing slash).
        case sameURL
        /// The same feed guid.
        case sameGUID
        /// A near-identical title and summary (agency copy under another masthead).
        case syndicatedCopy
        /// The pair model judged it the same happening as the event's members.
        case event
        /// Reported before the digest horizon: given an event of its own without analysis (daemon only).
        case beforeDigestHorizon
    }

    /// The event's id ("s-…"). Named `storyID` for the store's column; an event is what the digest ranks.
    public var storyID: String
    /// The thread (developing story) the event belongs to ("t-…"); an event alone has a thread of its own.
    public var threadID: String
    /// 1 for founders and identity duplicates; the pair model's probability for events.
    public var score: Double
    /// The terms that carried the decision, heaviest first, as written ("OpenAI", "97,4 milliards").
    public var sharedTerms: [String]
    public var reason: Reason
    /// Why the closest other events did not get the item (`--explain`), closest first.
    public var rejections: [Rejection]
    /// Why the item's event belongs to its thread, when this item linked it to another event.
    public var threadLink: ThreadLink?
    /// The events found to be fragments of this item's event once it joined, and absorbed
    /// (`ClusteringConfiguration.fragmentThreshold`), in merge order.
    public var absorbed: [FragmentMerge] = []

    public init(storyID: String, threadID: String, score: Double, sharedTerms: [String], reason: Reason,
                rejections: [Rejection] = [], threadLink: ThreadLink? = nil) {
        self.storyID = storyID
        self.threadID = threadID
        self.score = score
        self.sharedTerms = sharedTerms
        self.reason = reason
        self.rejections = rejections
        self.threadLink = threadLink
    }
}

/// An event that an item resembled but did not join, and the evidence that kept them apart.
public struct Rejection: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Two model or version identifiers of one product line ("Gemma 2" / "Gemma 3").
        case modelConflict
        /// Amounts or counts that disagree ("2 millions" / "3 millions").
        case amountConflict
        /// Two different actions ("rejette" / "offre").
        case differentAction
        /// Days apart with no shared action.
        case gap
        /// The pair model's probability stayed under the threshold.
        case lowScore
        /// Close enough, but another event was closer.
        case closerEvent
    }
    public var eventID: String
    public var kind: Kind
    /// The conflicting terms as written ("Gemma 2/Gemma 3", "rejette/offre", "2 d").
    public var detail: String
    public var score: Double

    public init(eventID: String, kind: Kind, detail: String, score: Double) {
        self.eventID = eventID
        self.kind = kind
        self.detail = detail
        self.score = score
    }
}

/// Two events of one thread merged: every sampled article of the later one would have joined the earlier.
public struct FragmentMerge: Sendable, Hashable {
    /// The event that was absorbed; its id now leads to the survivor (`currentStoryID(for:)`).
    public var eventID: String
    /// The event that absorbed it (the older).
    public var intoID: String
    /// The lowest event-model probability of the absorbed event's sampled articles against the survivor.
    public var score: Double

    public init(eventID: String, intoID: String, score: Double) {
        self.eventID = eventID
        self.intoID = intoID
        self.score = score
    }
}

/// Why an event joined a thread: the event it follows and what they share.
public struct ThreadLink: Sendable, Hashable {
    /// The earlier event whose articles this one's resembled.
    public var eventID: String
    /// The thread model's probability.
    public var score: Double
    /// The names and subject words they share, as written.
    public var sharedTerms: [String]

    public init(eventID: String, score: Double, sharedTerms: [String]) {
        self.eventID = eventID
        self.score = score
        self.sharedTerms = sharedTerms
    }
}
