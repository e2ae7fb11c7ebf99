import FluentKit
import SQLKit

/// What issue 13 adds to the duties (SPEC X1, X2, P7, P10), all insert-only like the publicity tables:
/// - `obligation_keys`: one row per duty's `Obligation.uniquenessKey`, so a trigger raised twice —
///   by two people, two servers or a retried request — creates one duty;
/// - `obligation_links`: a publication that meets a duty about something else (the decision entered
///   in a case, the year's figures), written when it is drafted;
/// - `obligation_reschedules`: a duty counted again (a corrected decision date, a holiday year
///   imported); the latest row is the duty's due day, earlier rows and the first one stay;
/// - `calendar_imports`: each holiday arrangement taken in, once per year and file digest;
/// - `yearly_figures_confirmations`: a section confirming its part of the yearly figures (P7.4).
struct CreateObligationTracking: AsyncMigration {
    var name: String { "011_CreateObligationTracking" }

    static let tables = [
        "obligation_keys", "obligation_links", "obligation_reschedules", "calendar_imports", "yearly_figures_confirmations",
    ]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE obligation_keys (
                key TEXT PRIMARY KEY,
                obligation_id TEXT NOT NULL
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE obligation_links (
                obligation_id TEXT PRIMARY KEY,
                publication_id TEXT NOT NULL,
                created_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX obligation_links_publication ON obligation_links (publication_id)").run()
        try await sql.raw("""
            CREATE TABLE obligation_reschedules (
                obligation_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                trigger_date TEXT NOT NULL,
                due_date TEXT,
                reason TEXT NOT NULL,
                created_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                content TEXT NOT NULL,
                PRIMARY KEY (obligation_id, seq)
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE calendar_imports (
                year INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                imported_at \(unsafeRaw: integer) NOT NULL,
                imported_by TEXT,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                PRIMARY KEY (year, sha256)
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE yearly_figures_confirmations (
                year INTEGER NOT NULL,
                unit_id TEXT NOT NULL,
                figures_sha256 TEXT NOT NULL,
                confirmed_by TEXT NOT NULL,
                confirmed_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                PRIMARY KEY (year, unit_id, figures_sha256)
            )
            """).run()
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.tables.reversed() {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}
