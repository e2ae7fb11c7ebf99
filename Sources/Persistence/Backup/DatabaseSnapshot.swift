import FluentKit
import Foundation
import Ledger
import SQLKit

/// A consistent copy of the live database taken while the server keeps writing (issue 17 item 3).
///
/// - SQLite: `VACUUM INTO` through the driver. It reads inside one read transaction (WAL: writers
///   go on), so the copy is one committed state; the ledger state is then read from the copy.
/// - PostgreSQL: a `REPEATABLE READ` transaction exports its snapshot (`pg_export_snapshot()`),
///   reads the ledger state in that snapshot, and `pg_dump --snapshot=…` dumps exactly the same
///   state while the transaction stays open. Needs `pg_dump` on PATH (Debian: postgresql-client,
///   of at least the server's major version).
public enum DatabaseSnapshot {
    /// Copies the SQLite database behind `database` into the new file `path` (which must not exist).
    public static func sqliteCopy(of database: any Database, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw SnapshotError.exists(path) }
        let sql = database as! any SQLDatabase
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// Dumps the PostgreSQL database (custom format, `pg_restore` reads it) in one snapshot and
    /// returns the ledger state of that snapshot. `schema`: only that schema (tests give every test
    /// its own); nil dumps the whole database.
    public static func postgresDump(
        of database: any Database, url: String, schema: String?, to file: URL,
        pgDump: String = "pg_dump"
    ) async throws -> (ledger: LedgerState, migrations: [String]) {
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            guard let id = try await sql.raw("SELECT pg_export_snapshot() AS id").first()?.decode(column: "id", as: String.self) else {
                throw SnapshotError.tool("pg_export_snapshot", "no snapshot id")
            }
            let state = try await LedgerReader(database: tx).state()
            let migrations = try await migrationNames(tx)
            var arguments = ["--snapshot=\(id)", "--format=custom", "--no-owner", "--no-privileges", "--file=\(file.path)"]
            if let schema { arguments.append("--schema=\(schema)") }
            try await ExternalTool.run(pgDump, arguments: arguments, databaseURL: url)
            return (state, migrations)
        }
    }

    /// Restores a `postgresDump` file into the (empty) database at `url` with `pg_restore`.
    public static func postgresRestore(from file: URL, url: String, pgRestore: String = "pg_restore") async throws {
        try await ExternalTool.run(
            pgRestore, arguments: ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", file.path],
            databaseURL: url)
    }

    /// The migrations applied (Fluent's log), sorted: the schema version a copy has.
    public static func migrationNames(_ database: any Database) async throws -> [String] {
        let sql = database as! any SQLDatabase
        return try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY name").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    /// The tables, views and sequences in the schemas the connection sees (not the catalogs):
    /// a restore or a data move refuses a database that has any.
    public static func userRelationCount(_ database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            return try await sql.raw("""
                SELECT COUNT(*) AS n FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'v', 'S', 'p')
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

public enum SnapshotError: Error, CustomStringConvertible, Equatable {
    case exists(String)
    case tool(String, String)
    case notEmpty(String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists already"
        case .tool(let name, let message): "\(name) failed: \(message)"
        case .notEmpty(let what): "\(what) is not empty: restore and migrate-data only write into an empty target"
        }
    }
}

/// Runs PostgreSQL's client programs. The URL's password goes into `PGPASSWORD`, not the command
/// line (where `ps` would show it); LawTrail-only query items (`tlsmode`) are left out for libpq.
enum ExternalTool {
    static func run(_ tool: String, arguments: [String], databaseURL: String) async throws {
        var environment = ProcessInfo.processInfo.environment
        var components = URLComponents(string: databaseURL)
        if let password = components?.password {
            environment["PGPASSWORD"] = password
            components?.password = nil
        }
        let items = components?.queryItems?.filter { $0.name != "tlsmode" }
        components?.queryItems = items?.isEmpty == true ? nil : items
        let url = components?.string ?? databaseURL
        try await run(tool, arguments: arguments + ["--dbname=\(url)"], environment: environment)
    }

    static func run(_ tool: String, arguments: [String], environment: [String: String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = environment
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("lawtrail-\(tool)-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let handle = try FileHandle(forWritingTo: errors)
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: SnapshotError.tool(tool, "cannot start (\(error)); is it on PATH?"))
            }
        }
        try? handle.close()
        guard status == 0 else {
            let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            let message = text.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ")
            throw SnapshotError.tool(tool, status == 127 ? "not found on PATH" : "exit \(status): \(message)")
        }
    }
}
