import Foundation
import Logging
import Synchronization

/// Reloads Feeds.toml on SIGHUP or when the file changes on disk (so `veille add` needs no signal).
/// An invalid file changes nothing: every error is logged with its line and the running
/// configuration stays.
final class ConfigReloader: Sendable {
    let engine: VeilleEngine
    let path: String
    let logger: Logger
    let notifier: SystemdNotifier
    private let lastSeen = Mutex<FileStamp?>(nil)
    /// A change seen at the previous check and not applied yet: a file is reloaded only once it has
    /// stayed the same for one tick, so an editor or `cp` still writing it is never read half-done.
    private let pending = Mutex<FileStamp?>(nil)

    struct FileStamp: Equatable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    init(engine: VeilleEngine, path: String, logger: Logger, notifier: SystemdNotifier) {
        self.engine = engine
        self.path = path
        self.logger = logger
        self.notifier = notifier
    }

    func stamp() -> FileStamp? {
        guard let a = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return FileStamp(modified: a[.modificationDate] as? Date, size: (a[.size] as? NSNumber)?.intValue,
                         inode: (a[.systemFileNumber] as? NSNumber)?.intValue)
    }

    func rememberFile() { lastSeen.withLock { $0 = stamp() } }

    func reloadIfChanged() {
        let now = stamp()
        guard now != lastSeen.withLock({ $0 }) else {
            pending.withLock { $0 = nil }
            return
        }
        let settled = pending.withLock { p -> Bool in
            if p == now { return true }
            p = now
            return false
        }
        guard settled else { return }
        pending.withLock { $0 = nil }
        lastSeen.withLock { $0 = now }
        if now != nil { reload(reason: "Feeds.toml changed") }
    }

    /// Returns true when the new configuration was applied.
    @discardableResult
    func reload(reason: String) -> Bool {
        notifier.notify("RELOADING=1")
        defer { notifier.notify("READY=1\nSTATUS=\(engine.statusLine())") }
        rememberFile()
        do {
            // An empty file is what a truncated write (`> Feeds.toml`, a full disk, an editor that
            // crashed) leaves: applying it would unsubscribe every feed at once.
            if let size = stamp()?.size, size == 0, !engine.configuration.feeds.isEmpty {
                logger.error("configuration not reloaded (\(reason)): \(path) is empty; keeping the running one (\(engine.configuration.feeds.count) feeds)")
                return false
            }
            let config = try ConfigLoader.load(path: path)
            try engine.apply(config)
            logger.info("configuration reloaded (\(reason)): \(config.feeds.count) feeds")
            return true
        } catch let error as ConfigError {
            for d in error.diagnostics { logger.error("\(d.description)") }
            logger.error("configuration not reloaded (\(reason)): keeping the running one")
            return false
        } catch {
            logger.error("configuration not reloaded (\(reason)): \(error)")
            return false
        }
    }
}
