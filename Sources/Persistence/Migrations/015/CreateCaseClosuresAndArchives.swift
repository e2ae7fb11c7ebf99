import FluentKit
import SQLKit

/// Issue 14 item 2, insert-only like every table since migration 008 (SPEC X3, R10):
/// - `case_closures`: 结案, at most one per case (the primary key refuses a second closing, also
///   when two requests race), with its `case.closed` ledger index.
/// - `case_archives`: the accepted archive package of a case, at most one per case, with its 档号
///   (unique), the package's digests and its `archive.packaged` ledger index. The 四性 report is kept
///   as JSON beside the package's own copy, so the desk shows it without opening the ZIP.
struct CreateCaseClosuresAndArchives: AsyncMigration {
    var name: String { "015_CreateCaseClosuresAndArchives" }

    static let tables = ["case_closures", "case_archives"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE case_closures (
                case_id TEXT PRIMARY KEY,
                closed_on TEXT NOT NULL,
                summary TEXT NOT NULL,
                closed_by TEXT NOT NULL,
                closed_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE case_archives (
                package_id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL UNIQUE,
                retention_period TEXT NOT NULL,
                security_class TEXT NOT NULL,
                archival_code TEXT NOT NULL UNIQUE,
                archived_on TEXT NOT NULL,
                archived_by TEXT NOT NULL,
                archived_at \(unsafeRaw: integer) NOT NULL,
                zip_sha256 TEXT NOT NULL,
                zip_sm3 TEXT,
                zip_bytes \(unsafeRaw: integer) NOT NULL,
                tag_manifest_sha256 TEXT NOT NULL,
                payload_manifest_sha256 TEXT NOT NULL,
                record_count \(unsafeRaw: integer) NOT NULL,
                report TEXT NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.tables {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}
