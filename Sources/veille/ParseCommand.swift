import ArgumentParser
import FeedParsing
import Foundation

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one feed document and print it as JSON, or time the parser with --bench.",
        discussion: """
        A document that is not a feed exits 1 with a one-line reason on stderr (for an HTML page, the feeds \
        it advertises). --bench LISTFILE parses each listed file --repeat times in one process (files read \
        into memory first) and prints elapsed_s=<seconds of the parse loop>.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The document, or - for standard input.", valueName: "file"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("The document's URL: relative links are resolved against it.", valueName: "base"))
    var url: String?

    @Option(name: .long, help: ArgumentHelp("The HTTP Content-Type, whose charset wins over the XML declaration.", valueName: "ct"))
    var contentType: String?

    @Flag(name: .long, help: "Print the parsed feed as JSON (the DESIGN.md contract).")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Benchmark: a file listing one document path per line.", valueName: "listfile"))
    var bench: String?

    @Option(name: .long, help: "Benchmark: parses of each document.")
    var `repeat`: Int = 1

    func validate() throws {
        if bench == nil && file == nil { throw ValidationError("give a FILE (or -), or --bench LISTFILE") }
        if `repeat` < 1 { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        if let bench { try runBench(bench); return }
        guard let file else { return }
        let data: [UInt8]
        do {
            data = file == "-" ? [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                               : [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            printError("\(file): cannot read: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let base = url.flatMap { URL(string: $0) }
        do {
            let feed = try FeedParser.parse(data, contentType: contentType, baseURL: base)
            if json {
                FileHandle.standardOutput.write(Data(FeedJSON.encode(feed).utf8))
            } else {
                print("\(feed.format.rawValue): \(feed.title) — \(feed.entries.count) entries")
                for e in feed.entries { print("- \(e.title)" + (e.link.map { " <\($0)>" } ?? "")) }
                for w in feed.warnings { printError("warning: \(w)") }
            }
        } catch {
            printError("\(file): \(error.description)")
            throw ExitCode(1)
        }
    }

    private func runBench(_ listPath: String) throws {
        let list: String
        do { list = try String(contentsOfFile: listPath, encoding: .utf8) } catch {
            printError("\(listPath): cannot read: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var docs: [[UInt8]] = []
        for path in list.split(whereSeparator: \.isNewline) where !path.isEmpty {
            if let d = FileManager.default.contents(atPath: String(path)) { docs.append([UInt8](d)) }
            else { printError("\(path): cannot read") }
        }
        let bytes = docs.reduce(0) { $0 + $1.count }
        var errors = 0, entries = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<`repeat` {
            for d in docs {
                do { entries += try FeedParser.parse(d).entries.count } catch { errors += 1 }
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("elapsed_s=\(String(format: "%.6f", elapsed)) files=\(docs.count) bytes=\(bytes) errors=\(errors / `repeat`) entries=\(entries / `repeat`)")
    }
}
