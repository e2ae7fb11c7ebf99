import Domain
import FluentKit
import Foundation
import SQLKit

/// What the fixity audit reads (issue 14 item 4): which blobs to re-hash and in what order, who holds
/// a blob, and the stored batches for the dashboard, `/metrics`, the P10/R14 report and the restart.
public struct FixityQueries: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    private var sql: any SQLDatabase { database as! any SQLDatabase }

    /// The SHA-256 of a correction request's attachment inside its stored JSON (`CorrectionRequest`
    /// encoded by `JSONCoding`: `{"attachment": {"sha256": …}}`); the one database-specific extra.
    private var attachmentDigest: SQLQueryString {
        sql.dialect.name == "postgresql"
            ? "(content::jsonb)->'attachment'->>'sha256'"
            : "json_extract(content, '$.attachment.sha256')"
    }

    /// Every digest a blob is kept for: records' blobs — except those of records lawfully disposed
    /// of (`record_disposals`, issue 14 item 3: gone on purpose) — and correction requests'
    /// attachments. A digest shared by a disposed and a kept record stays (the kept one names it).
    private var neededDigests: SQLQueryString {
        """
        SELECT r.blob_sha256 AS digest FROM records r
        WHERE r.blob_sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM record_disposals d WHERE d.record_id = r.id)
        UNION
        SELECT \(attachmentDigest) AS digest FROM correction_requests WHERE \(attachmentDigest) IS NOT NULL
        """
    }

    /// Whether anything still needs the blob `digest` (a disposal removes it only when nothing does).
    public func isNeeded(_ digest: String) async throws -> Bool {
        try await sql.raw("SELECT 1 AS one FROM (\(neededDigests)) needed WHERE digest = \(bind: digest)").first() != nil
    }

    /// THE list of blobs the system relies on, in a stable order (ascending digest), after `after`
    /// (exclusive; nil = from the start), at most `limit`. Every blob the store holds for a reason
    /// is one of these:
    /// - `records.blob_sha256`: media and scans taken in (SPEC R9.3), corrections included;
    /// - correction requests' attachments (SPEC P9.2), stored by `CorrectionPages`.
    /// Generated documents (decisions, inspection records) are text records whose content lives in
    /// the row (`content_sha256`), not in the blob store, so they are audited by `lawtrail verify`.
    /// A digest named twice (the same bytes in two records) is checked once.
    public func digestsToAudit(after: String?, limit: Int) async throws -> [String] {
        let rows = try await sql.raw("""
            SELECT digest FROM (\(neededDigests)) audited
            WHERE digest > \(bind: after ?? "")
            ORDER BY digest
            LIMIT \(bind: limit)
            """).all()
        return try rows.map { try $0.decode(column: "digest", as: String.self) }
    }

    /// Records holding each of `digests`, and correction requests whose attachment it is.
    public func holders(of digests: [String]) async throws -> [String: (records: [UUID], correctionRequests: [UUID])] {
        guard !digests.isEmpty else { return [:] }
        var result: [String: (records: [UUID], correctionRequests: [UUID])] = [:]
        let list = SQLList(digests.map { SQLBind($0) })
        for model in try await RecordModel.query(on: database).filter(\.$blobSHA256 ~~ digests.map { Optional($0) }).sort(\.$id).all() {
            guard let digest = model.blobSHA256 else { continue }
            result[digest, default: ([], [])].records.append(try model.requireID())
        }
        for row in try await sql.raw("""
            SELECT id, \(attachmentDigest) AS digest FROM correction_requests WHERE \(attachmentDigest) IN (\(list)) ORDER BY id
            """).all() {
            let digest = try row.decode(column: "digest", as: String.self)
            if let id = UUID(uuidString: try row.decode(column: "id", as: String.self)) {
                result[digest, default: ([], [])].correctionRequests.append(id)
            }
        }
        return result
    }

    /// The newest stored batch (highest ledger index): where a (re)started audit continues.
    public func latest() async throws -> FixityBatch? {
        try await batches("ORDER BY ledger_index DESC LIMIT 1").first
    }

    /// Every batch of one cycle, in order.
    public func batches(cycle: UUID) async throws -> [FixityBatch] {
        try await batches("WHERE cycle_id = \(bind: cycle.uuidString.lowercased()) ORDER BY batch")
    }

    /// Newest batches first, for paging (`offset`, `limit`), and how many there are.
    public func batches(offset: Int, limit: Int) async throws -> (items: [FixityBatch], total: Int) {
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM fixity_audits").first()?.decode(column: "n", as: Int.self) ?? 0
        let items = try await batches("ORDER BY ledger_index DESC LIMIT \(bind: limit) OFFSET \(bind: offset)")
        return (items, total)
    }

    /// The failures to show now (`FixityBatch.currentFailures`): the newest cycle's, and those of the
    /// last complete cycle before it that the newest one has not re-checked yet.
    public func currentFailures() async throws -> [FixityFailure] {
        guard let latest = try await latest() else { return [] }
        // Only batches with failures are read (and the newest, for how far the cycle has got):
        // a cycle over a large store has thousands of batches, and this runs for every scrape.
        let current = try await failing(cycle: latest.cycleID) + [latest]
        var previous: [FixityBatch] = []
        if !latest.completesCycle, let last = try await lastCompletedCycle() {
            previous = try await failing(cycle: last.cycleID)
        }
        return FixityBatch.currentFailures(current: current, previous: previous)
    }

    private func failing(cycle: UUID) async throws -> [FixityBatch] {
        try await batches("WHERE cycle_id = \(bind: cycle.uuidString.lowercased()) AND failed > 0 ORDER BY batch")
    }

    /// The last batch that completed a cycle.
    public func lastCompletedCycle() async throws -> FixityBatch? {
        try await batches("WHERE cycle_complete = 1 ORDER BY ledger_index DESC LIMIT 1").first
    }

    /// Blobs re-hashed over all time (a counter for `/metrics`).
    public func blobsCheckedTotal() async throws -> Int {
        try await sql.raw("SELECT CAST(COALESCE(SUM(blobs_checked), 0) AS BIGINT) AS n FROM fixity_audits").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Failures found by batches that finished from `from` (inclusive) to `to` (exclusive), oldest
    /// first: the fixity part of the P10/R14 report.
    public func failures(from: Date, to: Date) async throws -> [FixityFailure] {
        try await batches("""
            WHERE failed > 0 AND finished_at >= \(bind: from.unixMilliseconds) AND finished_at < \(bind: to.unixMilliseconds)
            ORDER BY ledger_index
            """).flatMap(\.failures)
    }

    private func batches(_ tail: SQLQueryString) async throws -> [FixityBatch] {
        try await sql.raw("SELECT content FROM fixity_audits " + tail).all().map { row in
            try JSONCoding.decode(FixityBatch.self, try row.decode(column: "content", as: String.self))
        }
    }
}
