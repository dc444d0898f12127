import ArgumentParser
import Foundation
import VeilleCore

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "List the feeds with their health: status, last success, last error, entries, next poll.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let logger = global.bootstrapLogging(quietDefault: .error)
        let config = try global.loadConfiguration()
        let engine = try global.openEngine(config, logger: logger)
        let health: [FeedHealth]
        do {
            health = try FeedHealth.list(engine: engine)
        } catch {
            printError("veille: \(error)")
            throw ExitCode(1)
        }
        print(json ? FeedHealth.json(health) : FeedHealth.table(health, now: Date(), timeZone: config.digest.timeZone))
    }
}
