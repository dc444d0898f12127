import Foundation

/// The clusterer's one set of parameters. Defaults were chosen on the development sets as a
/// whole (see README "How stories are formed"); nothing here is specific to one of them.
public struct ClusteringConfiguration: Sendable, Hashable {
    /// A story accepts new items this long after its first report (`[dedupe] window`).
    public var window: TimeInterval = 72 * 3600
    /// Minimum score for an item to join a story; below it, the item founds a new story.
    public var threshold: Double = 0.16
    /// Gaussian time decay against the story's newest item (Miranda et al. 2018 use σ = 3 days).
    public var timeSigma: TimeInterval = 72 * 3600

    /// Field weights: the title names the event, the lead adds context.
    public var titleWeight: Double = 1.0
    public var summaryWeight: Double = 0.6
    /// Only the first characters of a summary count (a lead, not a full article body).
    public var summaryLimit: Int = 600

    /// Kind weights: names, codes and amounts say *which* event; years and bare numbers little.
    public var nameWeight: Double = 1.5
    public var codeWeight: Double = 1.8
    public var amountWeight: Double = 1.8
    public var numberWeight: Double = 1.0
    public var yearWeight: Double = 0.4

    /// Score multiplier when the only shared evidence is names ("same entity is not same event").
    public var entityOnlyFactor: Double = 0.6
    /// Share of the score given to the best single-member cosine (0 = centroid only); see `score`.
    public var memberWeight: Double = 0
    /// How many of a story's latest members are kept for best-member similarity (0: none;
    /// measured on the dev sets, best-member similarity did not help, so it is off).
    public var memberSampleSize: Int = 0
    /// Two open stories that one item links (both above `threshold`) merge when their centroids'
    /// cosine (time-decayed, amount-guarded) reaches this; 1 disables the merge pass.
    public var mergeThreshold: Double = 0.35

    /// Added to every IDF: 1 is scikit-learn's smooth IDF; lower values silence common words more.
    public var idfFloor: Double = 1
    /// Exponent of the centroid norm in the score (1 = cosine); see `StoryClusterer.score`.
    public var centroidNormExponent: Double = 1
    /// Score multiplier when a single term is shared.
    public var singleTermFactor: Double = 0.5
    /// Score multiplier when both sides state amounts and none agree (97,4 vs 40 milliards).
    public var amountConflictFactor: Double = 0.2
    /// Amounts within this relative difference agree (outlets round).
    public var amountTolerance: Double = 0.02

    /// Terms found in more than this share of the window's items do not generate candidates
    /// (they would make candidate sets quadratic); they still count in the cosine.
    public var candidateMaxDocumentShare: Double = 0.05
    /// …but a term is always allowed to generate candidates below this document frequency.
    public var candidateMinDocumentFrequency: Int = 30
    /// At most this many candidate stories (those sharing the most rare terms) are scored per item.
    public var maxCandidates: Int = 64
    /// Story centroids keep their heaviest terms only (bounded memory per story).
    public var centroidMaxTerms: Int = 256

    /// Near-copy detection: SimHash Hamming distance and minimum words (title + summary).
    public var syndicationMaxDistance: Int = 3
    public var syndicationMinWords: Int = 12

    public init() {}

    /// The numeric parameters by name, for experiments (`veille cluster --parameter name=value`).
    public static let parameterNames: [String] = [
        "window", "threshold", "timeSigma", "titleWeight", "summaryWeight", "summaryLimit", "nameWeight",
        "codeWeight", "amountWeight", "memberWeight", "memberSampleSize", "mergeThreshold", "numberWeight", "yearWeight", "entityOnlyFactor", "singleTermFactor", "centroidNormExponent", "idfFloor", "amountConflictFactor",
        "amountTolerance", "candidateMaxDocumentShare", "candidateMinDocumentFrequency", "maxCandidates", "centroidMaxTerms",
        "syndicationMaxDistance", "syndicationMinWords",
    ]

    /// Sets one parameter by name (hours for `window` and `timeSigma`); false if the name is unknown.
    public mutating func set(_ name: String, to value: Double) -> Bool {
        switch name {
        case "window": window = value * 3600
        case "threshold": threshold = value
        case "timeSigma": timeSigma = value * 3600
        case "titleWeight": titleWeight = value
        case "summaryWeight": summaryWeight = value
        case "summaryLimit": summaryLimit = Int(value)
        case "nameWeight": nameWeight = value
        case "codeWeight": codeWeight = value
        case "amountWeight": amountWeight = value
        case "numberWeight": numberWeight = value
        case "yearWeight": yearWeight = value
        case "memberWeight": memberWeight = value
        case "memberSampleSize": memberSampleSize = Int(value)
        case "mergeThreshold": mergeThreshold = value
        case "entityOnlyFactor": entityOnlyFactor = value
        case "singleTermFactor": singleTermFactor = value
        case "centroidNormExponent": centroidNormExponent = value
        case "idfFloor": idfFloor = value
        case "amountConflictFactor": amountConflictFactor = value
        case "amountTolerance": amountTolerance = value
        case "candidateMaxDocumentShare": candidateMaxDocumentShare = value
        case "candidateMinDocumentFrequency": candidateMinDocumentFrequency = Int(value)
        case "maxCandidates": maxCandidates = Int(value)
        case "centroidMaxTerms": centroidMaxTerms = Int(value)
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
