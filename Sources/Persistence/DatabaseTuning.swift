import FluentKit
import SQLKit

/// Database-specific settings behind a dialect check (ARCHITECTURE "Data and settings").
public enum DatabaseTuning {
    /// SQLite: write-ahead logging, so readers never wait for the writer. `journal_mode` is
    /// stored in the file, so setting it once after migration is enough; `synchronous` stays
    /// at its default FULL, so a commit is durable when it returns (SPEC X3 appends).
    /// Then `optimize` (below), so the planner has statistics from the first request.
    public static func apply(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await optimize(on: database, atStart: true)
    }

    /// Keeps the planner's statistics current (issue 16 item 4). SQLite never gathers them by itself:
    /// without them it walked the date index for a rare search (seconds at a million rows).
    /// `PRAGMA optimize` runs `ANALYZE` only on tables whose size changed much since the last one,
    /// with `analysis_limit` bounding each to a sample, so it is cheap when nothing changed; at start
    /// `0x10002` also analyses tables that have never been analysed. PostgreSQL's autovacuum keeps
    /// its own statistics; nothing to do there.
    public static func optimize(on database: Database, atStart: Bool = false) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA analysis_limit=1000").run()
        try await sql.raw(atStart ? "PRAGMA optimize=0x10002" : "PRAGMA optimize").run()
    }
}
