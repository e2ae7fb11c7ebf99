import FluentKit
import SQLKit

/// Issue 17 item 2 (two servers, one PostgreSQL): `job_runs`, one row per scheduled job and period,
/// so that each periodic job runs once per period across every server sharing the database, not once
/// per server (`JobRuns.claim`; docs/operations.md "Two or more servers").
///
/// - `job`: the job's name (`fixity`, `duties`, …); `period`: the server clock's Unix milliseconds
///   divided by the job's period in milliseconds; the primary key on both refuses a second claim.
/// - `every_ms`: the period length the claim was made for (a changed period starts a new series).
/// - `server`: which process ran it (`host:pid`), `claimed_at`: when (Unix milliseconds).
///
/// Insert-only like every table since migration 008 (the append-only triggers): a claim is never
/// changed, so a run is never "undone" and repeated.
struct CreateJobRuns: AsyncMigration {
    var name: String { "022_CreateJobRuns" }

    static let tables = ["job_runs"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE job_runs (
                job TEXT NOT NULL,
                period \(unsafeRaw: integer) NOT NULL,
                every_ms \(unsafeRaw: integer) NOT NULL,
                server TEXT NOT NULL,
                claimed_at \(unsafeRaw: integer) NOT NULL,
                PRIMARY KEY (job, period, every_ms)
            )
            """).run()
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP TABLE job_runs").run()
    }
}
