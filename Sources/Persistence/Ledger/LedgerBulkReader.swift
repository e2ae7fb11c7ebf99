import FluentKit
import Foundation
import Ledger
import SQLKit

/// Entries [first, first + expected) read as ONE row (issue 16): the leaves joined by a newline,
/// the 32-byte leaf hashes and the event types concatenated, with the row count and the lowest
/// and highest index, so the audit can prove the range is complete before trusting the framing.
///
/// Why one row: sqlite-nio delivers each row through a thread-pool hop, an event-loop hop and a
/// generic decode per column; a million rows cost seconds before any hashing. One row per
/// thousands of entries moves the work into SQLite's own loop (or PostgreSQL's).
public struct LedgerEntryChunk: Sendable {
    public let first: UInt64
    public let expected: Int
    public let rowCount: Int
    public let lowest: UInt64?
    public let highest: UInt64?
    /// The leaves, in index order, separated by one 0x0A each. A canonical leaf never holds a raw
    /// 0x0A (`CanonicalJSON` escapes U+0000–U+001F and writes no white space), so splitting gives
    /// exactly `rowCount` pieces when every leaf is canonical; any other count means some leaf is
    /// not, and the caller reads the range row by row to name it.
    public let leaves: Data
    /// The stored leaf hashes, in index order, 32 bytes each.
    public let leafHashes: Data
    /// The `event_type` column, in index order, separated by 0x0A.
    public let eventTypes: Data

    /// True when the rows are exactly indexes first…first+expected−1, each once (the index is a
    /// unique key; see `LedgerReader.indexesAreUnique()`), and every hash is 32 bytes.
    public var isComplete: Bool {
        rowCount == expected && lowest == first && highest == first + UInt64(expected) - 1
            && leafHashes.count == expected * Hash.byteCount
    }
}

/// The stored nodes of one level with index in [first, first + expected), as one row.
public struct LedgerNodeRun: Sendable {
    public let level: Int
    public let first: UInt64
    public let expected: Int
    public let rowCount: Int
    public let lowestKey: Int64?
    public let highestKey: Int64?
    /// The hashes in index order, 32 bytes each.
    public let hashes: Data

    public var isComplete: Bool {
        guard expected > 0 else { return rowCount == 0 }
        return rowCount == expected
            && lowestKey == NodeKey.make(NodeID(level: level, index: first))
            && highestKey == NodeKey.make(NodeID(level: level, index: first + UInt64(expected) - 1))
            && hashes.count == expected * Hash.byteCount
    }
}

extension LedgerReader {
    var isPostgres: Bool { sql.dialect.name == "postgresql" }

