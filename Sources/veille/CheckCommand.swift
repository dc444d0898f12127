import ArgumentParser
import VeilleCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate Feeds.toml: prints 'ok: N feeds (M enabled)' or every error as FILE:LINE:COL: message.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.loadConfiguration()
        print("ok: \(config.feeds.count) feeds (\(config.enabledFeeds.count) enabled)")
    }
}
