import FluentKit
import SQLKit

/// The ledger's tables (ARCHITECTURE "The ledger", SPEC X3): insert-only entries, the stored
/// perfect-subtree nodes that make a proof cost O(log n) reads, and signed checkpoints.
///
/// Written as SQL per dialect because these are hot paths and need things Fluent's schema builder
/// does not express: an integer primary key that is SQLite's rowid, and triggers that refuse
/// every UPDATE, DELETE and TRUNCATE (SPEC R9.5: no one can alter or delete; any attempt fails).
struct CreateLedger: AsyncMigration {
    var name: String { "002_CreateLedger" }

    static let tables = ["ledger_entries", "ledger_nodes", "ledger_checkpoints"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        let integer = postgres ? "BIGINT" : "INTEGER"
        let bytes = postgres ? "BYTEA" : "BLOB"

        // idx is the leaf index; `leaf` the canonical JSON event; times are Unix milliseconds.
        try await sql.raw("""
            CREATE TABLE ledger_entries (
                idx \(unsafeRaw: integer) PRIMARY KEY,
                leaf \(unsafeRaw: bytes) NOT NULL,
                leaf_hash \(unsafeRaw: bytes) NOT NULL,
                event_type TEXT NOT NULL,
                appended_at \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        // node_key = level << 56 | index, one integer key per perfect subtree of level ≥ 1
        // (level 0 is ledger_entries.leaf_hash). Each level then appends at its own end of the key space.
        try await sql.raw("""
            CREATE TABLE ledger_nodes (
                node_key \(unsafeRaw: integer) PRIMARY KEY,
                hash \(unsafeRaw: bytes) NOT NULL
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE ledger_checkpoints (
                tree_size \(unsafeRaw: integer) PRIMARY KEY,
                root_hash \(unsafeRaw: bytes) NOT NULL,
                note TEXT NOT NULL,
                created_at \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX ledger_entries_event_type ON ledger_entries (event_type, idx)").run()

        if postgres {
            try await sql.raw("""
                CREATE FUNCTION lawtrail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
                END $$
                """).run()
        }
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.tables.reversed() {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION lawtrail_append_only()").run()
        }
    }
}
