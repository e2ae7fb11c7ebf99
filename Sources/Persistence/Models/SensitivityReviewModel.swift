import Domain
import FluentKit
import Foundation

/// Row of `sensitivity_reviews`: one decision of the legal section on a record's marking
/// (SPEC R9.2, R10). Insert-only (migration 012).
public final class SensitivityReviewModel: Model, @unchecked Sendable {
    public static let schema = "sensitivity_reviews"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "reviewed_by") public var reviewedBy: UUID
    @Field(key: "reviewed_at") public var reviewedAt: Date
    @Field(key: "previous") public var previous: String
    @Field(key: "marking") public var marking: String
    @Field(key: "decision") public var decision: String
    @OptionalField(key: "reason") public var reason: String?

    public init() {}

    public init(_ review: SensitivityReview) {
        id = review.id
        recordID = review.recordID
        reviewedBy = review.reviewedBy
        reviewedAt = review.reviewedAt
        previous = review.previous.rawValue
        marking = review.marking.rawValue
        decision = review.decision.rawValue
        reason = review.reason
    }

    public func domain() throws -> SensitivityReview {
        guard let previous = Sensitivity(rawValue: previous), let marking = Sensitivity(rawValue: marking),
              let decision = SensitivityReview.Decision(rawValue: decision) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "\(id?.uuidString ?? "?"): unknown marking or decision")
        }
        return SensitivityReview(
            id: try requireID(), recordID: recordID, previous: previous, marking: marking, decision: decision,
            reason: reason, reviewedBy: reviewedBy, reviewedAt: reviewedAt)
    }
}
