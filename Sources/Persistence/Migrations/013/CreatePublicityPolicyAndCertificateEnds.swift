import FluentKit
import SQLKit

/// Issue 13 items 4 and 5 (b), insert-only like every table since migration 008 (SPEC X3: nothing is
/// updated in place; every change is a ledger event):
/// - `publicity_policy_versions`: the publicity periods the legal section sets, each version with
///   its effective date (SPEC P7.5). The policy in force on a day is the latest version effective
///   on or before it.
/// - `certificate_end_duties`: one row per officer certificate whose validity ended and raised its
///   P8 (三) update duty. The primary key (certificate, end date) makes the daily job idempotent,
///   also when two servers run it at once: the second insert fails and its transaction (with its
///   obligation and ledger events) rolls back.
struct CreatePublicityPolicyAndCertificateEnds: AsyncMigration {
    var name: String { "013_CreatePublicityPolicyAndCertificateEnds" }

    static let tables = ["publicity_policy_versions", "certificate_end_duties"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE publicity_policy_versions (
                id TEXT PRIMARY KEY,
                effective_from TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                changed_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                content TEXT NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX publicity_policy_versions_effective ON publicity_policy_versions (effective_from, changed_at)").run()
        try await sql.raw("""
            CREATE TABLE certificate_end_duties (
                certificate_id TEXT NOT NULL,
                valid_to TEXT NOT NULL,
                officer_id TEXT NOT NULL,
                obligation_ids TEXT NOT NULL,
                created_at \(unsafeRaw: integer) NOT NULL,
                PRIMARY KEY (certificate_id, valid_to)
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
