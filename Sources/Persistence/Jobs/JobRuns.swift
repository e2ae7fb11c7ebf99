import FluentKit
import Foundation
import SQLKit

/// Claims of scheduled job runs (issue 17 item 2; table `job_runs`, migration 022): with several
/// server processes on one database, each periodic job runs once per period across all of them.
///
/// A period is the server clock's time divided into fixed slots of the job's length, counted from
/// the Unix epoch: every server maps an instant to the same slot, whatever moment it started. The
/// first server to insert `(job, period, every)` runs the job; the others' inserts conflict and they
/// skip that period. A server that dies mid-run does not hand its period to another (the run is
/// lost, the next period runs as usual): every job is idempotent, so missing one period is safe,
/// running twice at once is what this prevents.
public struct JobRuns: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The period `instant` falls in for a job run every `every` milliseconds (> 0).
    public static func period(of instant: Date, everyMilliseconds every: Int64) -> Int64 {
        let milliseconds = Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))
        return milliseconds >= 0 ? milliseconds / every : (milliseconds - every + 1) / every
    }

    /// Claims `job`'s period containing `now` for `server`; true when this call got it (run the job),
    /// false when another run, on this or another server, already has.
    public func claim(job: String, everyMilliseconds every: Int64, now: Date, server: String) async throws -> Bool {
        precondition(every > 0, "a job period must be positive")
        let sql = database as! any SQLDatabase
        let period = Self.period(of: now, everyMilliseconds: every)
        let claimedAt = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        // One statement on both databases: a conflicting claim inserts nothing and returns no row.
        let rows = try await sql.raw("""
            INSERT INTO job_runs (job, period, every_ms, server, claimed_at)
            VALUES (\(bind: job), \(bind: period), \(bind: every), \(bind: server), \(bind: claimedAt))
            ON CONFLICT DO NOTHING RETURNING job
            """).all()
        return !rows.isEmpty
    }

    /// The claims made for `job`, oldest period first: (period, server).
    public func claims(job: String) async throws -> [(period: Int64, server: String)] {
        let sql = database as! any SQLDatabase
        return try await sql.raw("SELECT period, server FROM job_runs WHERE job = \(bind: job) ORDER BY period")
            .all().map { (try $0.decode(column: "period", as: Int64.self), try $0.decode(column: "server", as: String.self)) }
    }
}
