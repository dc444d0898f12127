import ArgumentParser
import Digest
import Foundation
import VeilleCore

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "(Re)write a day's digest from the store, or print it with --stdout.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The local day: YYYY-MM-DD, today or yesterday (default: today in [digest] timezone).", valueName: "day"))
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
        let today = LocalDay(date: now, timeZone: config.digest.timeZone)
        let day: LocalDay
        if let date {
            guard let d = Self.day(date, today: today) else {
                printError("veille digest: invalid date '\(date)': expected YYYY-MM-DD, today or yesterday")
                throw ExitCode(1)
            }
            day = d
        } else {
            day = today
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
            // The one file to open: today's is latest.*; another day's is its own page.
            if let latest = publisher.latestPage {
                let page = day == today ? latest
                    : (engine.paths.digestDir as NSString).appendingPathComponent(DigestFileName.page(day, (latest as NSString).pathExtension))
                print("open: \(page)")
            }
        } catch {
            printError("veille digest: \(error)")
            throw ExitCode(1)
        }
    }

    /// `YYYY-MM-DD`, `today` or `yesterday` (in the digest's time zone).
    static func day(_ text: String, today: LocalDay) -> LocalDay? {
        switch text.lowercased() {
        case "today": return today
        case "yesterday": return today.previous
        default: return LocalDay(isoString: text)
        }
    }
}

extension DigestSettings.Format: ExpressibleByArgument {}
