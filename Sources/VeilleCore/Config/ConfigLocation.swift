import Foundation

/// Where the configuration is read from: `--config`, else `$VEILLE_CONFIG`, else
/// `/etc/veille/Feeds.toml` when it exists (an installed service), else `./Feeds.toml`.
public enum ConfigLocation {
    public static let systemPath = "/etc/veille/Feeds.toml"

    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String {
        if let e = explicit, !e.isEmpty { return e }
        if let env = environment["VEILLE_CONFIG"], !env.isEmpty { return env }
        if fileExists(systemPath) { return systemPath }
        return "Feeds.toml"
    }

    /// What to tell someone whose configuration file does not exist: where veille looked, in order,
    /// and how to start one.
    public static func missingFileHelp(path: String) -> String {
        """
        veille: no configuration file at \(path)
        veille reads the first of: --config PATH, then $VEILLE_CONFIG, then \(systemPath) (when it exists), then ./Feeds.toml.
        To start: touch Feeds.toml && veille add https://www.numerama.com/feed/ --tag tech
          (or copy the Feeds.toml shipped with veille: 44 French tech outlets), then: veille poll --all
        """
    }
}

/// The folders veille writes to.
public struct StatePaths: Sendable, Equatable {
    public var stateDir: String
    public var digestDir: String
    public var database: String { (stateDir as NSString).appendingPathComponent("veille.sqlite") }

    /// State: `$STATE_DIRECTORY` (systemd; the first entry when it lists several), else `state_dir`
    /// (relative to the configuration file's folder, so `--config ~/veille/Feeds.toml` keeps its state
    /// beside it), else `./state`. Digests: `[digest] dir`, relative to the state directory.
    public static func resolve(_ config: Configuration,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) -> StatePaths {
        let state: String
        if let env = environment["STATE_DIRECTORY"], let first = env.split(separator: ":").first, !first.isEmpty {
            state = String(first)
        } else if let configured = config.daemon.stateDir {
            if configured.hasPrefix("/") {
                state = configured
            } else {
                let base = config.sourcePath.map { ($0 as NSString).deletingLastPathComponent } ?? ""
                let folder = base.isEmpty ? currentDirectory : (base.hasPrefix("/") ? base : (currentDirectory as NSString).appendingPathComponent(base))
                state = (folder as NSString).appendingPathComponent(configured)
            }
        } else {
            state = (currentDirectory as NSString).appendingPathComponent("state")
        }
        let normalisedState = (state as NSString).standardizingPath
        let digest = config.digest.dir.hasPrefix("/") ? config.digest.dir
            : (normalisedState as NSString).appendingPathComponent(config.digest.dir)
        return StatePaths(stateDir: normalisedState, digestDir: (digest as NSString).standardizingPath)
    }

    /// The Prometheus text file (`[metrics] textfile`, relative to the state directory), if any.
    public func metricsFile(_ settings: MetricsSettings) -> String? {
        settings.textfile.map { file in
            ((file.hasPrefix("/") ? file : (stateDir as NSString).appendingPathComponent(file)) as NSString).standardizingPath
        }
    }
}
