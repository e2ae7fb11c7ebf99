import Foundation
import Ledger

/// The ledger events of 案卷评查 (issue 15 item 2; SPEC R12, R13, X3). Texts (findings and
/// rectifications may name people) stay in the database; the ledger holds their digests.
extension DomainEvents {
    /// A sample committed: the period, the share, each stratum's pool name, size and count, and the
    /// draw it was committed to.
    public static func caseReviewSampled(
        sampleID: UUID, drawID: UUID, from: CivilDate, to: CivilDate, shareBasisPoints: Int, strata: [CaseReviewSampling.Stratum], at: Date
    ) throws -> LedgerEvent {
        try LedgerEvent(type: "case_review.sampled", at: at, fields: [
            "sampleId": .string(sampleID.uuidString.lowercased()),
            "drawId": .string(drawID.uuidString.lowercased()),
            "from": .string(from.description), "to": .string(to.description),
            "shareBasisPoints": .integer(Int64(shareBasisPoints)),
            "strata": .array(strata.map {
                ["pool": .string($0.poolName), "size": .integer(Int64($0.cases.count)), "count": .integer(Int64($0.count))]
            }),
        ])
    }

    /// A review submitted: case, score, and the digest of the whole review (checklist, judgements).
    public static func caseReviewSubmitted(_ review: CaseReview, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "case_review.submitted", at: at, fields: [
            "reviewId": .string(review.id.uuidString.lowercased()),
            "caseId": .string(review.caseID.uuidString.lowercased()),
            "score": .integer(Int64(review.score)),
            "reviewedOn": .string(review.reviewedOn.description),
            "contentSha256": .string(try contentDigest(try review.canonicalContent)),
        ])
    }

    /// A finding sent to the responsible unit with its rectification deadline.
    public static func caseReviewFindingSent(_ finding: CaseReviewFinding, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "case_review.finding_sent", at: at, fields: [
            "findingId": .string(finding.id.uuidString.lowercased()),
            "reviewId": .string(finding.reviewID.uuidString.lowercased()),
            "unitId": .string(finding.unitID.uuidString.lowercased()),
            "dueOn": .string(finding.dueOn.description),
            "dueEstimated": .bool(finding.dueEstimated),
            "contentSha256": .string(try contentDigest(finding.canonicalContent)),
        ])
    }

    /// A step on a finding: `case_review.rectification_answered`, `case_review.finding_closed` or
    /// `case_review.finding_sent_back` (with the new deadline).
    public static func caseReviewFindingStep(_ step: FindingStep, at: Date) throws -> LedgerEvent {
        let type = switch step.kind {
        case .answered: "case_review.rectification_answered"
        case .closed: "case_review.finding_closed"
        case .sentBack: "case_review.finding_sent_back"
        }
        var fields: [String: JSONValue] = [
            "findingId": .string(step.findingID.uuidString.lowercased()),
            "seq": .integer(Int64(step.seq)),
            "contentSha256": .string(try contentDigest(step.canonicalContent)),
        ]
        if let dueOn = step.dueOn {
            fields["dueOn"] = .string(dueOn.description)
            fields["dueEstimated"] = .bool(step.dueEstimated)
        }
        return try LedgerEvent(type: type, at: at, fields: fields)
    }
}
