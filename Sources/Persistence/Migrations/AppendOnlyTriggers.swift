import SQLKit

/// Database triggers that refuse every UPDATE and DELETE (and on PostgreSQL TRUNCATE) of a table
/// (SPEC X3, R9.5: no one can alter or delete; any attempt fails — even a bug in our own code).
enum AppendOnlyTriggers {
    /// The PostgreSQL trigger function, created once by `CreateLedger`.
    static let postgresFunction = "lawtrail_append_only"

    static func create(on sql: any SQLDatabase, tables: [String]) async throws {
        if sql.dialect.name == "postgresql" {
            for table in tables {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_append_only BEFORE UPDATE OR DELETE ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: postgresFunction)()
                    """).run()
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_no_truncate BEFORE TRUNCATE ON \(unsafeRaw: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION \(unsafeRaw: postgresFunction)()
                    """).run()
            }
        } else {
            for table in tables {
                for operation in ["UPDATE", "DELETE"] {
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: table)_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON \(unsafeRaw: table)
                        BEGIN SELECT RAISE(ABORT, '\(unsafeRaw: table) is append-only: \(unsafeRaw: operation) refused'); END
                        """).run()
                }
            }
        }
    }
}
