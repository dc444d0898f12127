import ArgumentParser
import Foundation
import StoryClustering
import TextFormats

/// `veille cluster [FILE|-] [--explain]`: batch story clustering over JSON Lines (DESIGN.md contract).
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Group JSON Lines items into events and threads: prints {\"id\":…,\"cluster\":…,\"thread\":…} per input line.",
        discussion: """
        Input: one item per line, {"id", "source", "url", "title", "summary", "published"} (url and \
        summary may be empty or null; published is RFC 3339 with an offset). Items are clustered in \
        publication order (ties in input order), as the daemon does; output follows input order.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("JSON Lines file, or - for standard input.", valueName: "file"))
    var file: String = "-"

    @Flag(help: "Also print the score, the shared terms, the reason, the closest events not joined and why, the events absorbed as fragments of the same happening, and the thread link.")
    var explain = false

    @Flag(name: .customLong("no-prime"), help: .hidden)
    var noPrime = false

    /// Development: print each item's analysed terms (title and lead, in order) instead of clustering;
    /// the training scripts under scripts/ read this so that they see exactly what the clusterer sees.
    @Flag(name: .customLong("dump-terms"), help: .hidden)
    var dumpTerms = false

    /// Development: a JSON file {"event": [weights…, bias], "thread": [weights…, bias]} replacing the
    /// shipped weights (cross-validation in scripts/pair-model/train.py).
    @Option(name: .customLong("model"), help: .hidden)
    var model: String?

    @Option(name: .customLong("parameter"), help: .hidden)
    var parameters: [String] = []

    func run() throws {
        var config = ClusteringConfiguration()
        for p in parameters {
            let parts = p.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let v = Double(parts[1]), config.set(parts[0], to: v) else {
                printError("veille cluster: bad --parameter \(p); known: \(ClusteringConfiguration.parameterNames.joined(separator: ", "))")
                throw ExitCode(2)
            }
        }
        if let model {
            guard let data = FileManager.default.contents(atPath: model),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: [Double]],
                  let event = object["event"], let thread = object["thread"],
                  event.count == ClusteringConfiguration.modelSize, thread.count == ClusteringConfiguration.modelSize else {
                printError("veille cluster: \(model): not a model file ({\"event\": [...], \"thread\": [...]}, \(ClusteringConfiguration.modelSize) numbers each)")
                throw ExitCode(2)
            }
            config.eventModel = event
            config.threadModel = thread
        }
        var timings = PhaseTimings()
        // Read and parse in a function of its own: the file's bytes are freed before clustering starts.
        var items = try readItems()
        timings.end("read")
        if dumpTerms {
            FileHandle.standardOutput.write(Data(AnalysisDump().lines(items).utf8))
            return
        }
        // The daemon feeds items in time order; a batch does the same (stable: ties keep input order).
        let order = items.indices.sorted { (items[$0].published, $0) < (items[$1].published, $1) }
        let clusterer = StoryClusterer(configuration: config, explains: explain)
        // The batch is its own background corpus for document frequencies (a cold start would
        // otherwise weigh its first items' words as if all were rare).
        // An evenly spaced sample of at most 5,000 items is plenty for frequencies.
        if !noPrime {
            let stride = max(1, items.count / 5000)
            clusterer.prime(with: Swift.stride(from: 0, to: items.count, by: stride).map { items[$0] })
        }
        // Memory (a million items): each item's text is dropped once clustered, and without --explain
        // only the two ids are kept.
        var assignments = [ClusterAssignment?](repeating: nil, count: explain ? items.count : 0)
        var ids = [(event: String, thread: String)](repeating: ("", ""), count: items.count)
        timings.end("prime")
        let cpuBefore = PhaseTimings.threadCPU()
        var waited: TimeInterval = 0
        // The French analysis of the next chunk runs on the other core while this one is clustered
        // (with the names known so far; `add` re-reads an item when a name learnt since changes its reading).
        let analyser = ItemAnalyser(configuration: config, knownNames: clusterer.knownNames)
        let chunk = 2048
        var analysed = order.prefix(chunk).map { analyser.analyse(items[$0]) }
        for start in stride(from: 0, to: order.count, by: chunk) {
            let upcoming = AnalysedChunk()
            let group = DispatchGroup()
            let next = order[min(order.count, start + chunk)..<min(order.count, start + 2 * chunk)].map { items[$0] }
            if !next.isEmpty {
                analyser.knownNames = clusterer.knownNames
                DispatchQueue.global().async(group: group) { upcoming.items = next.map(analyser.analyse) }
            }
            for (k, a) in analysed.enumerated() {
                let i = order[start + k]
                let assignment = clusterer.add(a)
                ids[i] = (assignment.storyID, assignment.threadID)
                if explain { assignments[i] = assignment }
                items[i].title = ""
                items[i].summary = nil
            }
            let waitStart = Date()
            group.wait()
            waited += Date().timeIntervalSince(waitStart)
            analysed = upcoming.items
        }
        timings.end("cluster", String(format: "clusterer thread CPU %.2f s, waited %.2f s for the analysis",
                                      PhaseTimings.threadCPU() - cpuBefore, waited))

        var out = ""
        out.reserveCapacity(items.count * (explain ? 160 : 48))
        for (i, item) in items.enumerated() {
            // A batch may relabel: items of a thread that a later event merged into an older thread are
            // printed under the older thread's id.
            out += "{\"id\":" + JSONString.quoted(item.id) + ",\"cluster\":" + JSONString.quoted(clusterer.currentStoryID(for: ids[i].event))
                + ",\"thread\":" + JSONString.quoted(clusterer.currentThreadID(for: ids[i].thread))
            if explain, let a = assignments[i] {
                out += ",\"score\":" + String(format: "%.3f", a.score)
                out += ",\"terms\":[" + a.sharedTerms.map(JSONString.quoted).joined(separator: ",") + "]"
                out += ",\"reason\":" + JSONString.quoted(a.reason.rawValue)
                out += ",\"rejected\":[" + a.rejections.map {
                    "{\"event\":" + JSONString.quoted($0.eventID) + ",\"why\":" + JSONString.quoted($0.kind.rawValue + " " + $0.detail)
                        + ",\"score\":" + String(format: "%.3f", $0.score) + "}"
                }.joined(separator: ",") + "]"
                if !a.absorbed.isEmpty {
                    out += ",\"absorbed\":[" + a.absorbed.map {
                        "{\"event\":" + JSONString.quoted($0.eventID) + ",\"into\":" + JSONString.quoted($0.intoID)
                            + ",\"score\":" + String(format: "%.3f", $0.score) + "}"
                    }.joined(separator: ",") + "]"
                }
                if let link = a.threadLink {
                    out += ",\"threadLink\":{\"event\":" + JSONString.quoted(link.eventID) + ",\"score\":" + String(format: "%.3f", link.score)
                        + ",\"terms\":[" + link.sharedTerms.map(JSONString.quoted).joined(separator: ",") + "]}"
                }
            }
            out += "}\n"
            if out.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        timings.end("output")
        timings.report()
    }

    private func readItems() throws -> [ClusterItem] {
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            printError("veille cluster: cannot read \(file): \(error.localizedDescription)")
            throw ExitCode(1)
        }

        do throws(ClusterInput.LineError) {
            return try ClusterInput.items(from: data)
        } catch {
            printError("\(file == "-" ? "stdin" : file):\(error.line): \(error.message)")
            throw ExitCode(1)
        }
    }
}

/// One chunk's analysis, handed from the background job to the clustering loop after `wait()`.
private final class AnalysedChunk: @unchecked Sendable {
    var items: [AnalysedItem] = []
}
