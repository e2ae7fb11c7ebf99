import FluentKit
import Foundation
import Ledger
import SQLKit

/// The one sequencer of the ledger (SPEC X3, ARCHITECTURE "The ledger").
///
/// - Group commit: appends that arrive while a batch is being written wait and go into the next
///   batch together, so under load one transaction (one fsync) carries many appends.
/// - Durable: `append` returns only after the transaction holding its entries has committed.
/// - Never forks: the next index is read inside the transaction, under a transaction-scoped
///   advisory lock on PostgreSQL (several server processes may share one database) and SQLite's
///   single-writer lock; the primary key on `idx` refuses a duplicate index whatever happens.
/// - Atomic with the change it records: an append may carry `work`, the database writes of the
///   change itself, run in the same transaction under a savepoint. If the work fails, neither
///   its rows nor its events are stored, and the other appends of the batch are unaffected.
/// - A signed checkpoint is stored after every batch.
public actor LedgerWriter {
    /// Signs a checkpoint for a tree of `size` leaves with root `root`; returns the signed note.
    public typealias CheckpointSigner = @Sendable (_ size: UInt64, _ root: Hash) throws -> String
    /// Database writes of the change being recorded, run inside the ledger's transaction.
    public typealias Work = @Sendable (any Database) async throws -> Void
    /// Like `Work`, also told the ledger index its first event will get, for rows that keep it.
    public typealias IndexedWork = @Sendable (any Database, UInt64) async throws -> Void

    /// One event's leaf: the canonical JSON bytes and the event type (kept for look-ups).
    struct Leaf: Sendable {
        let type: String
        let bytes: [UInt8]
    }

    private struct Pending: Sendable {
        let leaves: [Leaf]
        let work: IndexedWork?
        let continuation: CheckedContinuation<[UInt64], any Error>
        let enqueued: ContinuousClock.Instant
    }

    /// What one batch cost, for `/metrics` (issue 16): its appends and leaves, the transaction's
    /// time, and each append's latency from its call until its entries were durable (or failed).
    public struct BatchObservation: Sendable {
        public let appends: Int
        public let leaves: Int
        public let committed: Bool
        public let transaction: Duration
        public let appendLatencies: [Duration]
    }
    public typealias Observer = @Sendable (BatchObservation) -> Void

    /// An arbitrary constant naming the ledger's advisory lock on PostgreSQL.
    static let advisoryLockKey: Int64 = 0x4C61_7754_7261_696C  // "LawTrail"

    private let database: any Database
    private let sign: CheckpointSigner
    private let maxBatchLeaves: Int
    private let now: @Sendable () -> Date
    private var queue: [Pending] = []
    private var flushing = false
    /// The right edge of the tree as last committed by this writer; reloaded when another
    /// process has appended meanwhile.
    private var cachedRange: CompactRange?
    private let observe: Observer?

    public init(
        database: any Database, maxBatchLeaves: Int = 4096,
        now: @escaping @Sendable () -> Date = Date.init,
        observe: Observer? = nil,
        sign: @escaping CheckpointSigner
    ) {
        self.observe = observe
        self.database = database
        self.sign = sign
        self.maxBatchLeaves = maxBatchLeaves
        self.now = now
    }

    /// Appends `events` (after running `work`, if given, in the same transaction) and returns
    /// their indexes once they are durable.
    @discardableResult
    public func append(_ events: [LedgerEvent], along work: Work? = nil) async throws -> [UInt64] {
        var indexed: IndexedWork?
        if let work { indexed = { db, _ in try await work(db) } }
        return try await append(events, indexedWork: indexed)
    }

    /// Appends `events` after running `work`, which is given the index of the first event, in the
    /// same transaction; returns their indexes once they are durable.
    @discardableResult
    public func append(_ events: [LedgerEvent], indexedWork work: IndexedWork?) async throws -> [UInt64] {
        let leaves = events.map { Leaf(type: $0.type, bytes: $0.canonicalBytes) }
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Pending(leaves: leaves, work: work, continuation: continuation, enqueued: .now))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !queue.isEmpty {
            var take = 0
            var leafCount = 0
            while take < queue.count, take == 0 || leafCount + queue[take].leaves.count <= maxBatchLeaves {
                leafCount += queue[take].leaves.count
                take += 1
            }
            let batch = Array(queue.prefix(take))
            queue.removeFirst(take)
            let started = ContinuousClock.now
            var committed = false
            do {
                let (outcomes, range) = try await commit(batch)
                cachedRange = range
                committed = true
                for (pending, outcome) in zip(batch, outcomes) {
                    pending.continuation.resume(with: outcome)
                }
            } catch {
                cachedRange = nil
                for pending in batch {
                    pending.continuation.resume(throwing: error)
                }
            }
            if let observe {
                let finished = ContinuousClock.now
                observe(BatchObservation(
                    appends: batch.count, leaves: leafCount, committed: committed, transaction: finished - started,
                    appendLatencies: batch.map { finished - $0.enqueued }))
            }
        }
        flushing = false
    }

    private func commit(_ batch: [Pending]) async throws -> ([Result<[UInt64], any Error>], CompactRange) {
        let cached = cachedRange
        let sign = self.sign
        let appendedAt = now().unixMilliseconds
        return try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLockKey))").run()
            } else {
                // SQLite: take the write lock before reading the size. Fluent begins a deferred
                // transaction; two writers that both read first would deadlock on the upgrade.
                // A write that matches no row takes the lock and changes nothing.
                try await sql.raw("DELETE FROM ledger_checkpoints WHERE tree_size < 0").run()
            }
            let reader = LedgerReader(database: tx)
            let size = try await reader.size()
            var range: CompactRange
            if let cached, cached.size == size {
                range = cached
            } else {
                let ids = CompactRange.rightEdgeNodeIDs(size: size)
                range = try CompactRange(size: size, hashes: try await reader.hashes(of: ids))
            }

            var outcomes: [Result<[UInt64], any Error>] = []
            var entries: [(index: UInt64, leaf: Leaf, hash: Hash)] = []
            var nodes: [StoredNode] = []
            for pending in batch {
                if let work = pending.work {
                    do {
                        try await sql.raw("SAVEPOINT ledger_work").run()
                        try await work(tx, range.size)
                        try await sql.raw("RELEASE SAVEPOINT ledger_work").run()
                    } catch {
                        try await sql.raw("ROLLBACK TO SAVEPOINT ledger_work").run()
                        try await sql.raw("RELEASE SAVEPOINT ledger_work").run()
                        outcomes.append(.failure(error))
                        continue
                    }
                }
                var indexes: [UInt64] = []
                for leaf in pending.leaves {
                    let hash = MerkleHash.leaf(leaf.bytes)
                    indexes.append(range.size)
                    entries.append((range.size, leaf, hash))
                    range.append(hash) { node in
                        if node.level > 0 { nodes.append(node) }
                    }
                }
                outcomes.append(.success(indexes))
            }
            guard !entries.isEmpty else { return (outcomes, range) }

            for chunk in entries.chunked(500) {
                var insert = sql.insert(into: "ledger_entries")
                    .columns("idx", "leaf", "leaf_hash", "event_type", "appended_at")
                for entry in chunk {
                    insert = insert.values(
                        SQLBind(Int64(entry.index)), SQLBind(Data(entry.leaf.bytes)),
                        SQLBind(Data(entry.hash.bytes)), SQLBind(entry.leaf.type), SQLBind(appendedAt))
                }
                try await insert.run()
            }
            for chunk in nodes.chunked(1000) {
                var insert = sql.insert(into: "ledger_nodes").columns("node_key", "hash")
                for node in chunk {
                    insert = insert.values(SQLBind(NodeKey.make(node.id)), SQLBind(Data(node.hash.bytes)))
                }
                try await insert.run()
            }
            let root = range.root
            let note = try sign(range.size, root)
            try await sql.insert(into: "ledger_checkpoints")
                .columns("tree_size", "root_hash", "note", "created_at")
                .values(SQLBind(Int64(range.size)), SQLBind(Data(root.bytes)), SQLBind(note), SQLBind(appendedAt))
                .run()
            return (outcomes, range)
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
