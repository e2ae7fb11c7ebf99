import FluentKit
import SQLKit

/// SPEC R9.5 at the database for the record tables too (issue 12 item 10): cases, activities and
/// their officers, records, recording sessions, and retrieval requests, decisions and logs refuse
/// UPDATE and DELETE (and TRUNCATE on PostgreSQL), as the ledger and publicity tables already do.
/// Before this an UPDATE was only found later by `lawtrail verify`; now it fails when tried.
struct MakeRecordTablesAppendOnly: AsyncMigration {
    var name: String { "008_MakeRecordTablesAppendOnly" }

    static let tables = [
        "cases", "activities", "activity_officers", "records", "recording_sessions",
        "retrieval_requests", "retrieval_decisions", "retrievals",
    ]

    func prepare(on database: Database) async throws {
        try await AppendOnlyTriggers.create(on: database as! any SQLDatabase, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.tables {
            if sql.dialect.name == "postgresql" {
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_append_only ON \(unsafeRaw: table)").run()
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_truncate ON \(unsafeRaw: table)").run()
            } else {
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_update").run()
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_delete").run()
            }
        }
    }
}
