import FluentKit
import SQLKit

/// Failed sign-ins, kept to lock an account or a client out after repeated failures and as the
/// log of them (issue 6 item 1; SPEC X5). Insert-only: a lock-out ends by time, never by deleting.
struct CreateSignInAttempts: AsyncMigration {
    var name: String { "006_CreateSignInAttempts" }

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE sign_in_failures (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL,
                client_key TEXT NOT NULL,
                at \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX sign_in_failures_username ON sign_in_failures (username, at)").run()
        try await sql.raw("CREATE INDEX sign_in_failures_client ON sign_in_failures (client_key, at)").run()
        try await AppendOnlyTriggers.create(on: sql, tables: ["sign_in_failures"])
    }

    func revert(on database: Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE sign_in_failures").run()
    }
}