    /// Whether `ledger_entries.idx` and `ledger_nodes.node_key` are still the unique keys the
    /// schema made them. The bulk audit proves a range complete from its count, lowest and
    /// highest key, which needs uniqueness; if someone altered the schema, the audit reads row
    /// by row instead (and names duplicates as it always did).
    public func indexesAreUnique() async throws -> Bool {
        if isPostgres {
            let row = try await sql.raw("""
                SELECT COUNT(*) AS n FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indisunique AND i.indnatts = 1 AND (
                    (i.indrelid = 'ledger_entries'::regclass AND a.attname = 'idx')
                    OR (i.indrelid = 'ledger_nodes'::regclass AND a.attname = 'node_key'))
                """).first()
            return try row?.decode(column: "n", as: Int64.self) == 2
        }
        // SQLite: an INTEGER PRIMARY KEY is the rowid, which cannot repeat.
        let rows = try await sql.raw("""
            SELECT 'e' AS t, type, pk FROM pragma_table_info('ledger_entries') WHERE name = 'idx'
            UNION ALL SELECT 'n' AS t, type, pk FROM pragma_table_info('ledger_nodes') WHERE name = 'node_key'
            """).all()
        let keys = try rows.filter {
            try $0.decode(column: "type", as: String.self).uppercased() == "INTEGER" && $0.decode(column: "pk", as: Int.self) == 1
        }
        let singleKey = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM pragma_table_info('ledger_entries') WHERE pk > 0)
                 + (SELECT COUNT(*) FROM pragma_table_info('ledger_nodes') WHERE pk > 0) AS n
            """).first()?.decode(column: "n", as: Int.self)
        return keys.count == 2 && singleKey == 2
    }

    /// Entries [first, first + count) as one row (see `LedgerEntryChunk`).
    ///
    /// `orderedAggregates`: the order is the aggregate's own `ORDER BY idx` (SQL semantics
    /// guarantee it; the database sorts). Otherwise the aggregates read an ordered subquery,
    /// which both databases deliver in index order without a sort but do not promise: the caller
    /// then trusts only a chunk that checks out completely (a different order could only make
    /// the recomputed nodes differ, never match) and re-reads any other chunk row by row.
    public func entryChunk(first: UInt64, count: Int, orderedAggregates: Bool = true) async throws -> LedgerEntryChunk {
        let low = Int64(first), high = Int64(first) + Int64(count)
        let order: SQLQueryString = orderedAggregates ? " ORDER BY idx" : ""
        let source: SQLQueryString = orderedAggregates
            ? "ledger_entries WHERE idx >= \(bind: low) AND idx < \(bind: high)"
            : "(SELECT idx, leaf, leaf_hash, event_type FROM ledger_entries WHERE idx >= \(bind: low) AND idx < \(bind: high) ORDER BY idx) AS chunk"
        let query: SQLQueryString = isPostgres
            ? """
                SELECT COUNT(*) AS n, MIN(idx) AS lo, MAX(idx) AS hi,
                    string_agg(leaf, '\\x0a'::bytea\(order)) AS leaves,
                    string_agg(leaf_hash, ''::bytea\(order)) AS hashes,
                    convert_to(string_agg(event_type, E'\\n'\(order)), 'UTF8') AS types
                FROM \(source)
                """
            : """
                SELECT COUNT(*) AS n, MIN(idx) AS lo, MAX(idx) AS hi,
                    CAST(group_concat(leaf, char(10)\(order)) AS BLOB) AS leaves,
                    CAST(group_concat(leaf_hash, ''\(order)) AS BLOB) AS hashes,
                    CAST(group_concat(event_type, char(10)\(order)) AS BLOB) AS types
                FROM \(source)
                """
        guard let row = try await sql.raw(query).first() else {
            throw LedgerStoreError.treeSizeMismatch(expected: first, found: first)
        }
        func bytes(_ column: String) throws -> Data {
            try row.decodeNil(column: column) ? Data() : row.decode(column: column, as: Data.self)
        }
        func index(_ column: String) throws -> UInt64? {
            try row.decodeNil(column: column) ? nil : UInt64(row.decode(column: column, as: Int64.self))
        }
        return LedgerEntryChunk(
            first: first, expected: count, rowCount: Int(try row.decode(column: "n", as: Int64.self)),
            lowest: try index("lo"), highest: try index("hi"),
            leaves: try bytes("leaves"), leafHashes: try bytes("hashes"), eventTypes: try bytes("types"))
    }

    /// For each (level, first index, count): the stored nodes of that level in that index
    /// range, each level as one row, in one query.
    public func nodeRuns(_ ranges: [(level: Int, first: UInt64, count: Int)], orderedAggregates: Bool = true) async throws -> [LedgerNodeRun] {
        let ranges = ranges.filter { $0.count > 0 }
        guard !ranges.isEmpty else { return [] }
        let order: SQLQueryString = orderedAggregates ? " ORDER BY node_key" : ""
        let concat: SQLQueryString = isPostgres
            ? "string_agg(hash, ''::bytea\(order))"
            : "CAST(group_concat(hash, ''\(order)) AS BLOB)"
        let parts: [SQLQueryString] = ranges.map { range in
            let low = NodeKey.make(NodeID(level: range.level, index: range.first))
            let high = low + Int64(range.count)
            let source: SQLQueryString = orderedAggregates
                ? "ledger_nodes WHERE node_key >= \(bind: low) AND node_key < \(bind: high)"
                : "(SELECT node_key, hash FROM ledger_nodes WHERE node_key >= \(bind: low) AND node_key < \(bind: high) ORDER BY node_key) AS run"
            return """
                SELECT CAST(\(unsafeRaw: String(range.level)) AS BIGINT) AS level, COUNT(*) AS n,
                    MIN(node_key) AS lo, MAX(node_key) AS hi, \(concat) AS hashes
                FROM \(source)
                """
        }
        let rows = try await sql.raw(parts.joined(separator: " UNION ALL ")).all()
        var byLevel: [Int: any SQLRow] = [:]
        for row in rows { byLevel[Int(try row.decode(column: "level", as: Int64.self))] = row }
        return try ranges.map { range in
            guard let row = byLevel[range.level] else {
                return LedgerNodeRun(level: range.level, first: range.first, expected: range.count, rowCount: 0,
                                     lowestKey: nil, highestKey: nil, hashes: Data())
            }
            return LedgerNodeRun(
                level: range.level, first: range.first, expected: range.count,
                rowCount: Int(try row.decode(column: "n", as: Int64.self)),
                lowestKey: try row.decodeNil(column: "lo") ? nil : row.decode(column: "lo", as: Int64.self),
                highestKey: try row.decodeNil(column: "hi") ? nil : row.decode(column: "hi", as: Int64.self),
                hashes: try row.decodeNil(column: "hashes") ? Data() : row.decode(column: "hashes", as: Data.self))
        }
    }
}
