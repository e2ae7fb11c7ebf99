import FluentKit
import Foundation
import Ledger
import SQLKit

/// Reads the ledger: entries, checkpoints and the stored nodes proofs are made from.
/// Every read is a bound-parameter SQLKit query on the same pool (ARCHITECTURE "Data access").
public struct LedgerReader: AsyncNodeSource {
    let sql: any SQLDatabase

    public init(database: any Database) {
        self.sql = database as! any SQLDatabase
    }

    /// The number of entries stored (one past the highest index).
    public func size() async throws -> UInt64 {
        let row = try await sql.raw("SELECT MAX(idx) AS top FROM ledger_entries").first()
        guard let top = try row?.decodeNil(column: "top") == false ? row?.decode(column: "top", as: Int64.self) : nil else {
            return 0
        }
        return UInt64(top) + 1
    }

    public func entry(_ index: UInt64) async throws -> LedgerEntryRow? {
        try await entries(from: index, limit: 1).first
    }

    /// Up to `limit` entries from `index` on, in index order.
    public func entries(from index: UInt64, limit: Int) async throws -> [LedgerEntryRow] {
        try await sql.raw("""
            SELECT idx, leaf, leaf_hash, event_type, appended_at FROM ledger_entries
            WHERE idx >= \(bind: Int64(index)) ORDER BY idx LIMIT \(bind: limit)
            """).all().map(Self.entry(from:))
    }

    /// Calls `body` for every entry in index order, reading in pages so memory stays flat;
    /// `afterPage` runs after each page (the audit checks that page's tree nodes there).
    public func forEachEntry(
        from start: UInt64 = 0,
        pageSize: Int = 20_000,
        _ body: (LedgerEntryRow) throws -> Void,
        afterPage: () async throws -> Void = {}
    ) async throws {
        var next: UInt64 = start
        while true {
            let page = try await sql.raw("""
                SELECT idx, leaf, leaf_hash, event_type, appended_at FROM ledger_entries
                WHERE idx >= \(bind: Int64(next)) ORDER BY idx LIMIT \(bind: pageSize)
                """).all()
            for row in page {
                let entry = try Self.entry(from: row)
                try body(entry)
                next = entry.index + 1
            }
            try await afterPage()
            if page.count < pageSize { return }
        }
    }

    public func nodeCount() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM ledger_nodes").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The latest signed checkpoint, if any entry was ever appended.
    public func latestCheckpoint() async throws -> LedgerCheckpointRow? {
        try await sql.raw("""
            SELECT tree_size, root_hash, note, created_at FROM ledger_checkpoints
            ORDER BY tree_size DESC LIMIT 1
            """).first().map(Self.checkpoint(from:))
    }

    /// Every stored checkpoint, smallest first.
    public func checkpoints() async throws -> [LedgerCheckpointRow] {
        try await sql.raw("""
            SELECT tree_size, root_hash, note, created_at FROM ledger_checkpoints ORDER BY tree_size
            """).all().map(Self.checkpoint(from:))
    }

    /// The hashes of perfect subtrees, in the order asked, in ONE query: leaves from
    /// `ledger_entries`, higher levels from `ledger_nodes` (a proof is one round trip).
    public func hashes(of ids: [NodeID]) async throws -> [Hash] {
        let leaves = ids.filter { $0.level == 0 }.map { Int64($0.index) }
        let keys = ids.filter { $0.level > 0 }.map(NodeKey.make)
        // Leaves come back with key = index (level 0 in the top bits is 0, so keys agree).
        let query: SQLQueryString
        switch (leaves.isEmpty, keys.isEmpty) {
        case (true, true): return []
        case (false, true):
            query = "SELECT idx AS k, leaf_hash AS h FROM ledger_entries WHERE idx IN (\(binds: leaves))"
        case (true, false):
            query = "SELECT node_key AS k, hash AS h FROM ledger_nodes WHERE node_key IN (\(binds: keys))"
        case (false, false):
            query = """
                SELECT idx AS k, leaf_hash AS h FROM ledger_entries WHERE idx IN (\(binds: leaves))
                UNION ALL SELECT node_key AS k, hash AS h FROM ledger_nodes WHERE node_key IN (\(binds: keys))
                """
        }
        var found: [Int64: Hash] = [:]
        for row in try await sql.raw(query).all() {
            found[try row.decode(column: "k", as: Int64.self)] = try Hash(bytes: row.decode(column: "h", as: Data.self))
        }
        return try ids.map { id in
            guard let hash = found[NodeKey.make(id)] else { throw LedgerStoreError.missingNode(id) }
            return hash
        }
    }

    /// Stored nodes of one level ≥ 1 with index in [from, from + limit), in index order.
    public func nodes(level: Int, from index: UInt64, limit: Int) async throws -> [StoredNode] {
        let low = NodeKey.make(NodeID(level: level, index: index))
        let high = NodeKey.make(NodeID(level: level, index: (1 << 56) - 1))
        return try await sql.raw("""
            SELECT node_key, hash FROM ledger_nodes WHERE node_key >= \(bind: low) AND node_key <= \(bind: high)
            ORDER BY node_key LIMIT \(bind: limit)
            """).all().map { row in
            StoredNode(id: NodeKey.id(try row.decode(column: "node_key", as: Int64.self)),
                       hash: try Hash(bytes: row.decode(column: "hash", as: Data.self)))
        }
    }

    static func entry(from row: any SQLRow) throws -> LedgerEntryRow {
        LedgerEntryRow(
            index: UInt64(try row.decode(column: "idx", as: Int64.self)),
            leaf: try row.decode(column: "leaf", as: Data.self),
            leafHash: try Hash(bytes: row.decode(column: "leaf_hash", as: Data.self)),
            eventType: try row.decode(column: "event_type", as: String.self),
            appendedAt: Date(unixMilliseconds: try row.decode(column: "appended_at", as: Int64.self)))
    }

    static func checkpoint(from row: any SQLRow) throws -> LedgerCheckpointRow {
        LedgerCheckpointRow(
            treeSize: UInt64(try row.decode(column: "tree_size", as: Int64.self)),
            rootHash: try Hash(bytes: row.decode(column: "root_hash", as: Data.self)),
            note: try row.decode(column: "note", as: String.self),
            createdAt: Date(unixMilliseconds: try row.decode(column: "created_at", as: Int64.self)))
    }
}

public enum LedgerStoreError: Error, CustomStringConvertible, Equatable {
    case missingNode(NodeID)
    case treeSizeMismatch(expected: UInt64, found: UInt64)

    public var description: String {
        switch self {
        case .missingNode(let id): "ledger node \(id) is missing from storage"
        case .treeSizeMismatch(let expected, let found): "ledger size changed underneath the writer: expected \(expected), found \(found)"
        }
    }
}
