import FluentKit
import SQLKit

/// Database-specific settings behind a dialect check (ARCHITECTURE "Data and settings").
public enum DatabaseTuning {
    /// SQLite: write-ahead logging, so readers never wait for the writer. `journal_mode` is
    /// stored in the file, so setting it once after migration is enough; `synchronous` stays
    /// at its default FULL, so a commit is durable when it returns (SPEC X3 appends).
    public static func apply(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}
