import ArgumentParser
import Digest
import Foundation
import VeilleCore

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "(Re)write a day's digest from the store, or print it with --stdout.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The local day (default: today in [digest] timezone).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(name: .long, help: "md, html, atom or json (default: the formats of [digest] formats; md with --stdout).")
    var format: DigestSettings.Format?

    @Flag(name: .long, help: "Print the digest instead of writing files.")
    var stdout = false

    func run() throws {
        let logger = global.bootstrapLogging(quietDefault: .error)
        var config = try global.loadConfiguration()
        let engine = try global.openEngine(config, logger: logger)
        let now = Date()
        let day: LocalDay
        if let date {
            guard let d = LocalDay(isoString: date) else {
                printError("veille digest: invalid date '\(date)': expected YYYY-MM-DD")
                throw ExitCode(1)
            }
            day = d
        } else {
            day = LocalDay(date: now, timeZone: config.digest.timeZone)
        }
        do {
            if stdout {
                let publisher = engine.digestPublisher
                print(publisher.render(try publisher.model(for: day, now: now), format ?? .md), terminator: "")
                return
            }
            if let format { config.digest.formats = [format] }
            let publisher = DigestPublisher(store: engine.store, settings: config.digest, directory: engine.paths.digestDir)
            for path in try publisher.publish(days: [day], now: now) { print("wrote \(path)") }
        } catch {
            printError("veille digest: \(error)")
            throw ExitCode(1)
        }
    }
}

extension DigestSettings.Format: ExpressibleByArgument {}
