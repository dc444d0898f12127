import Foundation

/// Development aid behind `veille cluster --dump-terms`: each item's analysed terms (title and lead,
/// in order) and action classes as one JSON line, so that the training scripts
/// (scripts/pair-model) see exactly what the clusterer sees.
public struct AnalysisDump {
    private let profiler = ItemProfiler(configuration: ClusteringConfiguration())

    public init() {}

    /// One line per item; names are those seen anywhere in `items` (as a primed batch knows them).
    public func lines(_ items: [ClusterItem]) -> String {
        var names = Set<String>()
        for item in items {
            let f = profiler.fields(item)
            for t in profiler.analyzer.terms(f.title) + profiler.analyzer.terms(f.lead) where t.kind == .name { names.insert(t.key) }
        }
        var out = ""
        for item in items {
            let (title, lead, _) = profiler.terms(item, knownNames: names)
            // The clusterer's own reading of the actions (headline, else lead).
            let actions = ItemFacts(title: title, lead: lead, lexicon: profiler.lexicon).actions
            let classes = ActionLexicon.classes.indices.filter { actions & (1 << UInt32($0)) != 0 }.map { "\"\(ActionLexicon.classes[$0].name)\"" }
            out += "{\"id\":" + Self.quote(item.id) + ",\"t\":\(item.published.timeIntervalSince1970),\"title\":" + Self.dump(title)
                + ",\"summary\":" + Self.dump(lead) + ",\"actions\":[" + classes.joined(separator: ",") + "]}\n"
        }
        return out
    }

    private static func dump(_ terms: [Term]) -> String {
        "[" + terms.map { "[" + quote($0.key) + ",\"\($0.kind)\"," + quote($0.display) + "," + ($0.value.map { "\($0)" } ?? "null") + "]" }
            .joined(separator: ",") + "]"
    }

    private static func quote(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
