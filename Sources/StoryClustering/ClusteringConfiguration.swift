import Foundation

/// The clusterer's parameters. The decision weights are not here: they are learnt
/// (`PairModelWeights.swift`, from `scripts/pair-model/train.py`); these are the analysis and
/// bookkeeping settings the model was trained with, and the two decision thresholds.
public struct ClusteringConfiguration: Sendable, Hashable {
    /// An event accepts new items this long after its first report (`[dedupe] window`).
    public var window: TimeInterval = 72 * 3600
    /// A thread accepts new events while its latest article is at most this old ("about two weeks").
    public var threadWindow: TimeInterval = 14 * 86_400
    /// Probability from which an item joins an event (the model's trained threshold by default).
    public var eventThreshold: Double = PairModel.event.threshold
    /// Probability from which an item links its event into a thread.
    public var threadThreshold: Double = PairModel.thread.threshold
    /// An item reaching an event more than `quietAfter` after the event's latest article joins it only
    /// with `quietMargin` more probability: a story that went quiet and is reported again is more often
    /// its next development (a reply, a ruling, a new figure the next day) than the same happening.
    /// The model cannot learn this from the sets (rpm2's timestamps are synthetic, spread over days).
    /// Measured by thread cross-validation on tech-threads-fr (scripts/pair-model, `NEWDAY`).
    public var quietAfter: TimeInterval = 12 * 3600
    public var quietMargin: Double = 0.3

    /// Fragment merge (LongarMD/WAC's second threshold, event → event): two events of one thread, the
    /// later opened at most `fragmentSpan` after the earlier's latest article, sharing a subject word
    /// held by half of each, become one when the event model would join every sampled article of the
    /// later to the earlier with at least `fragmentThreshold` (0 turns it off). An article that reads
    /// like neither report alone splits one happening in two; the next reports show it.
    public var fragmentThreshold: Double = 0.35
    public var fragmentSpan: TimeInterval = 6 * 3600

    /// Field weights: the title names the event, the lead adds context.
    public var titleWeight: Double = 1.0
    public var summaryWeight: Double = 0.6
    /// Only the first characters of a summary count (a lead, not a full article body).
    public var summaryLimit: Int = 600

    /// Kind weights in the TF-IDF vectors: names, codes and amounts say *which* event.
    public var nameWeight: Double = 1.5
    public var codeWeight: Double = 1.8
    public var amountWeight: Double = 1.8
    public var numberWeight: Double = 1.0
    public var yearWeight: Double = 0.4

    /// An event or thread is compared with at most this many of its members: its first and its latest.
    public var memberSample: Int = 8
    /// A thread, with at most this many (its first and latest articles).
    public var threadSample: Int = 6

    /// Terms found in more than this share of the window's items do not generate candidates
    /// (they would make candidate sets quadratic); they still count in the features.
    public var candidateMaxDocumentShare: Double = 0.05
    /// …but a term is always allowed to generate candidates below this document frequency.
    public var candidateMinDocumentFrequency: Int = 30
    /// At most this many candidate events (and threads), those sharing the most rare terms, are scored per item.
    public var maxCandidates: Int = 12
    /// The same for threads (an item's event usually already sits in the right one).
    public var maxThreadCandidates: Int = 4
    /// Each term's postings keep the latest this-many groups (see `StoryClusterer.post`).
    public var postingsPerTerm: Int = 64
    /// Of those, the closest by centroid cosine get the full features (see `StoryClusterer.shortlist`).
    public var shortlistSize: Int = 4
    /// …and none whose centroid cosine is below this.
    public var shortlistFloor: Double = 0.1

    /// Near-copy detection: SimHash Hamming distance and minimum words (title + summary).
    public var syndicationMaxDistance: Int = 3
    public var syndicationMinWords: Int = 12

    /// Other learnt weights than the shipped ones (feature order of `GroupFeatures.names`, then the
    /// bias): cross-validation runs the real clusterer with each fold's weights
    /// (`veille cluster --model FILE`, scripts/pair-model/train.py --cv).
    public var eventModel: [Double]?
    public var threadModel: [Double]?

    public init() {}

    /// How many numbers a model override holds: one weight per feature, then the bias.
    public static var modelSize: Int { GroupFeatures.names.count + 1 }

    /// The numeric parameters by name, for experiments (`veille cluster --parameter name=value`).
    public static let parameterNames: [String] = [
        "window", "threadWindow", "eventThreshold", "threadThreshold", "quietAfter", "quietMargin", "fragmentThreshold", "fragmentSpan", "titleWeight", "summaryWeight", "summaryLimit",
        "nameWeight", "codeWeight", "amountWeight", "numberWeight", "yearWeight", "memberSample",
        "candidateMaxDocumentShare", "candidateMinDocumentFrequency", "maxCandidates", "maxThreadCandidates", "shortlistFloor", "threadSample", "shortlistSize", "postingsPerTerm", "syndicationMaxDistance",
        "syndicationMinWords",
    ]

    /// Sets one parameter by name (hours for `window`, `threadWindow`, `quietAfter` and `fragmentSpan`); false if the name is unknown.
    public mutating func set(_ name: String, to value: Double) -> Bool {
        switch name {
        case "window": window = value * 3600
        case "threadWindow": threadWindow = value * 3600
        case "eventThreshold": eventThreshold = value
        case "threadThreshold": threadThreshold = value
        case "quietAfter": quietAfter = value * 3600
        case "quietMargin": quietMargin = value
        case "fragmentThreshold": fragmentThreshold = value
        case "fragmentSpan": fragmentSpan = value * 3600
        case "titleWeight": titleWeight = value
        case "summaryWeight": summaryWeight = value
        case "summaryLimit": summaryLimit = Int(value)
        case "nameWeight": nameWeight = value
        case "codeWeight": codeWeight = value
        case "amountWeight": amountWeight = value
        case "numberWeight": numberWeight = value
        case "yearWeight": yearWeight = value
        case "memberSample": memberSample = max(1, Int(value))
        case "candidateMaxDocumentShare": candidateMaxDocumentShare = value
        case "candidateMinDocumentFrequency": candidateMinDocumentFrequency = Int(value)
        case "maxCandidates": maxCandidates = Int(value)
        case "shortlistSize": shortlistSize = max(1, Int(value))
        case "maxThreadCandidates": maxThreadCandidates = max(1, Int(value))
        case "shortlistFloor": shortlistFloor = value
        case "threadSample": threadSample = max(1, Int(value))
        case "postingsPerTerm": postingsPerTerm = max(1, Int(value))
        case "syndicationMaxDistance": syndicationMaxDistance = Int(value)
        case "syndicationMinWords": syndicationMinWords = Int(value)
        default: return false
        }
        return true
    }

    func weight(of kind: Term.Kind) -> Double {
        switch kind {
        case .word: 1
        case .name: nameWeight
        case .code: codeWeight
        case .amount: amountWeight
        case .number: numberWeight
        case .year: yearWeight
        }
    }
}
