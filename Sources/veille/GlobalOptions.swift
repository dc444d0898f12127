import ArgumentParser
import Foundation
import Logging
import VeilleCore

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: LogLevelArgument?

    var configPath: String { ConfigLocation.resolve(explicit: config) }

    /// Installs the stderr/journal log handler once per process. `quietDefault` is the level used
    /// when --log-level is absent (one-shot commands print their own report and keep logs quiet).
    func bootstrapLogging(quietDefault: Logger.Level = .info) -> Logger {
        let level = logLevel?.level ?? quietDefault
        LoggingBootstrap.once { LoggingSystem.bootstrap { VeilleLogHandler(label: $0, level: level) } }
        return Logger(label: "veille")
    }

    /// Loads the configuration or prints every error and exits 1.
    func loadConfiguration() throws -> Configuration {
        let path = configPath
        if !FileManager.default.fileExists(atPath: path) {
            printError(ConfigLocation.missingFileHelp(path: path))
            throw ExitCode(1)
        }
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// Opens the state (database) for the configuration, or prints why not and exits 1.
    func openEngine(_ config: Configuration, logger: Logger) throws -> VeilleEngine {
        do {
            return try VeilleEngine(configuration: config, paths: StatePaths.resolve(config), logger: logger)
        } catch {
            printError("veille: \(error)")
            throw ExitCode(1)
        }
    }
}

struct LogLevelArgument: ExpressibleByArgument, Sendable {
    let level: Logger.Level
    init(_ level: Logger.Level) { self.level = level }
    init?(argument: String) {
        guard let l = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        level = l
    }
    var defaultValueDescription: String { level.rawValue }
    static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    static func once(_ body: () -> Void) {
        guard !done else { return }
        done = true
        body()
    }
}

/// One line on stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
