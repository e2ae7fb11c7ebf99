import FluentKit
import Foundation
import Ledger
import SQLKit

/// Moves every row of a SQLite database into a migrated, otherwise empty PostgreSQL database
/// (`lawtrail migrate-data`, issue 17 item 3). Every table is insert-only or written once, so rows
/// are copied exactly as they are — ledger entries with their indexes, nodes, checkpoints and
/// signed notes — in foreign-key order, in one PostgreSQL transaction: the move is all or nothing.
/// Afterwards both ledgers must have the same size and root. // SPEC X3, R9.5
public enum DataMove {
    public struct Report: Sendable {
        /// Rows copied per table, in the order copied.
        public var tables: [(name: String, rows: Int)] = []
        public var source: LedgerState
        public var target: LedgerState
        public var ledgersEqual: Bool { source == target }
    }

    /// The column types the migrations create on PostgreSQL (`information_schema.columns.udt_name`).
    enum ColumnKind: Sendable {
        case uuid, text, integer, timestamp, bytes, bool, double

        init(udtName: String, table: String, column: String) throws {
            switch udtName {
            case "uuid": self = .uuid
            case "text", "varchar", "bpchar": self = .text
            case "int2", "int4", "int8": self = .integer
            case "timestamptz", "timestamp": self = .timestamp
            case "bytea": self = .bytes
            case "bool": self = .bool
            case "float4", "float8": self = .double
            default: throw DataMoveError.unsupportedColumn(table: table, column: column, type: udtName)
            }
        }
    }

    /// Tables the target's triggers fill while the rows they count are copied (migration 021's
    /// desk counts): copying them as well would count every publication twice.
    static let keptByTriggers: Set<String> = ["publication_state_counts"]

    /// Copies every table but Fluent's own migration log (the target ran the same migrations).
    /// `source` is SQLite, `target` PostgreSQL with the migrations applied and no rows.
    public static func copy(
        from source: any Database, to target: any Database, pageSize: Int = 1_000,
        progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws -> Report {
        let sourceSQL = source as! any SQLDatabase
        let targetSQL = target as! any SQLDatabase
        guard targetSQL.dialect.name == "postgresql", sourceSQL.dialect.name == "sqlite" else {
            throw DataMoveError.wrongDatabases
        }
        try await checkSameMigrations(source: sourceSQL, target: targetSQL)
        let tables = try await tablesInDependencyOrder(targetSQL).filter { !keptByTriggers.contains($0) }
        for table in tables {
            if try await count(table, targetSQL) > 0 { throw SnapshotError.notEmpty("the target's table \(table)") }
        }
        let copied = try await target.transaction { tx -> [(name: String, rows: Int)] in
            var copied: [(name: String, rows: Int)] = []
            let txSQL = tx as! any SQLDatabase
            for table in tables {
                let columns = try await Self.columns(of: table, txSQL)
                var rows = 0
                var after: Int64 = Int64.min
                let batch = max(1, min(pageSize, 30_000 / max(1, columns.count)))
                while true {
                    let list = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
                    let page = try await sourceSQL.raw("""
                        SELECT rowid AS "__rowid", \(unsafeRaw: list) FROM \(ident: table)
                        WHERE rowid > \(bind: after) ORDER BY rowid LIMIT \(bind: batch)
                        """).all()
                    if page.isEmpty { break }
                    var insert = txSQL.insert(into: table).columns(columns.map(\.name))
                    for row in page {
                        insert = insert.values(try columns.map { try value(row, $0.name, $0.kind) })
                        after = try row.decode(column: "__rowid", as: Int64.self)
                    }
                    try await insert.run()
                    rows += page.count
                    if page.count < batch { break }
                }
                progress(table, rows)
                copied.append((table, rows))
            }
            return copied
        }
        let report = Report(
            tables: copied, source: try await LedgerReader(database: source).state(),
            target: try await LedgerReader(database: target).state())
        return report
    }

    static func value(_ row: any SQLRow, _ column: String, _ kind: ColumnKind) throws -> any SQLExpression {
        if try row.decodeNil(column: column) { return SQLLiteral.null }
        switch kind {
        case .uuid: return SQLBind(try row.decode(column: column, as: UUID.self))
        case .text: return SQLBind(try row.decode(column: column, as: String.self))
        case .integer: return SQLBind(try row.decode(column: column, as: Int64.self))
        case .timestamp: return SQLBind(try row.decode(column: column, as: Date.self))
        case .bytes: return SQLBind(try row.decode(column: column, as: Data.self))
        case .bool: return SQLBind(try row.decode(column: column, as: Bool.self))
        case .double: return SQLBind(try row.decode(column: column, as: Double.self))
        }
    }

    static func count(_ table: String, _ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func columns(of table: String, _ sql: any SQLDatabase) async throws -> [(name: String, kind: ColumnKind)] {
        try await sql.raw("""
            SELECT column_name, udt_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(bind: table) AND is_generated = 'NEVER'
            ORDER BY ordinal_position
            """).all().map { row in
                let name = try row.decode(column: "column_name", as: String.self)
                return (name, try ColumnKind(udtName: try row.decode(column: "udt_name", as: String.self), table: table, column: name))
            }
    }

    /// The target's tables (not `_fluent_migrations`), every table after the tables it refers to.
    static func tablesInDependencyOrder(_ sql: any SQLDatabase) async throws -> [String] {
        let tables = try await sql.raw("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_fluent_migrations'
            ORDER BY table_name
            """).all().map { try $0.decode(column: "table_name", as: String.self) }
        let edges = try await sql.raw("""
            SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
            FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """).all().map { (try $0.decode(column: "child", as: String.self), try $0.decode(column: "parent", as: String.self)) }
        func bare(_ name: String) -> String {
            String(name.split(separator: ".").last ?? Substring(name)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var parents: [String: Set<String>] = [:]
        for (child, parent) in edges where bare(child) != bare(parent) {
            parents[bare(child), default: []].insert(bare(parent))
        }
        var ordered: [String] = []
        var placed: Set<String> = []
        var remaining = tables
        while !remaining.isEmpty {
            let ready = remaining.filter { (parents[$0] ?? []).isSubset(of: placed) }
            guard !ready.isEmpty else { throw DataMoveError.dependencyCycle(remaining) }
            ordered += ready
            placed.formUnion(ready)
            remaining.removeAll { placed.contains($0) }
        }
        return ordered
    }

    static func checkSameMigrations(source: any SQLDatabase, target: any SQLDatabase) async throws {
        let from = Set(try await source.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) })
        let to = Set(try await target.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) })
        guard from == to else {
            throw DataMoveError.migrationsDiffer(
                missingInSource: to.subtracting(from).sorted(), missingInTarget: from.subtracting(to).sorted())
        }
    }
}

public enum DataMoveError: Error, CustomStringConvertible, Equatable {
    case wrongDatabases
    case unsupportedColumn(table: String, column: String, type: String)
    case dependencyCycle([String])
    case migrationsDiffer(missingInSource: [String], missingInTarget: [String])

    public var description: String {
        switch self {
        case .wrongDatabases: "migrate-data moves a SQLite data directory into PostgreSQL"
        case .unsupportedColumn(let table, let column, let type): "\(table).\(column) has the type \(type), which the move does not know"
        case .dependencyCycle(let tables): "foreign keys form a cycle among \(tables.joined(separator: ", "))"
        case .migrationsDiffer(let source, let target):
            "the two databases are not at the same schema version (not applied on the source: \(source.joined(separator: ", ")); not on the target: \(target.joined(separator: ", "))): run `lawtrail migrate` on the source first"
        }
    }
}
