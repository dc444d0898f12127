import Foundation
import Testing
@testable import StoryClustering

/// One line of a labelled fixture (`developing-stories.jsonl`, `hard-negatives.jsonl`): an invented
/// French tech headline with the event (same happening) and, where labelled, the thread (developing
/// story) a reader would put it in.
struct StoryFixtureItem: Decodable, Sendable {
    var id: String
    var source: String
    var url: String?
    var title: String
    var summary: String?
    var published: String
    var event: String
    var thread: String?

    var item: ClusterItem {
        ClusterItem(id: id, source: source, url: url, title: title, summary: summary,
                    published: ISO8601DateFormatter().date(from: published)!)
    }

    /// The fixture's developing stories (thread label → its first and its second event's label).
    static let classes: [(thread: String, first: String, second: String)] = [
        ("ceo", "ceo-hired", "ceo-back"),
        ("phone", "phone-ban", "phone-update"),
        ("offer", "offer-made", "offer-rejected"),
        ("chatbot", "chatbot-posts", "chatbot-launch"),
        ("models", "orla-2", "orla-3"),
        ("service", "service-down", "service-back"),
    ]

    /// All lines of a fixture file, in file order.
    static func load(_ name: String = "developing-stories.jsonl") throws -> [StoryFixtureItem] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(StoryFixtureItem.self, from: Data($0.utf8)) }
    }
}

/// A batch run as `veille cluster` does it: prime with the batch, then add in publication order (ties
/// in input order). Threads are read through `currentThreadID`, as the batch prints them.
struct ClusterRun {
    let clusterer: StoryClusterer
    /// Item id → its assignment when it was added.
    let assignments: [String: ClusterAssignment]
    /// Item ids in the order they were added.
    let order: [String]

    init(_ items: [ClusterItem], configuration: ClusteringConfiguration = .init(),
         clusterer: StoryClusterer? = nil, prime: Bool = true) {
        let c = clusterer ?? StoryClusterer(configuration: configuration)
        if prime { c.prime(with: items) }
        let sorted = items.indices.sorted { (items[$0].published, $0) < (items[$1].published, $1) }.map { items[$0] }
        var assignments: [String: ClusterAssignment] = [:]
        for item in sorted { assignments[item.id] = c.add(item) }
        self.clusterer = c
        self.assignments = assignments
        order = sorted.map(\.id)
    }

    func event(_ id: String) -> String { clusterer.currentStoryID(for: assignments[id]!.storyID) }
    func thread(_ id: String) -> String { clusterer.currentThreadID(for: assignments[id]!.threadID) }
}

/// Moves items in time (a developing story's second event days later).
func shifted(_ items: [ClusterItem], by seconds: TimeInterval) -> [ClusterItem] {
    items.map { var i = $0; i.published = i.published.addingTimeInterval(seconds); return i }
}
