import Domain
import FluentKit
import Foundation
import Ledger

/// Writes of the retention and disposal procedure (SPEC R10, X3; issue 14 items 1 and 3): each a
/// new row and its ledger event in one transaction. Nothing is updated; a blob is removed only after
/// its `record.disposed` event is durable (`DisposalService`), so a crash leaves a stored blob the
/// ledger calls disposed — never a missing blob the ledger does not explain.
public struct RetentionStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    private static func id(_ value: UUID) -> JSONValue { .string(value.uuidString.lowercased()) }

    public func append(_ change: RetentionFactChange, at: Date) async throws {
        let event = try DomainEvents.created(
            "record.retention_fact_changed", idField: "changeId", id: change.id, content: change.canonicalContent, at: at,
            extra: ["recordId": Self.id(change.recordID), "fact": .string(change.fact.rawValue), "holds": .bool(change.holds)])
        let model = RetentionFactChangeModel(change)
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }

    public func place(_ hold: LegalHold, at: Date) async throws {
        let event = try DomainEvents.created(
            "legal_hold.placed", idField: "holdId", id: hold.id, content: hold.canonicalContent, at: at,
            extra: ["scope": .string(hold.scope.kind), "subjectId": Self.id(hold.scope.id)])
        let model = LegalHoldModel(hold)
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }

    /// Fails on the unique hold id when the hold was already released (a race of two releases).
    public func release(_ release: LegalHoldRelease, at: Date) async throws {
        let event = try DomainEvents.created(
            "legal_hold.released", idField: "releaseId", id: release.id, content: release.canonicalContent, at: at,
            extra: ["holdId": Self.id(release.holdID)])
        let model = LegalHoldReleaseModel(release)
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }

    /// The daily listing: records newly past their retention, one `disposal.listed` event for all.
    public func list(_ items: [(recordID: UUID, earliestDisposal: CivilDate)], on day: CivilDate, at: Date) async throws {
        guard !items.isEmpty else { return }
        let event = try LedgerEvent(type: "disposal.listed", at: at, fields: [
            "day": .string(day.description), "recordIds": .array(items.map { Self.id($0.recordID) }),
        ])
        let models = items.map { DisposalListingModel(recordID: $0.recordID, listedOn: day, earliestDisposal: $0.earliestDisposal) }
        try await ledger.append([event]) { db in
            for model in models { try await model.create(on: db) }
        }
    }

    public func append(_ appraisal: DisposalAppraisal, at: Date) async throws {
        let event = try DomainEvents.created(
            "record.disposal_appraised", idField: "appraisalId", id: appraisal.id, content: appraisal.canonicalContent, at: at,
            extra: ["recordId": Self.id(appraisal.recordID), "conclusion": .string(appraisal.conclusion.rawValue)])
        let model = DisposalAppraisalModel(appraisal)
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }

    /// A refusal (`record.disposal_refused`), or an approval with the disposal itself
    /// (`record.disposed`, naming the blob whose bytes go and the record's content digest, which
    /// stays). The unique appraisal and record ids make a second decision fail, not repeat.
    public func append(_ decision: DisposalDecision, blobSHA256: String?, at: Date) async throws {
        let decisionModel = DisposalDecisionModel(decision)
        guard decision.approved, let blobSHA256 else {
            let event = try DomainEvents.created(
                "record.disposal_refused", idField: "decisionId", id: decision.id, content: decision.canonicalContent, at: at,
                extra: ["recordId": Self.id(decision.recordID), "appraisalId": Self.id(decision.appraisalID)])
            try await ledger.append([event]) { db in try await decisionModel.create(on: db) }
            return
        }
        let event = try DomainEvents.created(
            "record.disposed", idField: "decisionId", id: decision.id, content: decision.canonicalContent, at: at,
            extra: [
                "recordId": Self.id(decision.recordID), "appraisalId": Self.id(decision.appraisalID),
                "blobSha256": .string(blobSHA256),
            ])
        try await ledger.append([event], indexedWork: { db, index in
            try await decisionModel.create(on: db)
            let disposal = RecordDisposalModel()
            disposal.id = UUID()
            disposal.recordID = decision.recordID
            disposal.decisionID = decision.id
            disposal.blobSHA256 = blobSHA256
            disposal.disposedAt = decision.decidedAt
            disposal.ledgerIndex = Int64(index)
            try await disposal.create(on: db)
        })
    }
}
