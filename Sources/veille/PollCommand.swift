import ArgumentParser
import Foundation
import VeilleCore

struct PollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Run one poll cycle: fetch the due feeds (all with --all), update the store, rewrite today's digest.",
        discussion: "Prints one line per failing or moved feed and a summary line. Exits 0 unless the configuration or the store is unusable.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Poll every enabled feed, due or not.")
    var all = false

    @Flag(name: .long, help: "Also print the wall time of each stage (fetch, parse, store, cluster, digest).")
    var timings = false

    func run() async throws {
        // Failing feeds are printed below; logs only add what went wrong beyond that.
        let logger = global.bootstrapLogging(quietDefault: .error)
        let config = try global.loadConfiguration()
        let engine = try global.openEngine(config, logger: logger)
        let report: PollReport
        do {
            report = try await engine.pollOnce(all: all)
        } catch {
            printError("veille: \(error)")
            throw ExitCode(1)
        }
        for f in report.failures { print("failed: \(f.feed) <\(f.url)>: \(f.message)") }
        for m in report.moves {
            print("moved: \(m.feed) <\(m.from)> now answers from <\(m.to)> (permanent redirect): edit its url in Feeds.toml")
        }
        print(report.summaryLine)
        if timings { print(report.timingsLine) }
        if report.polled == 0 && !all {
            // Nothing was due: say when something will be, and how not to wait.
            let next = (try? engine.nextDue()).flatMap { $0 }
            print(PollHint.nothingDue(next: next, now: Date(), timeZone: config.digest.timeZone))
        }
        print("state: \(engine.paths.database)")
        if let e = report.digestError {
            print("digest not written: \(e)")
        } else if let page = engine.digestPublisher.latestPage {
            print("digest: \(page)")
        }
    }
}
