import Domain
import FluentKit
import Foundation

// Rows of the draw tables (migration 017; SPEC P7.3; issue 15 item 1). Insert-only: each is one
// step with its ledger event.

public final class DrawModel: Model, @unchecked Sendable {
    public static let schema = "draws"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "purpose") public var purpose: String
    @Field(key: "title") public var title: String
    /// The specification's RFC 8785 bytes as text: exactly what was committed and is published.
    @Field(key: "specification") public var specification: String
    @Field(key: "commitment") public var commitment: String
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @OptionalField(key: "subject_id") public var subjectID: UUID?
    @Field(key: "committed_by") public var committedBy: UUID
    @Field(key: "committed_at") public var committedAt: Date
    @Field(key: "ledger_index") public var ledgerIndex: Int64

    public init() {}
}

public final class DrawRevealModel: Model, @unchecked Sendable {
    public static let schema = "draw_reveals"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "draw_id") public var drawID: UUID
    @Field(key: "party") public var party: String
    @Field(key: "secret") public var secret: String
    @Field(key: "revealed_by") public var revealedBy: UUID
    @Field(key: "revealed_at") public var revealedAt: Date
    @Field(key: "ledger_index") public var ledgerIndex: Int64

    public init() {}
}

public final class DrawResultModel: Model, @unchecked Sendable {
    public static let schema = "draw_results"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "draw_id") public var drawID: UUID
    @OptionalField(key: "public_value") public var publicValue: String?
    @Field(key: "seed") public var seed: String
    /// The outcome's RFC 8785 bytes as text (`DrawOutcome.canonicalContent`).
    @Field(key: "outcome") public var outcome: String
    @Field(key: "ran_by") public var ranBy: UUID
    @Field(key: "ran_at") public var ranAt: Date
    @Field(key: "ledger_index") public var ledgerIndex: Int64

    public init() {}
}

public final class OfficerRelationModel: Model, @unchecked Sendable {
    public static let schema = "officer_relations"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "officer_id") public var officerID: UUID
    @Field(key: "counterparty_id") public var counterpartyID: UUID
    /// Why (亲属、曾任职、利害关系…): internal, never on a leaf or the portal.
    @Field(key: "relation") public var relation: String
    /// Random hex mixed into the leaf's digest of `relation`, so short, predictable reasons
    /// (亲属, 曾任职) cannot be found by hashing guesses.
    @Field(key: "salt") public var salt: String
    @Field(key: "declared_by") public var declaredBy: UUID
    @Field(key: "declared_at") public var declaredAt: Date

    public init() {}
}

public final class DrawnInspectionModel: Model, @unchecked Sendable {
    public static let schema = "drawn_inspections"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "draw_id") public var drawID: UUID
    @Field(key: "counterparty_id") public var counterpartyID: UUID
    @Field(key: "case_id") public var caseID: UUID
    /// The two drawn officers' ids, comma-separated, in draw order.
    @Field(key: "officer_ids") public var officerIDs: String

    public init() {}

    public var officers: [UUID] { officerIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
}

public final class InspectionConclusionModel: Model, @unchecked Sendable {
    public static let schema = "inspection_conclusions"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "inspection_id") public var inspectionID: UUID
    @Field(key: "concluded_on") public var concludedOn: String
    @Field(key: "outcome") public var outcome: String
    @Field(key: "summary") public var summary: String
    @Field(key: "concluded_by") public var concludedBy: UUID
    @Field(key: "concluded_at") public var concludedAt: Date

    public init() {}
}
