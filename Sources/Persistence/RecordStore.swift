import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Stores records with their `record.ingested` ledger event, atomically (SPEC R9.3, X3),
/// and keeps refused deletions on the ledger (SPEC R9.5). Nothing here updates or deletes a row.
public struct RecordStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Inserts `record` and appends its event in one transaction; returns the ledger index.
    /// `uploadID` ties a media record to the upload it came from (one record per upload). A decision
    /// document brings the duty it creates or the rescheduling of that duty (issue 13 item 1), stored
    /// in the same transaction, their events after the record's.
    @discardableResult
    public func create(
        _ record: Record, uploadID: UUID? = nil, at: Date,
        obligations: [Obligation] = [], reschedules: [ObligationStore.Reschedule] = []
    ) async throws -> UInt64 {
        let event = try DomainEvents.recordIngested(record, at: at)
        let digest = try DomainEvents.contentDigest(record.canonicalContent)
        let model = try RecordModel(record, uploadID: uploadID, contentSHA256: digest)
        let events = try [event] + obligations.map { try DomainEvents.obligationCreated($0, at: at) }
            + reschedules.map { try DomainEvents.obligationRescheduled($0.obligation, reason: $0.reason, at: at) }
        let indexes = try await ledger.append(events, indexedWork: { db, first in
            // Issue 14 item 2: a closed case takes late paperwork until it is archived, then nothing.
            // Checked in the ledger's transaction, which serialises it with the archiving itself.
            if try await ArchiveQueries(database: db).isArchived(record.caseID) { throw ArchiveStoreError.caseArchived }
            try await model.create(on: db)
            for (offset, obligation) in obligations.enumerated() {
                try await PublicationStore.insert(obligation, ledgerIndex: first + 1 + UInt64(offset), at: at, on: db as! any SQLDatabase)
            }
            for (offset, change) in reschedules.enumerated() {
                try await ObligationStore.insert(change, ledgerIndex: first + 1 + UInt64(obligations.count + offset), at: at, on: db)
            }
        })
        return indexes[0]
    }

    public func find(_ id: UUID, on db: any Database) async throws -> Record? {
        try await RecordModel.find(id, on: db)?.domain()
    }

    public func forActivity(_ activityID: UUID, on db: any Database) async throws -> [Record] {
        try await RecordModel.query(on: db).filter(\.$activityID == activityID)
            .sort(\.$createdAt).all().map { try $0.domain() }
    }

    /// SPEC R9.5: a delete or change attempt is refused; this keeps the attempt on the ledger.
    public func recordRefusedDeletion(of recordID: UUID, by userID: UUID?, method: String, at: Date) async throws {
        try await ledger.append([try DomainEvents.recordDeleteRefused(recordID: recordID, userID: userID, method: method, at: at)])
    }
}
