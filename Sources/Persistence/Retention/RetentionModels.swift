import Domain
import FluentKit
import Foundation

// Rows of the retention and disposal tables (migration 014; SPEC R10; issue 14 items 1 and 3).
// Insert-only: each is one fact with its ledger event.

public final class RetentionFactChangeModel: Model, @unchecked Sendable {
    public static let schema = "retention_fact_changes"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "changed_by") public var changedBy: UUID
    @Field(key: "fact") public var fact: String
    @Field(key: "holds") public var holds: Bool
    @Field(key: "reason") public var reason: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    init(_ change: RetentionFactChange) {
        id = change.id
        recordID = change.recordID
        changedBy = change.changedBy
        fact = change.fact.rawValue
        holds = change.holds
        reason = change.reason
        changedAt = change.changedAt
    }

    func domain() throws -> RetentionFactChange {
        guard let fact = RetentionFact(rawValue: fact) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "\(id?.uuidString ?? "?"): unknown fact")
        }
        return RetentionFactChange(
            id: try requireID(), recordID: recordID, fact: fact, holds: holds, reason: reason,
            changedBy: changedBy, changedAt: changedAt)
    }
}

public final class LegalHoldModel: Model, @unchecked Sendable {
    public static let schema = "legal_holds"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "placed_by") public var placedBy: UUID
    @Field(key: "scope") public var scope: String
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "reason") public var reason: String
    @Field(key: "placed_at") public var placedAt: Date

    public init() {}

    init(_ hold: LegalHold) {
        id = hold.id
        placedBy = hold.placedBy
        scope = hold.scope.kind
        subjectID = hold.scope.id
        reason = hold.reason
        placedAt = hold.placedAt
    }

    func domain() throws -> LegalHold {
        guard let scope = LegalHold.Scope(kind: scope, id: subjectID) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "\(id?.uuidString ?? "?"): unknown scope")
        }
        return LegalHold(id: try requireID(), scope: scope, reason: reason, placedBy: placedBy, placedAt: placedAt)
    }
}

public final class LegalHoldReleaseModel: Model, @unchecked Sendable {
    public static let schema = "legal_hold_releases"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "hold_id") public var holdID: UUID
    @Field(key: "released_by") public var releasedBy: UUID
    @Field(key: "reason") public var reason: String
    @Field(key: "released_at") public var releasedAt: Date

    public init() {}

    init(_ release: LegalHoldRelease) {
        id = release.id
        holdID = release.holdID
        releasedBy = release.releasedBy
        reason = release.reason
        releasedAt = release.releasedAt
    }
}

public final class DisposalListingModel: Model, @unchecked Sendable {
    public static let schema = "disposal_listings"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "listed_on") public var listedOn: String
    @Field(key: "earliest_disposal") public var earliestDisposal: String

    public init() {}

    init(recordID: UUID, listedOn: CivilDate, earliestDisposal: CivilDate) {
        id = UUID()
        self.recordID = recordID
        self.listedOn = listedOn.description
        self.earliestDisposal = earliestDisposal.description
    }
}

public final class DisposalAppraisalModel: Model, @unchecked Sendable {
    public static let schema = "disposal_appraisals"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "appraised_by") public var appraisedBy: UUID
    @Field(key: "conclusion") public var conclusion: String
    @Field(key: "reason") public var reason: String
    @Field(key: "appraised_at") public var appraisedAt: Date

    public init() {}

    init(_ appraisal: DisposalAppraisal) {
        id = appraisal.id
        recordID = appraisal.recordID
        appraisedBy = appraisal.appraisedBy
        conclusion = appraisal.conclusion.rawValue
        reason = appraisal.reason
        appraisedAt = appraisal.appraisedAt
    }

    func domain() throws -> DisposalAppraisal {
        guard let conclusion = DisposalAppraisal.Conclusion(rawValue: conclusion) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "\(id?.uuidString ?? "?"): unknown conclusion")
        }
        return DisposalAppraisal(
            id: try requireID(), recordID: recordID, conclusion: conclusion, reason: reason,
            appraisedBy: appraisedBy, appraisedAt: appraisedAt)
    }
}

public final class DisposalDecisionModel: Model, @unchecked Sendable {
    public static let schema = "disposal_decisions"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "appraisal_id") public var appraisalID: UUID
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "decided_by") public var decidedBy: UUID
    @Field(key: "approved") public var approved: Bool
    @Field(key: "reason") public var reason: String
    @Field(key: "decided_at") public var decidedAt: Date

    public init() {}

    init(_ decision: DisposalDecision) {
        id = decision.id
        appraisalID = decision.appraisalID
        recordID = decision.recordID
        decidedBy = decision.decidedBy
        approved = decision.approved
        reason = decision.reason
        decidedAt = decision.decidedAt
    }

    func domain() throws -> DisposalDecision {
        DisposalDecision(
            id: try requireID(), appraisalID: appraisalID, recordID: recordID, approved: approved, reason: reason,
            decidedBy: decidedBy, decidedAt: decidedAt)
    }
}

public final class RecordDisposalModel: Model, @unchecked Sendable {
    public static let schema = "record_disposals"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "decision_id") public var decisionID: UUID
    @Field(key: "blob_sha256") public var blobSHA256: String
    @Field(key: "disposed_at") public var disposedAt: Date
    @Field(key: "ledger_index") public var ledgerIndex: Int64

    public init() {}
}
