import Foundation
import VeilleStore

/// What veille tells a monitoring system after each cycle: each feed's health, the cycle's stages,
/// the store's size, the digest. A pure function of its inputs (time included), written by
/// `MetricsTextfile`; names follow Prometheus conventions (base units, `_seconds`, `_total`).
struct VeilleMetrics {
    /// Totals since the process started (Prometheus counters: they restart at 0 with the process,
    /// which `rate()` and `increase()` handle).
    struct Counters: Sendable, Equatable {
        var cycles = 0
        var newEntries = 0
        var feedFailures = 0
        var digestFailures = 0
    }

    /// The last digest write: how long it took, and when one last succeeded.
    struct DigestState: Sendable, Equatable {
        var seconds: Double?
        var lastSuccess: Date?
        var failing = false
    }

    var now: Date
    var startedAt: Date
    var version: String
    var feeds: [FeedState]
    var cycle: PollReport
    var counters: Counters
    var store: StoreCounts
    var digest: DigestState

    var text: String {
        var p = PrometheusText()
        p.family("veille_build_info", .gauge, "The running veille's version (always 1).")
        p.sample(1, [("version", version)])
        p.single("veille_start_time_seconds", .gauge, "When the process started, as a Unix time.", startedAt.timeIntervalSince1970)
        p.single("veille_metrics_written_timestamp_seconds", .gauge, "When this file was written, as a Unix time.", now.timeIntervalSince1970)

        // The last cycle.
        p.single("veille_cycles_total", .counter, "Poll cycles run since the process started.", Double(counters.cycles))
        p.single("veille_cycle_duration_seconds", .gauge, "Wall time of the last poll cycle.", cycle.totalSeconds)
        p.family("veille_cycle_stage_duration_seconds", .gauge,
                 "Wall time of each stage of the last cycle (parse and store overlap the transfers: summed time).")
        for t in cycle.timings { p.sample(t.seconds, [("stage", t.stage)]) }
        p.family("veille_cycle_feeds", .gauge, "Feeds of the last cycle by outcome.")
        p.sample(Double(cycle.polled), [("outcome", "polled")])
        p.sample(Double(cycle.fetched), [("outcome", "fetched")])
        p.sample(Double(cycle.notModified), [("outcome", "not_modified")])
        p.sample(Double(cycle.failures.count), [("outcome", "failed")])
        p.family("veille_cycle_entries", .gauge, "Entries the last cycle added or changed.")
        p.sample(Double(cycle.newEntries), [("change", "new")])
        p.sample(Double(cycle.updatedEntries), [("change", "updated")])
        p.single("veille_entries_new_total", .counter, "Entries added since the process started.", Double(counters.newEntries))
        p.single("veille_feed_failures_total", .counter, "Failed feed polls since the process started.", Double(counters.feedFailures))

        // Each configured feed, labelled by its name in Feeds.toml (unique).
        p.family("veille_feed_info", .gauge, "A configured feed (always 1): its URL and state (ok, failing, gone, disabled, new).")
        for f in feeds { p.sample(1, [("feed", f.name), ("url", f.url), ("state", FeedHealth.status(of: f))]) }
        p.family("veille_feed_up", .gauge, "1 when the feed's last poll succeeded (a 304 included), 0 otherwise.")
        for f in feeds where f.enabled && f.lastPolledAt != nil { p.sample(f.consecutiveFailures == 0 && !f.gone ? 1 : 0, [("feed", f.name)]) }
        p.family("veille_feed_last_success_timestamp_seconds", .gauge, "When the feed was last fetched successfully (200 or 304).")
        for f in feeds { if let t = f.lastSuccessAt { p.sample(t.timeIntervalSince1970, [("feed", f.name)]) } }
        p.family("veille_feed_consecutive_failures", .gauge, "Failed polls of the feed since its last success.")
        for f in feeds where f.enabled { p.sample(Double(f.consecutiveFailures), [("feed", f.name)]) }
        p.family("veille_feed_last_http_status", .gauge, "HTTP status of the feed's last response (absent when none came).")
        for f in feeds { if let s = f.lastStatus { p.sample(Double(s), [("feed", f.name)]) } }
        p.family("veille_feed_entries", .gauge, "Entries of the feed in the store.")
        for f in feeds { p.sample(Double(f.entryCount), [("feed", f.name)]) }
        p.family("veille_feed_next_poll_timestamp_seconds", .gauge, "When the feed is next due.")
        for f in feeds where f.enabled && !f.gone { if let t = f.nextPollAt { p.sample(t.timeIntervalSince1970, [("feed", f.name)]) } }

        // The store.
        p.single("veille_store_entries", .gauge, "Entries in the store.", Double(store.entries))
        p.single("veille_store_events", .gauge, "Events (articles reporting one happening) in the store.", Double(store.events))
        p.single("veille_store_threads", .gauge, "Threads (developing stories) in the store.", Double(store.threads))

        // The digest.
        if let s = digest.seconds {
            p.single("veille_digest_write_duration_seconds", .gauge, "Wall time of the last digest write.", s)
        }
        if let t = digest.lastSuccess {
            p.single("veille_digest_last_success_timestamp_seconds", .gauge, "When the digests were last written completely.", t.timeIntervalSince1970)
        }
        p.single("veille_digest_failing", .gauge, "1 when the last digest write failed (the store is intact; the next cycle retries).", digest.failing ? 1 : 0)
        p.single("veille_digest_failures_total", .counter, "Failed digest writes since the process started.", Double(counters.digestFailures))
        return p.text
    }
}
