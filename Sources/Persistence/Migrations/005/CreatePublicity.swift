import FluentKit
import SQLKit

/// The publicity rule's tables (SPEC P1–P11, X2; issue 5).
///
/// The truth is insert-only, guarded by triggers like the ledger's: every version ever drafted
/// (`publication_versions`), every workflow step (`publication_transitions`, each with the index of
/// its ledger leaf), every obligation, its fulfilment, every correction request and answer, and
/// every hand-over to a channel.
///
/// `publications` is the one exception, on purpose: a read model with one row per publication that
/// the portal lists and searches — its current state, its masked public title and counterparty,
/// whether it is listed, its search words. It is rewritten in the same transaction as every step,
/// holds nothing the insert-only tables and the ledger do not, and `lawtrail verify` rebuilds each
/// row from them and reports any difference. Without it a list page at a million publications would
/// have to replay histories; with it the page is one indexed range scan.
///
/// Times are Unix milliseconds, days are `YYYY-MM-DD` text (sortable), ids lowercase UUID text.
struct CreatePublicity: AsyncMigration {
    var name: String { "005_CreatePublicity" }

    static let appendOnlyTables = [
        "publication_versions", "publication_transitions", "obligations", "obligation_fulfilments",
        "correction_requests", "correction_answers", "channel_handovers",
    ]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        let integer = postgres ? "BIGINT" : "INTEGER"

        try await sql.raw("""
            CREATE TABLE publications (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                state TEXT NOT NULL,
                state_reason TEXT,
                title TEXT NOT NULL,
                created_at \(unsafeRaw: integer) NOT NULL,
                updated_at \(unsafeRaw: integer) NOT NULL,
                latest_version_id TEXT NOT NULL,
                published_version_id TEXT,
                pending_correction_id TEXT,
                period TEXT,
                period_last_day TEXT,
                published_at \(unsafeRaw: integer),
                withdrawn_at \(unsafeRaw: integer),
                listed INTEGER NOT NULL,
                public_date TEXT,
                public_title TEXT,
                public_number TEXT,
                public_party TEXT,
                public_party_code TEXT,
                public_ledger_index \(unsafeRaw: integer),
                responsible_unit_id TEXT NOT NULL,
                responsible_person_id TEXT NOT NULL,
                source_case_id TEXT,
                source_activity_id TEXT,
                source_officer_id TEXT,
                search_tokens TEXT NOT NULL
            )
            """).run()
        // The public lists (`PublicationQueries.publicList`) walk these newest first. `period_last_day`
        // is last so the "still within its period" check is answered from the index: the rows a deep
        // page skips are never read from the table.
        try await sql.raw("CREATE INDEX publications_listed_kind ON publications (listed, kind, public_date, id, period_last_day)").run()
        try await sql.raw("CREATE INDEX publications_listed_date ON publications (listed, public_date, id, period_last_day)").run()
        try await sql.raw("CREATE INDEX publications_state ON publications (state, kind, updated_at)").run()
        // The expiry sweep (`ExpirySweep`) looks for shown items whose period has ended: without this
        // it reads every published row, seconds at a million, every ten minutes.
        try await sql.raw("CREATE INDEX publications_state_period ON publications (state, period_last_day)").run()
        try await sql.raw("CREATE INDEX publications_party_code ON publications (public_party_code)").run()
        try await sql.raw("CREATE INDEX publications_source_case ON publications (source_case_id)").run()
        try await sql.raw("CREATE INDEX publications_source_officer ON publications (source_officer_id)").run()
        if postgres {
            try await sql.raw("""
                CREATE INDEX publications_search ON publications
                USING GIN (to_tsvector('simple', search_tokens)) WHERE listed = 1
                """).run()
        } else {
            // FTS5 over the same words; kept in step with `publications.search_tokens` by the store.
            try await sql.raw("""
                CREATE VIRTUAL TABLE publication_search USING fts5(
                    publication_id UNINDEXED, tokens, tokenize = 'unicode61 remove_diacritics 0'
                )
                """).run()
            // A full-text search filters and orders every match by these (`publicList`): from this
            // narrow index rather than from the table's wide rows.
            try await sql.raw("""
                CREATE INDEX publications_match_keys ON publications (id, listed, period_last_day, public_date, kind)
                """).run()
        }

        try await sql.raw("""
            CREATE TABLE publication_versions (
                id TEXT PRIMARY KEY,
                publication_id TEXT NOT NULL,
                number INTEGER NOT NULL,
                drafted_by TEXT NOT NULL,
                drafted_at \(unsafeRaw: integer) NOT NULL,
                public_sha256 TEXT NOT NULL,
                content TEXT NOT NULL,
                UNIQUE (publication_id, number)
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE publication_transitions (
                publication_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                kind TEXT NOT NULL,
                at \(unsafeRaw: integer) NOT NULL,
                by_user TEXT,
                version_id TEXT NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                period TEXT,
                content TEXT NOT NULL,
                PRIMARY KEY (publication_id, seq)
            )
            """).run()
        try await sql.raw("CREATE INDEX publication_transitions_at ON publication_transitions (kind, at)").run()

        try await sql.raw("""
            CREATE TABLE obligations (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                spec_id TEXT NOT NULL,
                subject TEXT NOT NULL,
                trigger_date TEXT NOT NULL,
                due_date TEXT,
                unit_id TEXT NOT NULL,
                person_id TEXT NOT NULL,
                created_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                content TEXT NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX obligations_subject ON obligations (subject)").run()
        try await sql.raw("CREATE INDEX obligations_due ON obligations (due_date)").run()
        try await sql.raw("""
            CREATE TABLE obligation_fulfilments (
                obligation_id TEXT PRIMARY KEY,
                met_on TEXT NOT NULL,
                created_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL
            )
            """).run()

        try await sql.raw("""
            CREATE TABLE correction_requests (
                id TEXT PRIMARY KEY,
                receipt TEXT NOT NULL UNIQUE,
                publication_id TEXT,
                obligation_id TEXT NOT NULL,
                client_key TEXT NOT NULL,
                received_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                content TEXT NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX correction_requests_client ON correction_requests (client_key, received_at)").run()
        try await sql.raw("CREATE INDEX correction_requests_received ON correction_requests (received_at)").run()
        try await sql.raw("""
            CREATE TABLE correction_answers (
                request_id TEXT PRIMARY KEY,
                outcome TEXT NOT NULL,
                answered_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                content TEXT NOT NULL
            )
            """).run()

        try await sql.raw("""
            CREATE TABLE channel_handovers (
                id TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                publication_id TEXT NOT NULL,
                transition_seq INTEGER NOT NULL,
                handed_at \(unsafeRaw: integer) NOT NULL,
                method TEXT NOT NULL,
                delivered INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                detail TEXT NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX channel_handovers_item ON channel_handovers (channel, publication_id, transition_seq)").run()

        try await AppendOnlyTriggers.create(on: sql, tables: Self.appendOnlyTables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.appendOnlyTables.reversed() + ["publications"] {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
        if sql.dialect.name != "postgresql" {
            try await sql.raw("DROP TABLE publication_search").run()
        }
    }
}
