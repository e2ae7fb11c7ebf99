import Domain
import FluentKit
import SQLKit

/// Issue 16 (the channel job and the staff desk at a million publications):
/// - Steps are read in ledger order through `publication_transitions_ledger_index` (migration 020,
///   which also serves the portal's cache mark). Ledger appends are serialised (an
///   advisory lock on PostgreSQL, SQLite's write lock) and each step is written in its append's
///   transaction, so a step with a higher `ledger_index` never becomes visible before one with a
///   lower index: ledger order is commit order, without gaps.
/// - `channel_cursors` (insert-only): per channel, a high-water mark — every public step of a kind
///   the channel carries with `ledger_index` ≤ the highest row's `ledger_index` has been delivered
///   (SPEC P2, P4). The hand-over job reads only steps above it, so a run when nothing is pending
///   costs two index look-ups whatever the history. Advancing it is a new row.
///   Backfilled here from `channel_handovers` (`at` is 0 on the backfilled rows).
/// - `publication_state_counts`: the desk's tab counts (one row per state), kept by triggers on the
///   `publications` read model, which is itself rewritten in place; rebuilt from it here.
/// - `publications_updated`, `publications_state_updated`: the desk list, newest change first, read
///   from an index instead of sorting every row.
struct CreateChannelCursorsAndDeskCounts: AsyncMigration {
    var name: String { "021_CreateChannelCursorsAndDeskCounts" }

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        let integer = postgres ? "BIGINT" : "INTEGER"

        try await sql.raw("""
            CREATE TABLE channel_cursors (
                channel TEXT NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                at \(unsafeRaw: integer) NOT NULL,
                PRIMARY KEY (channel, ledger_index)
            )
            """).run()
        try await AppendOnlyTriggers.create(on: sql, tables: ["channel_cursors"])
        for channel in PublicationChannel.allCases {
            if let cursor = try await ChannelOutboxStore(database: database).backfilledCursor(channel) {
                try await sql.raw("""
                    INSERT INTO channel_cursors (channel, ledger_index, at) VALUES (\(bind: channel.rawValue), \(bind: cursor), 0)
                    """).run()
            }
        }

        try await sql.raw("CREATE TABLE publication_state_counts (state TEXT PRIMARY KEY, n \(unsafeRaw: integer) NOT NULL)").run()
        try await sql.raw("INSERT INTO publication_state_counts (state, n) SELECT state, COUNT(*) FROM publications GROUP BY state").run()
        let add = "INSERT INTO publication_state_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = publication_state_counts.n + 1"
        let remove = "UPDATE publication_state_counts SET n = n - 1 WHERE state = OLD.state"
        if postgres {
            try await sql.raw("""
                CREATE FUNCTION lawtrail_publication_state_count() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN \(unsafeRaw: remove); END IF;
                    IF TG_OP = 'UPDATE' OR TG_OP = 'INSERT' THEN \(unsafeRaw: add); END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("""
                CREATE TRIGGER publications_count_insert_delete AFTER INSERT OR DELETE ON publications
                FOR EACH ROW EXECUTE FUNCTION lawtrail_publication_state_count()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER publications_count_update AFTER UPDATE ON publications
                FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION lawtrail_publication_state_count()
                """).run()
        } else {
            try await sql.raw("CREATE TRIGGER publications_count_insert AFTER INSERT ON publications BEGIN \(unsafeRaw: add); END").run()
            try await sql.raw("CREATE TRIGGER publications_count_delete AFTER DELETE ON publications BEGIN \(unsafeRaw: remove); END").run()
            try await sql.raw("""
                CREATE TRIGGER publications_count_update AFTER UPDATE OF state ON publications WHEN OLD.state IS NOT NEW.state
                BEGIN \(unsafeRaw: remove); \(unsafeRaw: add); END
                """).run()
        }

        try await sql.raw("CREATE INDEX publications_updated ON publications (updated_at DESC, id)").run()
        try await sql.raw("CREATE INDEX publications_state_updated ON publications (state, updated_at DESC, id)").run()
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw("DROP INDEX publications_state_updated").run()
        try await sql.raw("DROP INDEX publications_updated").run()
        if postgres {
            try await sql.raw("DROP TRIGGER publications_count_insert_delete ON publications").run()
            try await sql.raw("DROP TRIGGER publications_count_update ON publications").run()
            try await sql.raw("DROP FUNCTION lawtrail_publication_state_count()").run()
        } else {
            for name in ["publications_count_insert", "publications_count_delete", "publications_count_update"] {
                try await sql.raw("DROP TRIGGER \(unsafeRaw: name)").run()
            }
        }
        try await sql.raw("DROP TABLE publication_state_counts").run()
        try await sql.raw("DROP TABLE channel_cursors").run()
    }
}
