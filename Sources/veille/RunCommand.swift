import ArgumentParser
import Foundation
import VeilleCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll each feed on its own schedule and rewrite the digests (systemd Type=notify).",
        discussion: """
        SIGHUP reloads Feeds.toml (an invalid file keeps the running configuration); an edited Feeds.toml \
        is also noticed within seconds. SIGTERM or SIGINT stop cleanly.
        """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // A parent may have started us with signals blocked (Foundation.Process does from a worker
        // thread); SIGTERM and SIGHUP must reach the daemon.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        let logger = global.bootstrapLogging()
        let config = try global.loadConfiguration()
        let engine = try global.openEngine(config, logger: logger)
        try await VeilleDaemon(engine: engine, configPath: global.configPath, logger: logger).run()
    }
}
