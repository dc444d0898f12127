import ArgumentParser
import Foundation
import StoryClustering

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

    @Flag(help: "Also print the score, the shared terms, the reason, the closest events not joined and why, and the thread link.")
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

    struct InputItem: Decodable {
        var id: String
        var source: String?
        var url: String?
        var guid: String?
        var title: String?
        var summary: String?
        var published: String?
    }

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
        // Read and parse in a function of its own: the file's bytes are freed before clustering starts.
        var items = try readItems()
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
        // The French analysis of the next chunk runs on the other core while this one is clustered
        // (with the names the priming found, as `add` would read them).
        let analyser = ItemAnalyser(configuration: config, knownNames: clusterer.knownNames)
        let chunk = 2048
        var analysed = order.prefix(chunk).map { analyser.analyse(items[$0]) }
        for start in stride(from: 0, to: order.count, by: chunk) {
            let upcoming = AnalysedChunk()
            let group = DispatchGroup()
            let next = order[min(order.count, start + chunk)..<min(order.count, start + 2 * chunk)].map { items[$0] }
            if !next.isEmpty {
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
            group.wait()
            analysed = upcoming.items
        }

        var out = ""
        out.reserveCapacity(items.count * (explain ? 160 : 48))
        for (i, item) in items.enumerated() {
            // A batch may relabel: items of a thread that a later event merged into an older thread are
            // printed under the older thread's id.
            out += "{\"id\":" + JSONText.quote(item.id) + ",\"cluster\":" + JSONText.quote(ids[i].event)
                + ",\"thread\":" + JSONText.quote(clusterer.currentThreadID(for: ids[i].thread))
            if explain, let a = assignments[i] {
                out += ",\"score\":" + String(format: "%.3f", a.score)
                out += ",\"terms\":[" + a.sharedTerms.map(JSONText.quote).joined(separator: ",") + "]"
                out += ",\"reason\":" + JSONText.quote(a.reason.rawValue)
                out += ",\"rejected\":[" + a.rejections.map {
                    "{\"event\":" + JSONText.quote($0.eventID) + ",\"why\":" + JSONText.quote($0.kind.rawValue + " " + $0.detail)
                        + ",\"score\":" + String(format: "%.3f", $0.score) + "}"
                }.joined(separator: ",") + "]"
                if let link = a.threadLink {
                    out += ",\"threadLink\":{\"event\":" + JSONText.quote(link.eventID) + ",\"score\":" + String(format: "%.3f", link.score)
                        + ",\"terms\":[" + link.sharedTerms.map(JSONText.quote).joined(separator: ",") + "]}"
                }
            }
            out += "}\n"
            if out.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
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

        var items: [ClusterItem] = []
        let decoder = JSONDecoder()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let input: InputItem
            do {
                input = try decoder.decode(InputItem.self, from: Data(line))
            } catch {
                printError("\(file == "-" ? "stdin" : file):\(lineNumber): not a JSON item with a string \"id\"")
                throw ExitCode(1)
            }
            guard let published = input.published.flatMap(RFC3339.parse) else {
                printError("\(file == "-" ? "stdin" : file):\(lineNumber): \"published\" must be RFC 3339 with an offset")
                throw ExitCode(1)
            }
            items.append(ClusterItem(id: input.id, source: input.source ?? "", url: input.url, guid: input.guid,
                                     title: input.title ?? "", summary: input.summary, published: published))
        }
        return items
    }
}

/// RFC 3339 timestamps ("2025-02-10T18:00:00+01:00", "…Z", fractional seconds), parsed by hand:
/// exact, locale-free, and fast enough for 100,000 lines.
enum RFC3339 {
    static func parse(_ s: String) -> Date? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for k in from..<(from + count) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            return v
        }
        guard b.count >= 20, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b[13] == 58, let mi = num(14, 2),
              b[16] == 58, let sec = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61
        else { return nil }
        var k = 19
        var fraction = 0.0
        if k < b.count, b[k] == 46 {
            k += 1
            var scale = 0.1
            while k < b.count, b[k] >= 48, b[k] <= 57 { fraction += Double(b[k] - 48) * scale; scale /= 10; k += 1 }
        }
        guard k < b.count else { return nil }
        var offset = 0
        if b[k] == 90 || b[k] == 122 {
            k += 1
        } else if b[k] == 43 || b[k] == 45, let oh = num(k + 1, 2), k + 3 < b.count, b[k + 3] == 58, let om = num(k + 4, 2) {
            offset = (oh * 60 + om) * 60 * (b[k] == 45 ? -1 : 1)
            k += 6
        } else {
            return nil
        }
        guard k == b.count else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let unix = Double(days * 86_400 + h * 3600 + mi * 60 + sec - offset) + fraction
        return Date(timeIntervalSince1970: unix)
    }
}

/// JSON string quoting for the output lines.
enum JSONText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// One chunk's analysis, handed from the background job to the clustering loop after `wait()`.
private final class AnalysedChunk: @unchecked Sendable {
    var items: [AnalysedItem] = []
}
