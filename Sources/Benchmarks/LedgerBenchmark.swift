import App
import Crypto
import Fluent
import Foundation
import Ledger
import Persistence
import SQLKit
import Vapor

/// `lawtrail bench ledger` (issue 3 item 8): durable appends per second and full verification
/// speed, each with a reference measured in the same run so the figure is a ratio, not a
/// number from a noisy shared machine. Results go to docs/benchmarks.md.
public enum LedgerBenchmark {
    public struct AppendResult: Sendable {
        public let appends: Int
        public let seconds: Double
        public let batches: Int
        /// The same rows written with the same batch sizes, without hashing, tree nodes or
        /// checkpoints: the storage floor.
        public let referenceSeconds: Double

        public var perSecond: Double { Double(appends) / seconds }
        public var referencePerSecond: Double { Double(appends) / referenceSeconds }
    }

    public struct VerifyResult: Sendable {
        public let entries: UInt64
        public let seconds: Double
        public let findings: Int
        /// SHA-256 over the same leaf bytes in a loop (swift-crypto, in memory).
        public let referenceSeconds: Double
        public let leafBytes: Int
        /// Entries the audit checked through the bulk path and one row at a time (issue 16).
        public let bulkEntries: UInt64
        public let rowByRowEntries: UInt64
        /// Peak resident memory of the process after the audit, before the reference loads
        /// every leaf into memory (getrusage `ru_maxrss`).
        public let peakRSSBytesAfterAudit: Int

        public var perSecond: Double { Double(entries) / seconds }
        public var referencePerSecond: Double { Double(entries) / referenceSeconds }
    }

    /// A realistic leaf: the shape of `record.ingested` (≈ 200 bytes of canonical JSON).
    public static func event(_ n: Int) throws -> LedgerEvent {
        var digest = SHA256()
        withUnsafeBytes(of: n) { digest.update(bufferPointer: $0) }
        let hex = Hash(digest.finalize()).hex
        return try LedgerEvent(type: "record.ingested", at: Date(timeIntervalSince1970: 1_795_000_000 + Double(n / 100)), fields: [
            "recordId": .string(String(format: "00000000-0000-4000-8000-%012x", n)),
            "activityId": .string(String(format: "00000000-0000-4000-9000-%012x", n / 10)),
            "contentSha256": .string(hex),
            "byteCount": .integer(Int64(1_000 + n % 5_000_000)),
        ])
    }

    /// `concurrency` callers each append single events until `total` are durable.
    public static func appends(config: AppConfig, total: Int, concurrency: Int) async throws -> AppendResult {
        try await withApp(config) { app in
            let writer = app.lawTrail.ledger.writer
            let reader = LedgerReader(database: app.db)
            let checkpointsBefore = try await reader.checkpoints().count
            let perCaller = total / concurrency
            let events = try (0..<(perCaller * concurrency)).map(event)
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<concurrency {
                    group.addTask {
                        for k in 0..<perCaller {
                            try await writer.append([events[caller * perCaller + k]])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = (ContinuousClock.now - started).seconds
            let batches = try await reader.checkpoints().count - checkpointsBefore
            let reference = try await referenceInserts(app.db, events: events, batches: batches)
            return AppendResult(appends: events.count, seconds: seconds, batches: batches, referenceSeconds: reference)
        }
    }

    /// Fills the ledger with `entries` events quickly (large batches from a few callers).
    public static func fill(config: AppConfig, entries: Int) async throws {
        try await withApp(config) { app in
            let writer = app.lawTrail.ledger.writer
            let start = Int(try await LedgerReader(database: app.db).size())
            let chunk = 4096
            var next = start
            while next < start + entries {
                let count = min(chunk * 4, start + entries - next)
                let base = next
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for offset in stride(from: 0, to: count, by: chunk) {
                        group.addTask {
                            try await writer.append(try (base + offset..<base + min(offset + chunk, count)).map(event))
                        }
                    }
                    try await group.waitForAll()
                }
                next += count
            }
        }
    }

    /// The full ledger audit, against hashing the same leaf bytes in a loop.
    /// `chunkLevel` and `parallelChunks` are the audit's (issue 16); `chunkLevel: nil` is the
    /// row-by-row path.
    public static func verification(config: AppConfig, chunkLevel: Int? = 14, parallelChunks: Int = 3, orderedAggregates: Bool = false) async throws -> VerifyResult {
        try await withApp(config) { app in
            let ledger = app.lawTrail.ledger
            let started = ContinuousClock.now
            let report = try await LedgerAudit(
                database: app.db, verifiers: ledger.verifiers, origin: ledger.signer.name,
                chunkLevel: chunkLevel, parallelChunks: parallelChunks, orderedAggregates: orderedAggregates
            ).run()
            let seconds = (ContinuousClock.now - started).seconds
            let peak = peakRSSBytes()

            var leaves: [[UInt8]] = []
            leaves.reserveCapacity(Int(report.entries))
            try await LedgerReader(database: app.db).forEachEntry { leaves.append(Array($0.leaf)) }
            let referenceStart = ContinuousClock.now
            for leaf in leaves {
                _ = SHA256.hash(data: leaf)  // a call into BoringSSL: not optimised away
            }
            let referenceSeconds = (ContinuousClock.now - referenceStart).seconds
            return VerifyResult(
                entries: report.entries, seconds: seconds, findings: report.findings.count,
                referenceSeconds: referenceSeconds, leafBytes: leaves.reduce(0) { $0 + $1.count },
                bulkEntries: report.bulkEntries, rowByRowEntries: report.rowByRowEntries, peakRSSBytesAfterAudit: peak)
        }
    }

    /// The process's peak resident set so far, in bytes.
    static func peakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(Int32(truncatingIfNeeded: RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024  // kilobytes on Linux
    }

    /// Inserts the same rows into a scratch table with the same number of transactions.
    static func referenceInserts(_ db: any Database, events: [LedgerEvent], batches: Int) async throws -> Double {
        let sql = db as! any SQLDatabase
        let blob = sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"
        try await sql.raw("DROP TABLE IF EXISTS bench_reference").run()
        try await sql.raw("""
            CREATE TABLE bench_reference (idx BIGINT PRIMARY KEY, leaf \(unsafeRaw: blob) NOT NULL,
            leaf_hash \(unsafeRaw: blob) NOT NULL, event_type TEXT NOT NULL, appended_at BIGINT NOT NULL)
            """).run()
        let perBatch = max(1, events.count / max(1, batches))
        let rows = events.enumerated().map { (Int64($0.offset), Data($0.element.canonicalBytes)) }
        let started = ContinuousClock.now
        for batch in stride(from: 0, to: rows.count, by: perBatch) {
            let slice = rows[batch..<min(batch + perBatch, rows.count)]
            try await db.transaction { tx in
                let sql = tx as! any SQLDatabase
                for chunk in stride(from: slice.startIndex, to: slice.endIndex, by: 500) {
                    var insert = sql.insert(into: "bench_reference").columns("idx", "leaf", "leaf_hash", "event_type", "appended_at")
                    for (index, leaf) in slice[chunk..<min(chunk + 500, slice.endIndex)] {
                        insert = insert.values(SQLBind(index), SQLBind(leaf), SQLBind(Data(count: 32)), SQLBind("record.ingested"), SQLBind(Int64(0)))
                    }
                    try await insert.run()
                }
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        try await sql.raw("DROP TABLE bench_reference").run()
        return seconds
    }

    static func withApp<T: Sendable>(_ config: AppConfig, _ body: @Sendable (Application) async throws -> T) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["lawtrail"]))
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
