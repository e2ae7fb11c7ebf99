import FluentKit
import SQLKit

/// Full-text search newest first whatever the number of matches, and a cheap "has anything public
/// changed" mark for the portal's conditional GET (issue 16 items 2 and 3).
///
/// - `publications.list_key`: a listed item's place in the list order as one number
///   (`PublicationHead.listKey`: the day of `public_date` above the first 47 bits of the id), NULL
///   when not listed. Backfilled here in SQL with exactly the same arithmetic.
/// - SQLite: `publication_search` is rebuilt as an FTS5 table whose rowid *is* the list key, so
///   `MATCH … ORDER BY rowid DESC LIMIT n` walks the doclists from the newest end and stops after
///   the page (before: every match was read, then sorted — 1.5 s for 8,073 matches at a million).
///   `publications_list_key` finds the row of a key and answers the listing checks from the index.
/// - PostgreSQL: a stored `search_vector` (generated from `search_tokens`, so every writer keeps it
///   right) with its own GIN index instead of the expression index, so the planner has statistics
///   for the words; `publicList` searches it in date windows, newest first.
/// - `publication_transitions_ledger_index`: `MAX(ledger_index)`, the portal lists' cache mark, is
///   one index probe.
struct IndexPublicationsInListOrder: AsyncMigration {
    var name: String { "020_IndexPublicationsInListOrder" }

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw("CREATE INDEX publication_transitions_ledger_index ON publication_transitions (ledger_index)").run()
        if postgres {
            try await sql.raw("ALTER TABLE publications ADD COLUMN list_key BIGINT").run()
            try await Self.fillListKeys(on: sql)
            try await sql.raw("""
                ALTER TABLE publications ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED
                """).run()
            try await sql.raw("CREATE INDEX publications_search_vector ON publications USING GIN (search_vector) WHERE listed = 1").run()
            try await sql.raw("DROP INDEX publications_search").run()
            try await sql.raw("CREATE INDEX publications_list_key ON publications (list_key)").run()
            try await sql.raw("ANALYZE publications").run()
        } else {
            try await sql.raw("ALTER TABLE publications ADD COLUMN list_key INTEGER").run()
            try await Self.fillListKeys(on: sql)
            try await sql.raw("DROP TABLE publication_search").run()
            try await sql.raw("""
                CREATE VIRTUAL TABLE publication_search USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0')
                """).run()
            try await sql.raw("""
                INSERT INTO publication_search (rowid, tokens)
                SELECT list_key, search_tokens FROM publications WHERE list_key IS NOT NULL
                """).run()
            try await sql.raw("""
                CREATE INDEX publications_list_key ON publications (list_key, listed, period_last_day, kind)
                """).run()
            try await sql.raw("DROP INDEX publications_match_keys").run()
        }
    }

    /// Sets `list_key` of every listed row to `PublicationHead.listKey` — in SQL, one statement
    /// (the migration of a deployed database runs on start).
    static func fillListKeys(on sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                UPDATE publications SET list_key =
                    (LEAST(GREATEST(public_date::date - DATE '1970-01-01', 0), 65535)::bigint << 47)
                    | (('x' || substr(replace(id, '-', ''), 1, 12))::bit(48)::bigint >> 1)
                WHERE listed = 1 AND public_date IS NOT NULL
                """).run()
        } else {
            // The id's first 12 hex digits (the UUID's first 48 bits), skipping the hyphen at 9.
            let digits = (1...13).filter { $0 != 9 }.map { "(instr('0123456789abcdef', substr(id, \($0), 1)) - 1)" }
            let top48 = digits.reduce("0") { "(\($0) * 16 + \($1))" }
            try await sql.raw("""
                UPDATE publications SET list_key =
                    (min(max(CAST(julianday(public_date) - 2440587.5 AS INTEGER), 0), 65535) << 47) | (\(unsafeRaw: top48) >> 1)
                WHERE listed = 1 AND public_date IS NOT NULL
                """).run()
        }
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX publication_transitions_ledger_index").run()
        try await sql.raw("DROP INDEX publications_list_key").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE INDEX publications_search ON publications
                USING GIN (to_tsvector('simple', search_tokens)) WHERE listed = 1
                """).run()
            try await sql.raw("DROP INDEX publications_search_vector").run()
            try await sql.raw("ALTER TABLE publications DROP COLUMN search_vector").run()
            try await sql.raw("ALTER TABLE publications DROP COLUMN list_key").run()
        } else {
            try await sql.raw("DROP TABLE publication_search").run()
            try await sql.raw("""
                CREATE VIRTUAL TABLE publication_search USING fts5(
                    publication_id UNINDEXED, tokens, tokenize = 'unicode61 remove_diacritics 0'
                )
                """).run()
            try await sql.raw("""
                INSERT INTO publication_search (publication_id, tokens)
                SELECT id, search_tokens FROM publications WHERE listed = 1
                """).run()
            try await sql.raw("""
                CREATE INDEX publications_match_keys ON publications (id, listed, period_last_day, public_date, kind)
                """).run()
            try await sql.raw("ALTER TABLE publications DROP COLUMN list_key").run()
        }
    }
}
