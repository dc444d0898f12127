import Foundation
import GRDB

/// veille's SQLite database (WAL): the only place that writes SQL.
///
/// Each feed's poll is committed in one transaction, so a crash (even kill -9) loses at most the
/// feeds in flight, and SQLite's journal keeps the file consistent.
public final class Store: Sendable {
    private let db: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            var config = GRDB.Configuration()
            config.busyMode = .timeout(10)
            config.prepareDatabase { db in
                // WAL + NORMAL: durable across process crashes; a power cut may lose the last commits only.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Statement journals (each multi-row or multi-index write inside a cycle's transaction
                // keeps one) and sorts in memory: as temporary files they were 4 GB of writes and reads
                // through the kernel in a 70,000-entry first cycle, a third of its system time.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // A checkpoint every 40 MB of WAL instead of every 4 MB: the writer, which the transfers
                // wait for, copied and synced a first cycle's pages ten times as often, and a page
                // written in several commits is copied once per checkpoint (N=500 cold: store stage
                // 0.40–0.45 → 0.34–0.41 s). The WAL file is read through the page cache, not mapped.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            }
            let pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator.migrate(pool)
            db = pool
        } catch {
            throw StoreError(.cannotOpen, sqlite: Self.resultCode(error), "cannot open the database \(path): \(Self.describe(error))\(Self.folderHint(path))")
        }
    }

    /// SQLite says "unable to open database file" or "attempt to write a readonly database" for a
    /// state folder it cannot write (WAL needs the -wal and -shm files beside the database): say so.
    static func folderHint(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        guard access(folder, W_OK) != 0 else { return "" }
        let why = errno == EROFS ? "it is on a read-only file system" : String(cString: strerror(errno))
        return " (the state directory \(folder) is not writable: \(why))"
    }

    /// A private in-memory database, for tests and `veille cluster`-style batch work.
    public init() throws(StoreError) {
        do {
            let queue = try DatabaseQueue()
            try Schema.migrator.migrate(queue)
            db = queue
        } catch {
            throw StoreError(.cannotOpen, sqlite: Self.resultCode(error), "cannot create an in-memory database: \(Self.describe(error))")
        }
    }

    /// Migrates an existing database up to (and including) the named migration only: tests use this
    /// to build databases as older versions of veille left them.
    static func openForTesting(path: String, upTo migration: String) throws -> DatabaseQueue {
        let q = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(q, upTo: migration)
        return q
    }

    /// SQLite's primary result code, when SQLite said no.
    static func resultCode(_ error: any Error) -> Int32? {
        (error as? DatabaseError).map { $0.resultCode.primaryResultCode.rawValue }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "\(e.resultCode)" }
        return "\(error)"
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try db.write(body) } catch { throw StoreError(.writeFailed, sqlite: Self.resultCode(error), "database write failed: \(Self.describe(error))") }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try db.read(body) } catch { throw StoreError(.readFailed, sqlite: Self.resultCode(error), "database read failed: \(Self.describe(error))") }
    }

    /// A read of one statement: SQLite runs it as one snapshot by itself, so it needs none of the
    /// BEGIN/COMMIT (and their compilation) that `read` adds, which cost more than a small query
    /// run for every polled feed.
    private func readOneStatement<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try db.unsafeRead(body) } catch { throw StoreError(.readFailed, sqlite: Self.resultCode(error), "database read failed: \(Self.describe(error))") }
    }

    // MARK: feeds

    /// Makes the feed table match Feeds.toml: new feeds are added, renamed ones (same URL) or moved
    /// ones (same name, new URL) keep their history, removed ones are kept but marked unconfigured
    /// so their entries stay in past digests.
    /// `withEntryCounts: false` leaves `entryCount` at 0 (a poll cycle does not need it; counting
    /// every feed's entries is most of an all-304 cycle's store work).
    @discardableResult
    public func syncFeeds(_ specs: [FeedSpec], withEntryCounts: Bool = true) throws(StoreError) -> [FeedState] {
        try write { db in
            try Self.sync(db, specs, fingerprint: FeedSpecFingerprint.of(specs))
            return try Self.fetchFeeds(db, where: "configured = 1", counts: withEntryCounts)
        }
    }

    /// `syncFeeds` for a caller that needs no feed back (the engine, at start and on reload): when
    /// the feed table is as the same Feeds.toml list left it, nothing is compared or written.
    /// Returns whether the rows were compared.
    @discardableResult
    public func syncFeedsIfChanged(_ specs: [FeedSpec]) throws(StoreError) -> Bool {
        let fingerprint = FeedSpecFingerprint.of(specs)
        let synced = try readOneStatement { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM setting WHERE key = 'feeds_synced'"))
        }
        guard synced != fingerprint else { return false }
        try write { db in try Self.sync(db, specs, fingerprint: fingerprint) }
        return true
    }

    /// `fingerprint`: `FeedSpecFingerprint.of(specs)`, recorded once the rows match.
    private static func sync(_ db: Database, _ specs: [FeedSpec], fingerprint: String) throws {
        let existing = try Row.fetchAll(db, sql: "SELECT id, url, name, tags, enabled, configured FROM feed")
        var byURL: [String: Int64] = [:]
        var byName: [String: Int64] = [:]
        var current: [Int64: (url: String, name: String, tags: String, enabled: Bool, configured: Bool)] = [:]
        for r in existing {
            let id: Int64 = r[0], url: String = r[1], name: String = r[2]
            byURL[url] = id
            byName[name.lowercased()] = id
            current[id] = (url, name, r[3], r[4], r[5])
        }
        var keep: Set<Int64> = []
        for s in specs {
            let tags = s.tags.joined(separator: "\t")
            if let id = byURL[s.url] ?? byName[s.name.lowercased()].flatMap({ id in keep.contains(id) ? nil : id }) {
                let urlChanged = byURL[s.url] == nil
                // Unchanged feeds (every feed, on most cycles) cost no write.
                if let c = current[id], c.url == s.url, c.name == s.name, c.tags == tags, c.enabled == s.enabled, c.configured {
                    keep.insert(id)
                    continue
                }
                try db.run(sql: """
                    UPDATE feed SET url = ?, name = ?, tags = ?, enabled = ?, configured = 1 WHERE id = ?
                    """, arguments: [s.url, s.name, tags, s.enabled, id])
                if urlChanged {
                    // The user edited the URL: start afresh with it (validators belong to the old one).
                    try db.run(sql: """
                        UPDATE feed SET fetch_url = NULL, etag = NULL, last_modified = NULL, gone = 0,
                            consecutive_failures = 0, next_poll_at = NULL, retry_after = NULL WHERE id = ?
                        """, arguments: [id])
                }
                keep.insert(id)
            } else {
                try db.run(sql: "INSERT INTO feed (url, name, tags, enabled) VALUES (?, ?, ?, ?)",
                               arguments: [s.url, s.name, tags, s.enabled])
                keep.insert(db.lastInsertedRowID)
            }
        }
        let gone = existing.map { $0[0] as Int64 }.filter { !keep.contains($0) }
        for id in gone where current[id]?.configured != false {
            try db.run(sql: "UPDATE feed SET configured = 0 WHERE id = ?", arguments: [id])
        }
        // After the updates: their triggers forget any earlier fingerprint.
        try db.run(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('feeds_synced', ?)",
                   arguments: [fingerprint])
    }

    /// Every feed still in Feeds.toml, with its entry count.
    public func feeds() throws(StoreError) -> [FeedState] {
        try read { db in try Self.fetchFeeds(db, where: "configured = 1") }
    }

    /// Configured, enabled and not gone, due or not. `entryCount` is 0.
    public func activeFeeds() throws(StoreError) -> [FeedState] {
        try readOneStatement { db in try Self.fetchFeeds(db, where: "configured = 1 AND enabled = 1 AND gone = 0", counts: false) }
    }

    /// Configured, enabled, not gone, and due at `now` (never polled counts as due). `entryCount` is 0.
    public func dueFeeds(at now: Date) throws(StoreError) -> [FeedState] {
        try readOneStatement { db in
            try Self.fetchFeeds(db, where: "configured = 1 AND enabled = 1 AND gone = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?)",
                                arguments: [DatabaseDateText.string(now)], counts: false)
        }
    }

    /// The earliest scheduled poll among active feeds (`distantPast` for a feed never polled), nil when none.
    public func nextPollDate() throws(StoreError) -> Date? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, SUM(next_poll_at IS NULL) AS never, MIN(next_poll_at) AS first
                FROM feed WHERE configured = 1 AND enabled = 1 AND gone = 0
                """), (row["n"] as Int) > 0 else { return nil }
            if ((row["never"] as Int?) ?? 0) > 0 { return .distantPast }
            return DatabaseDateText.date(row["first"] as DatabaseValue)
        }
    }

    /// A stored list's items (tags, skip hours and days), split on an ASCII separator by bytes:
    /// String's own split compares Characters, and every feed's row is read at each cycle's start.
    private static func fields(_ text: String?, separator: Unicode.Scalar) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.utf8.split(separator: UInt8(separator.value)).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func fetchFeeds(_ db: Database, where clause: String, arguments: StatementArguments = [],
                                   counts: Bool = true) throws -> [FeedState] {
        // Columns by position, not by name: a name lookup lowercases and compares every column name,
        // and an all-304 cycle reads every feed's row.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, url, name, tags, configured, enabled, fetch_url, etag, last_modified, title, site_url,
                last_polled_at, last_success_at, last_error_at, last_error, last_status, consecutive_failures,
                next_poll_at, gone, ttl_minutes, update_period, update_frequency, skip_hours, skip_days,
                fresh_until, retry_after, recent_publications,
                \(counts ? "(SELECT COUNT(*) FROM entry WHERE entry.feed_id = feed.id)" : "0")
            FROM feed WHERE \(clause) ORDER BY feed.id
            """, arguments: arguments)
        var feeds: [FeedState] = []
        while let r = try rows.next() {
            feeds.append(FeedState(
                id: r[0], url: r[1], name: r[2],
                tags: Self.fields(r[3], separator: "\t"),
                configured: r[4], enabled: r[5], fetchURL: r[6],
                etag: r[7], lastModified: r[8], title: r[9], siteURL: r[10],
                lastPolledAt: r.date(11), lastSuccessAt: r.date(12), lastErrorAt: r.date(13),
                lastError: r[14], lastStatus: r[15], consecutiveFailures: r[16],
                nextPollAt: r.date(17), gone: r[18],
                hints: StoredFeedHints(
                    ttlMinutes: r[19], updatePeriod: r[20], updateFrequency: r[21],
                    skipHours: Set(Self.fields(r[22], separator: ",").compactMap { Int($0) }),
                    skipDays: Set(Self.fields(r[23], separator: ",")),
                    freshUntil: r.date(24), retryAfter: r.date(25)),
                entryCount: r[27], recentPublications: PublicationTimes.dates(r[26])))
        }
        return feeds
    }

    // MARK: polls

    /// Stores one poll's outcome and entries in one transaction. An entry that comes back with the
    /// same identity and new content is updated in place, never duplicated.
    @discardableResult
    public func recordPoll(_ poll: FeedPollRecord, entries: [EntryInput] = []) throws(StoreError) -> EntryChanges {
        try recordPolls([(poll, entries)])[0]
    }

    /// Stores several feeds' polls in one transaction (a cycle commits the feeds that arrived together):
    /// each feed whole, all or none. Returns each poll's changes, in order.
    /// `backlog`: new entries reported before its time get a story of their own here (`EntryChanges.settled`).
    @discardableResult
    public func recordPolls(_ polls: [(poll: FeedPollRecord, entries: [EntryInput])], backlog: BacklogCutoff? = nil) throws(StoreError) -> [EntryChanges] {
        guard !polls.isEmpty else { return [] }
        return try write { db in try Self.record(db, polls, backlog: backlog) }
    }

    private static func record(_ db: Database, _ polls: [(poll: FeedPollRecord, entries: [EntryInput])],
                               backlog: BacklogCutoff?) throws -> [EntryChanges] {
        // This transaction holds the write lock, so it chooses the ids SQLite would (AUTOINCREMENT:
        // one above both the largest id and the largest ever used) and writes each entry's own story
        // in the row it inserts.
        var next = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT MAX(COALESCE((SELECT MAX(id) FROM entry), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'entry'), 0)) + 1
            """)) ?? 1
        return try polls.map { item throws -> EntryChanges in
            try updateFeed(db, item.poll)
            return try upsertEntries(db, item.entries, feedID: item.poll.feedID, seenAt: item.poll.polledAt, nextID: &next,
                                     backlog: backlog)
        }
    }

    /// `recordPolls` from an async context: the transaction runs on the store's writer thread, so a
    /// slow commit (a checkpoint's fsync) never holds one of the few threads the parsers run on.
    /// `seconds` is the time the transaction took there, commit included (not the wait to get there).
    public func recordPollsOnWriterThread(_ polls: [(poll: FeedPollRecord, entries: [EntryInput])], backlog: BacklogCutoff? = nil) async throws(StoreError)
        -> (changes: [EntryChanges], seconds: Double) {
        guard !polls.isEmpty else { return ([], 0) }
        do {
            return try await db.writeWithoutTransaction { db in
                let t0 = Date()
                var changes: [EntryChanges] = []
                try db.inTransaction {
                    changes = try Self.record(db, polls, backlog: backlog)
                    return .commit
                }
                return (changes, Date().timeIntervalSince(t0))
            }
        } catch {
            throw StoreError(.writeFailed, sqlite: Self.resultCode(error), "database write failed: \(Self.describe(error))")
        }
    }

    /// The feed row after a poll, in one statement (its text depends only on the outcome's kind and on
    /// whether hints are given, so each of the six is compiled once per connection).
    private static func updateFeed(_ db: Database, _ poll: FeedPollRecord) throws {
        let polledAt = DatabaseDateText.string(poll.polledAt)
        var sets: [String]
        var arguments: StatementArguments
        switch poll.result {
        case .success(let etag, let lastModified, let title, let siteURL):
            sets = ["etag = ?", "last_modified = ?", "title = COALESCE(?, title)", "site_url = COALESCE(?, site_url)",
                    "last_success_at = ?", "consecutive_failures = 0", "gone = 0", "last_error = NULL"]
            arguments = [etag, lastModified, title, siteURL, polledAt]
        case .notModified:
            sets = ["last_success_at = ?", "consecutive_failures = 0", "last_error = NULL"]
            arguments = [polledAt]
        case .failure(let message, let gone):
            sets = ["last_error = ?", "last_error_at = ?", "consecutive_failures = consecutive_failures + 1", "gone = ?"]
            arguments = [message, polledAt, gone]
        }
        sets += ["last_polled_at = ?", "last_status = ?", "next_poll_at = ?", "fetch_url = COALESCE(?, fetch_url)"]
        arguments += [polledAt, poll.status, DatabaseDateText.value(poll.nextPollAt), poll.movedTo]
        if let times = poll.recentPublications {
            sets.append("recent_publications = ?")
            arguments += [PublicationTimes.text(times)]
        }
        if let h = poll.hints {
            sets += ["ttl_minutes = ?", "update_period = ?", "update_frequency = ?", "skip_hours = ?", "skip_days = ?",
                     "fresh_until = ?", "retry_after = ?"]
            arguments += [h.ttlMinutes, h.updatePeriod, h.updateFrequency, h.skipHours.sorted().map(String.init).joined(separator: ","),
                          h.skipDays.sorted().joined(separator: ","), DatabaseDateText.value(h.freshUntil), DatabaseDateText.value(h.retryAfter)]
        }
        arguments += [poll.feedID]
        try db.run(sql: "UPDATE feed SET " + sets.joined(separator: ", ") + " WHERE id = ?", arguments: arguments)
    }

    /// One upsert per entry, no SELECT first: a new identity is inserted (with the id `nextID`, then
    /// advanced), a known one with new content is updated in place, a known one unchanged is left
    /// alone (and returns no row). A new one reported before `backlog`'s time is inserted with its own
    /// story, which `assignStories` and its recount would have given it later (one source, first
    /// reported when it was): a first cycle's backlog is never read back nor written twice.
    private static func upsertEntries(_ db: Database, _ entries: [EntryInput], feedID: Int64, seenAt: Date,
                                      nextID: inout Int64, backlog: BacklogCutoff?) throws -> EntryChanges {
        var changes = EntryChanges()
        guard !entries.isEmpty else { return changes }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO entry (id, feed_id, identity, guid, url, canonical_url, title, summary, authors, categories,
                published_at, updated_at, first_seen_at, content_hash, story_id, cluster_score, cluster_terms, cluster_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (feed_id, identity) DO UPDATE SET guid = excluded.guid, url = excluded.url,
                canonical_url = excluded.canonical_url, title = excluded.title, summary = excluded.summary,
                authors = excluded.authors, categories = excluded.categories,
                published_at = COALESCE(excluded.published_at, entry.published_at), updated_at = excluded.updated_at,
                content_hash = excluded.content_hash
            WHERE entry.content_hash IS NOT excluded.content_hash
            """)
        let seen = DatabaseDateText.string(seenAt)
        var identities: Set<String> = []
        for e in entries where identities.insert(e.identity).inserted {
            let proposed = nextID
            let reported = StoredEntry.reportTime(published: e.published, firstSeen: seenAt)
            let own = backlog.map { reported < $0.reportedBefore } ?? false
            // The story row first, so that the entry's reference to it holds as it is inserted. (With
            // foreign keys checked at commit instead, each insert found a violation outstanding and
            // searched the story table, which has no index on its reference to entries, in full.)
            if own {
                try db.cachedStatement(sql: """
                    INSERT INTO story (id, thread_id, first_report_at, last_source_at, source_count) VALUES (?, ?, ?, ?, 1)
                    """).execute(arguments: [OwnStory.storyID(entry: proposed), OwnStory.threadID(entry: proposed),
                                             DatabaseDateText.string(reported), seen])
            }
            let lastBefore = db.lastInsertedRowID
            try upsert.execute(arguments: [
                proposed, feedID, e.identity, e.guid, e.url, e.canonicalURL, e.title, e.summary, e.authors.joined(separator: "\t"),
                e.categories.joined(separator: "\t"), DatabaseDateText.value(e.published), DatabaseDateText.value(e.updated),
                seen, e.contentHash, own ? OwnStory.storyID(entry: proposed) : nil, own ? 1.0 : nil, own ? "" : nil,
                own ? backlog?.reason : nil])
            // Which row, without a RETURNING cursor (a sixth of the writer's time): none changed, or
            // the new id became the last inserted one (an update leaves that alone), or, when the
            // last inserted id already had that value, the row is looked up.
            let id: Int64?
            if db.changesCount == 0 {
                id = nil
            } else if lastBefore != proposed && db.lastInsertedRowID == proposed {
                id = proposed
            } else {
                id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM entry WHERE feed_id = ? AND identity = ?"),
                                        arguments: [feedID, e.identity])
            }
            guard let id, id == proposed else {
                // Known already (updated, or unchanged): the story made for a new entry goes.
                if own { try db.cachedStatement(sql: "DELETE FROM story WHERE id = ?").execute(arguments: [OwnStory.storyID(entry: proposed)]) }
                if let id { changes.updated.append(id) }
                continue
            }
            nextID += 1
            changes.inserted.append(id)
            changes.insertedReportTimes.append(reported)
            if own { changes.settled.append(id) }
        }
        return changes
    }

    /// Publication times of a feed's latest entries, newest first: the feed's rhythm, for scheduling.
    public func recentPublicationTimes(feedID: Int64, limit: Int = 30) throws(StoreError) -> [Date] {
        try readOneStatement { db in
            try DatabaseValue.fetchAll(db.cachedStatement(sql: """
                SELECT COALESCE(published_at, first_seen_at) AS t FROM entry WHERE feed_id = ?
                ORDER BY t DESC LIMIT ?
                """), arguments: [feedID, limit]).compactMap(DatabaseDateText.date)
        }
    }

    // MARK: entries and stories

    public func entries(ids: [Int64]) throws(StoreError) -> [StoredEntry] {
        guard !ids.isEmpty else { return [] }
        if ids.count <= Self.chunk {
            return try read { db in
                try Self.fetchEntries(db, where: "entry.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                                      arguments: StatementArguments(ids))
            }
        }
        // Few SQL variables per statement, same order as one query would give.
        var all: [StoredEntry] = []
        for start in stride(from: 0, to: ids.count, by: Self.chunk) {
            all += try entries(ids: Array(ids[start..<min(start + Self.chunk, ids.count)]))
        }
        return all.sorted { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }
    }

    /// The report time (`StoredEntry.reportedAt`) of each of these entries still without a story:
    /// enough to put a large batch in time order without holding every entry's text at once.
    public func unassignedReportTimes(ids: [Int64]) throws(StoreError) -> [(id: Int64, reportedAt: Date)] {
        try reportTimes(ids: ids, unassignedOnly: true)
    }

    /// The report time (`StoredEntry.reportedAt`) of each of these entries: which digest days a
    /// batch touches, without reading the entries themselves.
    public func reportTimes(ids: [Int64]) throws(StoreError) -> [(id: Int64, reportedAt: Date)] {
        try reportTimes(ids: ids, unassignedOnly: false)
    }

    private func reportTimes(ids: [Int64], unassignedOnly: Bool) throws(StoreError) -> [(id: Int64, reportedAt: Date)] {
        var out: [(id: Int64, reportedAt: Date)] = []
        out.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: Self.chunk) {
            let part = Array(ids[start..<min(start + Self.chunk, ids.count)])
            let clause = (unassignedOnly ? "story_id IS NULL AND " : "") + "id IN (\(part.map { _ in "?" }.joined(separator: ",")))"
            out += try entryTimes(where: clause, arguments: StatementArguments(part)).map { ($0.id, $0.reportedAt) }
        }
        return out
    }

    /// The entries first seen at or after `since` without a story, without their text.
    public func unassignedEntryTimes(firstSeenSince since: Date) throws(StoreError) -> [EntryTimes] {
        try entryTimes(where: "story_id IS NULL AND first_seen_at >= ?", arguments: [DatabaseDateText.string(since)])
    }

    /// The entries first seen at or after `since` that already have a story, or whose id is below
    /// `idBelow` (the clusterer's history without the batch about to be clustered), without their text:
    /// read them a chunk at a time with `entries(ids:)`. Entries stored with one of `excludedReasons`
    /// (stories the clusterer never saw) are left out.
    public func entryTimes(firstSeenSince since: Date, assignedOrIDBelow idBelow: Int64,
                           excludingReasons excludedReasons: [String] = []) throws(StoreError) -> [EntryTimes] {
        let clause = "first_seen_at >= ? AND (story_id IS NOT NULL OR id < ?)"
            + (excludedReasons.isEmpty ? "" : " AND COALESCE(cluster_reason, '') NOT IN (\(excludedReasons.map { _ in "?" }.joined(separator: ",")))")
        return try entryTimes(where: clause, arguments: [DatabaseDateText.string(since), idBelow] + StatementArguments(excludedReasons))
    }

    private func entryTimes(where clause: String, arguments: StatementArguments) throws(StoreError) -> [EntryTimes] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT id, published_at, first_seen_at FROM entry WHERE \(clause) ORDER BY first_seen_at, id",
                                           arguments: arguments)
            var out: [EntryTimes] = []
            while let r = try rows.next() {
                let firstSeen = r.requiredDate(2)
                out.append(EntryTimes(id: r[0], reportedAt: StoredEntry.reportTime(published: r.date(1), firstSeen: firstSeen), firstSeen: firstSeen))
            }
            return out
        }
    }

    static let chunk = 1000

    /// Entries first seen at or after `since`, oldest first (to rebuild the clusterer after a restart).
    public func entries(firstSeenSince since: Date) throws(StoreError) -> [StoredEntry] {
        try read { db in try Self.fetchEntries(db, where: "entry.first_seen_at >= ?", arguments: [DatabaseDateText.string(since)]) }
    }

    public func entries(inStories ids: Set<String>) throws(StoreError) -> [StoredEntry] {
        guard !ids.isEmpty else { return [] }
        let list = Array(ids)
        return try read { db in
            try Self.fetchEntries(db, where: "entry.story_id IN (\(list.map { _ in "?" }.joined(separator: ",")))",
                                  arguments: StatementArguments(list))
        }
    }

    /// `with`: a common table expression the clause refers to.
    private static func fetchEntries(_ db: Database, with: String = "", where clause: String,
                                     arguments: StatementArguments) throws -> [StoredEntry] {
        try fetchEntries(db, with: with, where: clause, arguments: arguments, stories: nil)
    }

    /// `stories`: also the story of each entry, once per story (read from the same rows).
    private static func fetchEntries(_ db: Database, with: String = "", where clause: String, arguments: StatementArguments,
                                     stories: UnsafeMutablePointer<[String: StoredStory]>?) throws -> [StoredEntry] {
        // A cursor, not fetchAll: rows are turned into entries one by one instead of all being held twice.
        // Columns by position: a lookup by name lowercases and compares the names, for every column of every row.
        let rows = try Row.fetchCursor(db, sql: with + "\n" + """
            SELECT entry.id, entry.feed_id, feed.name, feed.tags, entry.identity, entry.guid, entry.url,
                entry.canonical_url, entry.title, entry.summary, entry.published_at, entry.first_seen_at,
                entry.story_id, story.thread_id, entry.cluster_score, entry.cluster_terms, entry.cluster_reason,
                entry.categories\(stories == nil ? "" : ", " + storyColumnsQualified)
            FROM entry JOIN feed ON feed.id = entry.feed_id LEFT JOIN story ON story.id = entry.story_id
            WHERE \(clause) ORDER BY entry.first_seen_at, entry.id
            """, arguments: arguments)
        return try Array(rows.map { r in
            if let stories, let id = r[18] as String?, stories.pointee[id] == nil {
                stories.pointee[id] = Self.story(r, from: 18)
            }
            return StoredEntry(id: r[0], feedID: r[1], feedName: r[2],
                               feedTags: Self.fields(r[3], separator: "\t"),
                               identity: r[4], guid: r[5], url: r[6], canonicalURL: r[7],
                               title: r[8], summary: r[9], published: r.date(10), firstSeen: r.requiredDate(11),
                               storyID: r[12], threadID: r[13], clusterScore: r[14],
                               clusterTerms: Self.fields(r[15], separator: "\t"),
                               clusterReason: r[16],
                               categories: Self.fields(r[17], separator: "\t"))
        })
    }

    /// An entry's report time in SQL, as `StoredEntry.reportedAt` computes it: its own date unless
    /// missing or more than an hour in the future of when veille first saw it. (The plain comparison
    /// first spares DATETIME for the usual date, earlier than the first sight: the digest evaluates
    /// this for every entry seen in its days, all 70,000 of a first cycle.)
    static let reportedAtSQL = """
        (CASE WHEN entry.published_at IS NULL OR (entry.published_at > entry.first_seen_at
                                                  AND entry.published_at > DATETIME(entry.first_seen_at, '+1 hour'))
              THEN entry.first_seen_at ELSE entry.published_at END)
        """

    /// Records which story each entry belongs to, keeping each story's first report time and the time
    /// it last gained a source (the rolling Atom digest's `updated`).
    public func assignStories(_ assignments: [StoryAssignment]) throws(StoreError) {
        guard !assignments.isEmpty else { return }
        try write { db in
            // A story created here by one assignment is already counted right (one entry, one source):
            // only the others are recounted from their entries (most of a first cycle's are new).
            var touched: [String: Int] = [:]
            var created: Set<String> = []
            for a in assignments {
                let lastBefore = db.lastInsertedRowID
                // One upsert per assignment, in order: the story takes the latest assignment's thread, and
                // keeps its thread link until an assignment brings another one.
                try db.run(sql: """
                    INSERT INTO story (id, thread_id, thread_link_event, thread_link_score, thread_link_terms,
                                       first_report_at, last_source_at, source_count)
                    SELECT ?, ?, ?, ?, ?, \(Self.reportedAtSQL), first_seen_at, 1 FROM entry WHERE id = ?
                    ON CONFLICT(id) DO UPDATE SET thread_id = excluded.thread_id,
                        thread_link_event = COALESCE(excluded.thread_link_event, story.thread_link_event),
                        thread_link_score = CASE WHEN excluded.thread_link_event IS NULL THEN story.thread_link_score ELSE excluded.thread_link_score END,
                        thread_link_terms = CASE WHEN excluded.thread_link_event IS NULL THEN story.thread_link_terms ELSE excluded.thread_link_terms END
                    """, arguments: [a.storyID, a.threadID, a.threadLink?.eventID, a.threadLink?.score,
                                     a.threadLink?.terms.joined(separator: "\t"), a.entryID])
                // An insert moves the last inserted row id; an update leaves it (a coincidence only
                // costs a recount).
                if db.lastInsertedRowID != lastBefore { created.insert(a.storyID) }
                touched[a.storyID, default: 0] += 1
            }
            // The entries by id: a batch comes in time order, which is scattered over the table's pages;
            // by id, each page is read and rewritten once (each entry is written once, so order does not
            // change the result).
            for a in assignments.sorted(by: { $0.entryID < $1.entryID }) {
                try db.run(sql: """
                    UPDATE entry SET story_id = ?, cluster_score = ?, cluster_terms = ?, cluster_reason = ? WHERE id = ?
                    """, arguments: [a.storyID, a.score, a.terms.joined(separator: "\t"), a.reason, a.entryID])
            }
            try Self.recount(db, stories: touched.compactMap { id, n in n == 1 && created.contains(id) ? nil : id })
        }
    }

    /// Brings the stories' source count, first report and growth time up to date from their entries,
    /// in one statement per thousand stories (the growth time moves only when the count grows).
    private static func recount(_ db: Database, stories ids: [String]) throws {
        for start in stride(from: 0, to: ids.count, by: chunk) {
            let part = Array(ids[start..<min(start + chunk, ids.count)])
            try db.execute(sql: """
                UPDATE story SET source_count = counted.n,
                    first_report_at = MIN(story.first_report_at, counted.first),
                    last_source_at = CASE WHEN counted.n > story.source_count THEN counted.last ELSE story.last_source_at END
                FROM (SELECT story_id, COUNT(DISTINCT feed_id) AS n, MIN(\(reportedAtSQL)) AS first, MAX(first_seen_at) AS last
                      FROM entry WHERE story_id IN (\(part.map { _ in "?" }.joined(separator: ","))) GROUP BY story_id) AS counted
                WHERE story.id = counted.story_id
                """, arguments: StatementArguments(part))
        }
    }

    /// Folds story `from` into story `into` (the clusterer found them to be one event): its entries
    /// move, its row goes, and the survivor's first report, source count and growth time follow.
    /// Returns the moved entries (the digests of their days change).
    @discardableResult
    public func mergeStory(_ from: String, into: String) throws(StoreError) -> [Int64] {
        guard from != into else { return [] }
        return try write { db in
            let moved = try Int64.fetchAll(db, sql: "SELECT id FROM entry WHERE story_id = ?", arguments: [from])
            try db.execute(sql: "UPDATE entry SET story_id = ? WHERE story_id = ?", arguments: [into, from])
            // The survivor keeps its thread; a thread link of the absorbed story is kept if it had none.
            try db.execute(sql: """
                UPDATE story SET (thread_link_event, thread_link_score, thread_link_terms) =
                    (SELECT thread_link_event, thread_link_score, thread_link_terms FROM story AS absorbed WHERE absorbed.id = ?)
                WHERE id = ? AND thread_link_event IS NULL
                    AND EXISTS (SELECT 1 FROM story AS absorbed WHERE absorbed.id = ? AND absorbed.thread_link_event IS NOT NULL)
                """, arguments: [from, into, from])
            // Later events' links to the absorbed one now name the survivor.
            try db.execute(sql: "UPDATE story SET thread_link_event = ? WHERE thread_link_event = ?", arguments: [into, from])
            try db.execute(sql: "DELETE FROM story WHERE id = ?", arguments: [from])
            try Self.recount(db, stories: [into])
            return moved
        }
    }

    /// Folds thread `from` into thread `into` (an event linked them; the older thread's id survives):
    /// every story of `from` moves to `into`.
    public func mergeThread(_ from: String, into: String) throws(StoreError) {
        guard from != into else { return }
        try write { db in
            try db.execute(sql: "UPDATE story SET thread_id = ? WHERE thread_id = ?", arguments: [into, from])
        }
    }

    /// The stories (events) of the given threads, oldest first; with `firstReportedBefore`, only those
    /// first reported before it (a day's digest lists its threads' earlier events).
    public func stories(inThreads ids: Set<String>, firstReportedBefore end: Date? = nil) throws(StoreError) -> [StoredStory] {
        guard !ids.isEmpty else { return [] }
        let list = Array(ids)
        var out: [StoredStory] = []
        for start in stride(from: 0, to: list.count, by: Self.chunk) {
            let part = Array(list[start..<min(start + Self.chunk, list.count)])
            var arguments = StatementArguments(part)
            var clause = "thread_id IN (\(part.map { _ in "?" }.joined(separator: ",")))"
            if let end {
                clause += " AND first_report_at < ?"
                arguments += [DatabaseDateText.string(end)]
            }
            out += try read { db in
                try Row.fetchAll(db, sql: "SELECT \(Self.storyColumns) FROM story WHERE \(clause)", arguments: arguments).map { Self.story($0) }
            }
        }
        return out.sorted { ($0.firstReportAt, $0.id) < ($1.firstReportAt, $1.id) }
    }

    /// Everything the digests of the days in `interval` are made of, in one read (one snapshot): the
    /// stories with an entry reported in `interval`, the stories of their threads first reported
    /// before its end (the threads' earlier events), and every entry of all these stories, in
    /// `entries(firstSeenSince:)`'s order. Which day each story belongs to is the caller's to sort
    /// out, from the entries' `reportedAt`. No list of ids goes to SQLite, however many stories.
    public func digestStories(reportedIn interval: DateInterval) throws(StoreError) -> (stories: [StoredStory], entries: [StoredEntry]) {
        let with = """
            WITH shown(id) AS (
                SELECT DISTINCT story_id FROM entry
                WHERE story_id IS NOT NULL AND first_seen_at >= ?
                  AND \(Self.reportedAtSQL) >= ? AND \(Self.reportedAtSQL) < ?),
            wanted(id) AS (
                SELECT id FROM shown
                UNION SELECT story.id FROM story
                WHERE story.first_report_at < ? AND story.thread_id IN
                      (SELECT thread_id FROM story WHERE id IN shown AND thread_id IS NOT NULL))
            """
        let arguments: StatementArguments = [DatabaseDateText.string(interval.start.addingTimeInterval(-3600)), DatabaseDateText.string(interval.start),
                                             DatabaseDateText.string(interval.end), DatabaseDateText.string(interval.end)]
        // One query: the entries with their stories' columns, each story kept once (every story has an
        // entry), so the days' stories are found once instead of once for the stories and again for
        // their entries. Stories in id order, as SQLite listed them before.
        return try read { db in
            var byID: [String: StoredStory] = [:]
            let entries = try withUnsafeMutablePointer(to: &byID) { pointer in
                try Self.fetchEntries(db, with: with, where: "entry.story_id IN wanted", arguments: arguments, stories: pointer)
            }
            return (byID.values.sorted { $0.id < $1.id }, entries)
        }
    }

    /// `storyColumns` of a query that joins `story` to other tables.
    static let storyColumnsQualified = """
        story.id, story.thread_id, story.thread_link_event, story.thread_link_score, story.thread_link_terms,
        story.first_report_at, story.last_source_at, story.source_count
        """

    /// The columns `story(_:)` reads, by position.
    static let storyColumns = """
        id, thread_id, thread_link_event, thread_link_score, thread_link_terms, first_report_at, last_source_at, source_count
        """

    /// A story from `storyColumns`, read from column `base` on.
    static func story(_ r: Row, from base: Int = 0) -> StoredStory {
        let id: String = r[base]
        let link = (r[base + 2] as String?).map { event in
            StoredThreadLink(eventID: event, score: (r[base + 3] as Double?) ?? 0,
                             terms: Self.fields(r[base + 4], separator: "\t"))
        }
        // Every row has a thread (migration v4 filled the older ones); a row written by hand without
        // one is read as alone in its thread rather than crash the daemon.
        return StoredStory(id: id, threadID: (r[base + 1] as String?) ?? "t-" + id.dropFirst(2), threadLink: link,
                           firstReportAt: r.requiredDate(base + 5), lastSourceAt: r.requiredDate(base + 6), sourceCount: r[base + 7])
    }

    public func stories(ids: Set<String>) throws(StoreError) -> [StoredStory] {
        guard !ids.isEmpty else { return [] }
        let list = Array(ids)
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.storyColumns) FROM story WHERE id IN (\(list.map { _ in "?" }.joined(separator: ",")))",
                             arguments: StatementArguments(list)).map { Self.story($0) }
        }
    }

    /// Deletes entries first seen before `cutoff`, and stories left without entries. Returns the count.
    @discardableResult
    public func prune(firstSeenBefore cutoff: Date) throws(StoreError) -> Int {
        try write { db in
            // Only the stories of the deleted entries can have become empty: checking every story
            // instead costs an index probe per stored story, every cycle, most often for nothing.
            let stories = try String?.fetchAll(db, sql: "DELETE FROM entry WHERE first_seen_at < ? RETURNING story_id",
                                               arguments: [DatabaseDateText.string(cutoff)])
            let emptied = Array(Set(stories.compactMap { $0 }))
            for start in stride(from: 0, to: emptied.count, by: Self.chunk) {
                let part = Array(emptied[start..<min(start + Self.chunk, emptied.count)])
                try db.execute(sql: """
                    DELETE FROM story WHERE id IN (\(part.map { _ in "?" }.joined(separator: ",")))
                        AND NOT EXISTS (SELECT 1 FROM entry WHERE entry.story_id = story.id)
                    """, arguments: StatementArguments(part))
            }
            return stories.count
        }
    }

    /// How much the store holds: entries, events (stories) and threads, for the metrics file.
    public func counts() throws(StoreError) -> StoreCounts {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM entry), (SELECT count(*) FROM story),
                       (SELECT count(DISTINCT thread_id) FROM story)
                """)
            return StoreCounts(entries: row?[0] ?? 0, events: row?[1] ?? 0, threads: row?[2] ?? 0)
        }
    }

    /// Copies the WAL's pages into the database (a passive checkpoint: readers go on) on the writer
    /// thread. A cycle runs it beside its digest, once its writes are done: with a checkpoint every
    /// 10,000 pages only, the one SQLite runs when the store is closed otherwise came after the
    /// cycle, at the end of `veille poll` (60 ms at 500 feeds), and the WAL stayed large between
    /// the daemon's cycles.
    public func checkpoint() async throws(StoreError) {
        do {
            try await db.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            throw StoreError(.writeFailed, sqlite: Self.resultCode(error), "database checkpoint failed: \(Self.describe(error))")
        }
    }

    /// Gives back what SQLite holds between cycles: each connection's page cache, and the reader
    /// connections of the pool (reopened on the next read). The daemon calls it after each cycle.
    public func releaseMemory() {
        (db as? DatabasePool)?.releaseMemory()
    }

    /// The writer's and a reader's `synchronous` and `temp_store` settings, for tests.
    func connectionSettings() throws(StoreError) -> [[Int]] {
        let query = "SELECT synchronous, temp_store FROM pragma_synchronous, pragma_temp_store"
        let writer = try write { db in try Row.fetchOne(db, sql: query).map { [$0[0], $0[1]] as [Int] } ?? [] }
        let reader = try read { db in try Row.fetchOne(db, sql: query).map { [$0[0], $0[1]] as [Int] } ?? [] }
        return [writer, reader]
    }

    /// `PRAGMA integrity_check`, for `veille feeds` and crash tests.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}

/// Totals of the store (`Store.counts()`).
public struct StoreCounts: Sendable, Equatable {
    public var entries: Int
    public var events: Int
    public var threads: Int
    public init(entries: Int, events: Int, threads: Int) {
        self.entries = entries
        self.events = events
        self.threads = threads
    }
}

/// A story (an event) as stored.
public struct StoredStory: Sendable, Equatable {
    public var id: String
    /// The thread (developing story) the event belongs to.
    public var threadID: String
    /// Why the event is in its thread, when it was linked to an earlier event.
    public var threadLink: StoredThreadLink?
    public var firstReportAt: Date
    public var lastSourceAt: Date
    public var sourceCount: Int
}

/// Why the store failed: what it was doing (`code`, for logic), SQLite's result code when SQLite said
/// no (`sqliteCode`: 13 is a full disk, 8 a read-only database…), and a one-line message for a person.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The database could not be opened, created or migrated.
        case cannotOpen = "cannot-open"
        case readFailed = "read-failed"
        case writeFailed = "write-failed"
    }
    public var code: Code
    public var sqliteCode: Int32?
    public var description: String
    public init(_ code: Code, sqlite: Int32? = nil, _ description: String) {
        self.code = code
        self.sqliteCode = sqlite
        self.description = description
    }
}

extension Database {
    /// Executes one statement compiled once per connection (GRDB's statement cache): the per-feed and
    /// per-entry statements of a cycle are not parsed (and authorised) again each time.
    func run(sql: String, arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
