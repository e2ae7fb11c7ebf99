import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// The part of `lawtrail verify` about records and blobs (SPEC R9.3, R9.5, R14): every record
/// row against its ledger event, every blob re-hashed, and blobs nobody references.
public struct RecordAudit: Sendable {
    let db: any Database
    let blobs: any BlobStore

    public init(database: any Database, blobs: any BlobStore) {
        self.db = database
        self.blobs = blobs
    }

    public struct Report: Sendable {
        public var records = 0
        public var blobs = 0
        /// Blobs gone because every record using them was disposed of, as the ledger says.
        public var disposedBlobs = 0
        public var findings: [String] = []
    }

    public func run() async throws -> Report {
        var report = Report()
        // What the ledger says about each record: its content digest and blob digest.
        var events: [UUID: (content: String, blob: String?, index: UInt64)] = [:]
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT idx, leaf FROM ledger_entries WHERE event_type IN ('record.ingested', 'record.corrected') ORDER BY idx
            """).all()
        for row in rows {
            let index = UInt64(try row.decode(column: "idx", as: Int64.self))
            guard let event = try? LedgerEvent(canonicalBytes: try row.decode(column: "leaf", as: Data.self)),
                  let id = event.fields["recordId"]?.stringValue.flatMap(UUID.init(uuidString:)),
                  let content = event.fields["contentSha256"]?.stringValue else {
                report.findings.append("ledger entry \(index): a record event without recordId or contentSha256")
                continue
            }
            events[id] = (content, event.fields["blobSha256"]?.stringValue, index)
        }

        // Issue 14 item 3: what the ledger says was disposed of (record → blob). A missing blob is
        // accepted only when every record using it is among these; a disposal row without its
        // event, or naming another blob, is a finding.
        var disposedByLedger: [UUID: String] = [:]
        for row in try await sql.raw("SELECT idx, leaf FROM ledger_entries WHERE event_type = 'record.disposed' ORDER BY idx").all() {
            let index = try row.decode(column: "idx", as: Int64.self)
            guard let event = try? LedgerEvent(canonicalBytes: try row.decode(column: "leaf", as: Data.self)),
                  let id = event.fields["recordId"]?.stringValue.flatMap(UUID.init(uuidString:)),
                  let blob = event.fields["blobSha256"]?.stringValue else {
                report.findings.append("ledger entry \(index): a record.disposed event without recordId or blobSha256")
                continue
            }
            disposedByLedger[id] = blob
        }
        for disposal in try await RecordDisposalModel.query(on: db).all() where disposedByLedger[disposal.recordID] != disposal.blobSHA256 {
            report.findings.append("record \(disposal.recordID.uuidString.lowercased()): marked disposed with no matching record.disposed ledger event")
        }

        var referenced = Set<String>()
        var stillNeeded = Set<String>()
        for model in try await RecordModel.query(on: db).all() {
            report.records += 1
            let record = try model.domain()
            let digest = try DomainEvents.contentDigest(record.canonicalContent)
            let name = "record \(record.id.uuidString.lowercased())"
            guard let event = events.removeValue(forKey: record.id) else {
                report.findings.append("\(name): no record.ingested event in the ledger")
                continue
            }
            if digest != event.content || model.contentSHA256 != event.content {
                report.findings.append("\(name): stored content differs from ledger entry \(event.index) (content digest \(digest), ledger \(event.content))")
            }
            if record.blobSHA256 != event.blob {
                report.findings.append("\(name): blob digest differs from ledger entry \(event.index)")
            }
            guard let blob = record.blobSHA256 else { continue }
            referenced.insert(blob)
            if disposedByLedger[record.id] != blob { stillNeeded.insert(blob) }
        }
        for (id, event) in events {
            report.findings.append("ledger entry \(event.index): record \(id.uuidString.lowercased()) is in the ledger but not in the database")
        }
        for blob in referenced.sorted() {
            report.blobs += 1
            switch try await blobs.rehash(blob, afterChunk: { _ in }) {
            case .missing where !stillNeeded.contains(blob): report.disposedBlobs += 1
            case .missing: report.findings.append("blob \(blob): missing")
            case .read(let actual, _) where actual != blob: report.findings.append("blob \(blob): content changed (now hashes to \(actual))")
            case .read: break
            }
        }
        // A blob no record names may still be a correction request's attachment (FixityQueries
        // knows every reason a blob is kept).
        let needed = FixityQueries(database: db)
        for extra in try await blobs.allDigests() where !referenced.contains(extra) {
            if try await needed.isNeeded(extra) { continue }
            report.findings.append("blob \(extra): extra — stored but referenced by no record")
        }
        return report
    }
}
