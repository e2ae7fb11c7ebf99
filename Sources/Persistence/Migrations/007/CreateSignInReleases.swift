import FluentKit
import SQLKit

/// Sign-in attempts that did not fail (issue 12 item 2). An attempt is written to
/// `sign_in_failures` before its password is checked, so parallel attempts count against the limit;
/// one that then succeeds, or is refused without a check, is released by a row here. Both tables
/// stay insert-only: the log keeps every attempt and how it ended.
struct CreateSignInReleases: AsyncMigration {
    var name: String { "007_CreateSignInReleases" }

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            CREATE TABLE sign_in_releases (
                attempt_id TEXT PRIMARY KEY REFERENCES sign_in_failures (id),
                outcome TEXT NOT NULL
            )
            """).run()
        try await AppendOnlyTriggers.create(on: sql, tables: ["sign_in_releases"])
    }

    func revert(on database: Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE sign_in_releases").run()
    }
}
