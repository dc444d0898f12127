import GRDB

/// The database's history, one migration per released change: a database created by any earlier
/// version of veille is brought up to date on open, and nothing in it is lost.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()

        // v1: feeds with their HTTP validators and health; entries with a stable identity per feed.
        m.registerMigration("v1-feeds-entries") { db in
            try db.execute(sql: """
                CREATE TABLE feed (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    url TEXT NOT NULL UNIQUE,              -- as configured in Feeds.toml
                    name TEXT NOT NULL,
                    tags TEXT NOT NULL DEFAULT '',          -- tab-separated
                    configured BOOLEAN NOT NULL DEFAULT 1,  -- still listed in Feeds.toml
                    enabled BOOLEAN NOT NULL DEFAULT 1,
                    fetch_url TEXT,                         -- after a permanent redirect
                    etag TEXT,
                    last_modified TEXT,
                    title TEXT,
                    site_url TEXT,
                    last_polled_at DATETIME,
                    last_success_at DATETIME,
                    last_error_at DATETIME,
                    last_error TEXT,
                    last_status INTEGER,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    next_poll_at DATETIME,
                    gone BOOLEAN NOT NULL DEFAULT 0,
                    ttl_minutes INTEGER,
                    update_period TEXT,
                    update_frequency INTEGER,
                    skip_hours TEXT,
                    skip_days TEXT,
                    fresh_until DATETIME,
                    retry_after DATETIME
                );
                CREATE TABLE entry (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                    identity TEXT NOT NULL,                 -- guid:…, link:… or hash:…
                    guid TEXT,
                    url TEXT,
                    canonical_url TEXT,
                    title TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    authors TEXT NOT NULL DEFAULT '',
                    categories TEXT NOT NULL DEFAULT '',
                    published_at DATETIME,
                    updated_at DATETIME,
                    first_seen_at DATETIME NOT NULL,
                    content_hash TEXT NOT NULL,
                    UNIQUE (feed_id, identity)
                );
                CREATE INDEX entry_first_seen ON entry(first_seen_at);
                CREATE INDEX entry_canonical_url ON entry(canonical_url);
                """)
        }

        // v2: stories. Each entry gets the story it belongs to and why (score, shared terms).
        m.registerMigration("v2-stories") { db in
            try db.execute(sql: """
                CREATE TABLE story (
                    id TEXT PRIMARY KEY,
                    first_report_at DATETIME NOT NULL,
                    last_source_at DATETIME NOT NULL,      -- changes only when the story gains a source
                    headline_entry_id INTEGER REFERENCES entry(id) ON DELETE SET NULL,
                    source_count INTEGER NOT NULL DEFAULT 0
                );
                ALTER TABLE entry ADD COLUMN story_id TEXT REFERENCES story(id) ON DELETE SET NULL;
                ALTER TABLE entry ADD COLUMN cluster_score REAL;
                ALTER TABLE entry ADD COLUMN cluster_terms TEXT;
                ALTER TABLE entry ADD COLUMN cluster_reason TEXT;
                CREATE INDEX entry_story ON entry(story_id);
                CREATE INDEX story_first_report ON story(first_report_at);
                """)
        }

        // v3: a covering index for a feed's publication rhythm (`recentPublicationTimes`, run for every
        // polled feed, 304s included): without it each entry row, summary overflow pages and all, is read.
        m.registerMigration("v3-entry-feed-dates") { db in
            try db.execute(sql: "CREATE INDEX entry_feed_dates ON entry(feed_id, published_at, first_seen_at)")
        }

        // v4: threads. Each story (an event) belongs to a thread (a developing story), often alone:
        // stories stored before threads existed get a thread of their own, named after the story as
        // the clusterer names a lone event's thread ("s-x" → "t-x"). The thread link says which
        // earlier event the story was linked to, and why.
        m.registerMigration("v4-threads") { db in
            try db.execute(sql: """
                ALTER TABLE story ADD COLUMN thread_id TEXT;
                ALTER TABLE story ADD COLUMN thread_link_event TEXT;
                ALTER TABLE story ADD COLUMN thread_link_score REAL;
                ALTER TABLE story ADD COLUMN thread_link_terms TEXT;    -- tab-separated
                UPDATE story SET thread_id = 't-' || substr(id, 3);
                CREATE INDEX story_thread ON story(thread_id, first_report_at);
                """)
        }

        // v5: no query looks entries up by canonical URL (the clusterer compares them in memory), and
        // that index's random keys made every commit rewrite pages all over it: a cold cycle's 70,000
        // entries wrote it hundreds of times over into the WAL. Dropping an index loses no row.
        m.registerMigration("v5-drop-canonical-url-index") { db in
            try db.execute(sql: "DROP INDEX IF EXISTS entry_canonical_url")
        }

        // v6: the feed's recent publication times (`PublicationTimes`), so that a 304 is decided from
        // the feed's row alone. NULL until the feed's next poll records them.
        m.registerMigration("v6-feed-recent-publications") { db in
            try db.execute(sql: "ALTER TABLE feed ADD COLUMN recent_publications TEXT")
        }

        // v7: the fingerprint of the feed list last synced from Feeds.toml (`FeedSpecFingerprint`), so
        // that a start with an unchanged Feeds.toml does not compare 2,000 feeds row by row. Any other
        // change to the synced columns, by any version of veille, forgets it (the triggers live in the
        // database), and the next sync compares every row again.
        m.registerMigration("v7-feed-sync-fingerprint") { db in
            try db.execute(sql: """
                CREATE TABLE setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TRIGGER feed_insert_unsyncs AFTER INSERT ON feed
                    BEGIN DELETE FROM setting WHERE key = 'feeds_synced'; END;
                CREATE TRIGGER feed_delete_unsyncs AFTER DELETE ON feed
                    BEGIN DELETE FROM setting WHERE key = 'feeds_synced'; END;
                CREATE TRIGGER feed_update_unsyncs AFTER UPDATE OF url, name, tags, enabled, configured ON feed
                    BEGIN DELETE FROM setting WHERE key = 'feeds_synced'; END;
                """)
        }
        // v8: `story.headline_entry_id` (v1, never read) referenced entries with ON DELETE SET NULL and
        // no index: deleting one entry searched every story. Pruning a day's 2,000 entries from a
        // 68,000-story store took 13 s of the writer; 0.03 s without the column.
        m.registerMigration("v8-drop-story-headline-entry") { db in
            try db.execute(sql: "ALTER TABLE story DROP COLUMN headline_entry_id")
        }
        // v9: no query reads `story_first_report` (every query on first_report_at names the thread,
        // which `story_thread` serves), and each story written paid an insert into it: a first cycle
        // writes 70,000 stories on the writer thread that the transfers wait for.
        m.registerMigration("v9-drop-story-first-report-index") { db in
            try db.execute(sql: "DROP INDEX IF EXISTS story_first_report")
        }
        return m
    }
}
