import FluentKit
import SQLKit

/// Counterparty lookups by full resident ID number, one row per attempt: the throttle's count and
/// the log of who looked a number up and when — never the number itself (issue 12 item 6; SPEC X4,
/// X5). Insert-only, like `sign_in_failures`: a limit ends by time, never by deleting.
struct CreateIdentityNumberLookups: AsyncMigration {
    var name: String { "009_CreateIdentityNumberLookups" }

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE identity_number_lookups (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                at \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX identity_number_lookups_user ON identity_number_lookups (user_id, at)").run()
        try await AppendOnlyTriggers.create(on: sql, tables: ["identity_number_lookups"])
    }

    func revert(on database: Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE identity_number_lookups").run()
    }
}
