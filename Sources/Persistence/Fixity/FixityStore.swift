import Domain
import FluentKit
import Foundation
import SQLKit

/// Stores one batch of a fixity audit with its `fixity.checked` event, in one transaction
/// (issue 14 item 4; SPEC X3). Insert-only: progress is the newest row, never an updated one.
public struct FixityStore: Sendable {
    /// Another process stored this step first (or the audit moved on meanwhile): nothing was stored.
    struct Superseded: Error {}

    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Stores `batch` if the newest stored batch is still `basedOn` (nil: none stored yet), the one
    /// this batch continues from. The check runs inside the ledger's append, which runs one at a time
    /// across servers (advisory lock on PostgreSQL, the write lock on SQLite), and the primary key
    /// (cycle, batch) backs it; so when two servers audit at once, each step is stored once and the
    /// slower server's batch is dropped (returns false) rather than forking the cycle.
    @discardableResult
    public func record(_ batch: FixityBatch, basedOn: (cycleID: UUID, batch: Int)?) async throws -> Bool {
        let event = try DomainEvents.fixityChecked(batch)
        let content = try JSONCoding.string(batch)
        do {
            try await ledger.append([event], indexedWork: { db, index in
                let sql = db as! any SQLDatabase
                let newest = try await sql.raw("""
                    SELECT cycle_id, batch FROM fixity_audits ORDER BY ledger_index DESC LIMIT 1
                    """).first()
                let stored = try newest.map { row in
                    (try row.decode(column: "cycle_id", as: String.self), try row.decode(column: "batch", as: Int.self))
                }
                guard stored?.0 == basedOn?.cycleID.uuidString.lowercased(), stored?.1 == basedOn?.batch else { throw Superseded() }
                try await sql.insert(into: "fixity_audits")
                    .columns(
                        "cycle_id", "batch", "after_digest", "cursor", "blobs_checked", "bytes_checked", "failed", "cycle_complete",
                        "started_at", "finished_at", "ledger_index", "content")
                    .values(
                        SQLBind(batch.cycleID.uuidString.lowercased()), SQLBind(batch.batch), SQLBind(batch.after), SQLBind(batch.cursor),
                        SQLBind(batch.blobsChecked), SQLBind(batch.bytesChecked), SQLBind(batch.failures.count),
                        SQLBind(batch.completesCycle ? 1 : 0), SQLBind(batch.startedAt.unixMilliseconds),
                        SQLBind(batch.finishedAt.unixMilliseconds), SQLBind(Int64(index)), SQLBind(content))
                    .run()
            })
            return true
        } catch is Superseded {
            return false
        }
    }
}
