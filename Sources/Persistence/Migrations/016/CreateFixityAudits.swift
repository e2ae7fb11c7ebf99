import FluentKit
import SQLKit

/// Issue 14 item 4 (fixity audits; SPEC R9.3, X3), insert-only like every table since migration 008:
/// - `fixity_audits`: one row per stored batch of an audit cycle — the digests it covered
///   (`after_digest` exclusive … `cursor` inclusive, in digest order), its counts, whether it completed
///   the cycle, and the batch as JSON with its failures (`content`). The primary key
///   (cycle, batch) means a batch is stored once, also when two servers run the audit at the same
///   time: the second insert fails and its transaction (with its `fixity.checked` event) rolls back.
///   A restarted server reads the newest row (highest `ledger_index`) and continues after its cursor.
struct CreateFixityAudits: AsyncMigration {
    var name: String { "016_CreateFixityAudits" }

    static let tables = ["fixity_audits"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE fixity_audits (
                cycle_id TEXT NOT NULL,
                batch \(unsafeRaw: integer) NOT NULL,
                after_digest TEXT,
                cursor TEXT,
                blobs_checked \(unsafeRaw: integer) NOT NULL,
                bytes_checked \(unsafeRaw: integer) NOT NULL,
                failed \(unsafeRaw: integer) NOT NULL,
                cycle_complete \(unsafeRaw: integer) NOT NULL,
                started_at \(unsafeRaw: integer) NOT NULL,
                finished_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL UNIQUE,
                content TEXT NOT NULL,
                PRIMARY KEY (cycle_id, batch)
            )
            """).run()
        try await sql.raw("CREATE INDEX fixity_audits_finished ON fixity_audits (finished_at)").run()
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.tables {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}
