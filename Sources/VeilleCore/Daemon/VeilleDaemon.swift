import FeedFetching
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `veille run`: the long-running service. Feeds are polled on their own schedules (the loop wakes
/// at the next due time, or every few seconds to notice an edited Feeds.toml); SIGHUP reloads;
/// SIGTERM/SIGINT stop gracefully; systemd hears about all of it through sd_notify.
public final class VeilleDaemon: Sendable {
    let engine: VeilleEngine
    let configPath: String
    let logger: Logger
    let notifier: SystemdNotifier
    /// How often the loop looks for due feeds and an edited Feeds.toml.
    let tick: Duration
    /// In-flight transfers get this long to finish after SIGTERM before they are aborted.
    let drainTime: Duration
    private let reloader: ConfigReloader

    public init(engine: VeilleEngine, configPath: String, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
                tick: Duration = .seconds(2), drainTime: Duration = .seconds(5)) {
        self.engine = engine
        self.configPath = configPath
        self.logger = logger
        self.notifier = notifier
        self.tick = tick
        self.drainTime = drainTime
        reloader = ConfigReloader(engine: engine, path: configPath, logger: logger, notifier: notifier)
    }

    /// Runs until SIGTERM/SIGINT (or the task is cancelled).
    public func run() async throws {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: PollLoop(daemon: self)),
            .init(service: ReloadOnHangup(reloader: reloader)),
        ]
        if let interval = SystemdNotifier.watchdogInterval() {
            services.append(.init(service: WatchdogPinger(notifier: notifier, interval: interval)))
        }
        var config = ServiceGroupConfiguration(services: services, logger: logger)
        config.gracefulShutdownSignals = [.sigterm, .sigint]
        config.maximumGracefulShutdownDuration = .seconds(15)
        let group = ServiceGroup(configuration: config)
        try await group.run()
        logger.info("stopped")
    }

    /// One pass: reload if Feeds.toml changed, poll what is due.
    func pass(cancellation: FetchCancellation) async throws {
        reloader.reloadIfChanged()
        guard let due = try engine.nextDue(), due <= engine.now() else { return }
        let report = try await engine.pollOnce(cancellation: cancellation)
        engine.store.releaseMemory()
        HeapTrim.releaseFreedMemory()
        if report.polled > 0 {
            logger.info("\(report.summaryLine)")
            for m in report.moves { logger.notice("feed \(m.feed) moved permanently to \(m.to): edit Feeds.toml") }
        }
        notifier.notify("STATUS=\(engine.statusLine()); last cycle: \(report.newEntries) new entries")
    }

    struct PollLoop: Service {
        let daemon: VeilleDaemon

        func run() async throws {
            let d = daemon
            d.reloader.rememberFile()
            d.notifier.notify("READY=1\nSTATUS=\(d.engine.statusLine())")
            d.logger.info("ready", metadata: ["config": "\(d.configPath)", "state": "\(d.engine.paths.stateDir)"])
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let cancellation = FetchCancellation()
                do {
                    try await withGracefulShutdownHandler {
                        try await d.pass(cancellation: cancellation)
                    } onGracefulShutdown: {
                        // No new transfers; those in flight may finish during the drain time.
                        cancellation.stopStarting()
                        let drain = d.drainTime
                        Task { try? await Task.sleep(for: drain); cancellation.cancel() }
                    }
                } catch {
                    d.logger.error("cycle failed: \(error)")
                }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: d.tick) }
            }
            d.notifier.notify("STOPPING=1")
        }
    }

    struct ReloadOnHangup: Service {
        let reloader: ConfigReloader
        func run() async throws {
            for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
                reloader.reload(reason: "SIGHUP")
            }
        }
    }

    struct WatchdogPinger: Service {
        let notifier: SystemdNotifier
        let interval: Duration
        func run() async throws {
            while !Task.isShuttingDownGracefully {
                notifier.notify("WATCHDOG=1")
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        }
    }
}
