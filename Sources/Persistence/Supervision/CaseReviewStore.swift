import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Why a case-review step was not stored; the service turns each into its refusal.
public enum CaseReviewStoreError: Error, Equatable, Sendable {
    case alreadyReviewed
    /// Another step was stored on the finding meanwhile (the expected `seq` is taken).
    case stepRaced
}

/// Stores 案卷评查 samples, reviews, findings and finding steps with their ledger events, one
/// transaction each (issue 15 item 2; SPEC R12, R13, X3). Nothing here updates or deletes a row.
public struct CaseReviewStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// A committed sample: its row and `case_review.sampled`.
    @discardableResult
    public func sample(
        id: UUID, drawID: UUID, from: CivilDate, to: CivilDate, shareBasisPoints: Int, strata: [CaseReviewSampling.Stratum],
        by: UUID, at: Date
    ) async throws -> UInt64 {
        let event = try DomainEvents.caseReviewSampled(sampleID: id, drawID: drawID, from: from, to: to, shareBasisPoints: shareBasisPoints, strata: strata, at: at)
        let json = String(decoding: try JSONCoding.encoder.encode(strata), as: UTF8.self)
        let indexes = try await ledger.append([event], indexedWork: { db, index in
            try await (db as! any SQLDatabase).insert(into: "case_review_samples")
                .columns("id", "draw_id", "period_from", "period_to", "share_basis_points", "strata", "committed_by", "committed_at", "ledger_index")
                .values(SQLBind(id.lowercased), SQLBind(drawID.lowercased), SQLBind(from.description), SQLBind(to.description),
                        SQLBind(Int64(shareBasisPoints)), SQLBind(json), SQLBind(by.lowercased), SQLBind(at.unixMilliseconds), SQLBind(Int64(index)))
                .run()
        })
        return indexes[0]
    }

    /// A submitted review and the findings it sends: `case_review.submitted` then one
    /// `case_review.finding_sent` per finding, in one transaction; refused when the case was
    /// reviewed meanwhile.
    @discardableResult
    public func submit(_ review: CaseReview, caseNumber: String, findings: [CaseReviewFinding], at: Date) async throws -> UInt64 {
        let events = try [DomainEvents.caseReviewSubmitted(review, at: at)] + findings.map { try DomainEvents.caseReviewFindingSent($0, at: at) }
        let content = String(decoding: try JSONCoding.encoder.encode(review), as: UTF8.self)
        let indexes = try await ledger.append(events, indexedWork: { db, index in
            let sql = db as! any SQLDatabase
            if try await sql.raw("SELECT 1 AS one FROM case_reviews WHERE case_id = \(bind: review.caseID.lowercased)").first() != nil {
                throw CaseReviewStoreError.alreadyReviewed
            }
            try await sql.insert(into: "case_reviews")
                .columns("id", "case_id", "case_number", "sample_id", "unit_id", "kind", "reviewed_on", "reviewer_id", "score", "content", "reviewed_at", "ledger_index")
                .values(SQLBind(review.id.lowercased), SQLBind(review.caseID.lowercased), SQLBind(caseNumber), SQLBind(review.sampleID?.lowercased),
                        SQLBind(review.unitID.lowercased), SQLBind(review.kind.rawValue), SQLBind(review.reviewedOn.description),
                        SQLBind(review.reviewerID.lowercased), SQLBind(Int64(review.score)), SQLBind(content), SQLBind(at.unixMilliseconds),
                        SQLBind(Int64(index)))
                .run()
            for (offset, finding) in findings.enumerated() {
                try await sql.insert(into: "case_review_findings")
                    .columns("id", "review_id", "case_id", "case_number", "unit_id", "item_key", "text", "sent_on", "due_on", "due_estimated", "sent_by", "sent_at", "ledger_index")
                    .values(SQLBind(finding.id.lowercased), SQLBind(finding.reviewID.lowercased), SQLBind(finding.caseID.lowercased),
                            SQLBind(caseNumber), SQLBind(finding.unitID.lowercased), SQLBind(finding.itemKey), SQLBind(finding.text), SQLBind(finding.sentOn.description),
                            SQLBind(finding.dueOn.description), SQLBind(finding.dueEstimated ? 1 : 0), SQLBind(review.reviewerID.lowercased), SQLBind(at.unixMilliseconds),
                            SQLBind(Int64(index) + 1 + Int64(offset)))
                    .run()
            }
        })
        return indexes[0]
    }

    /// A step on a finding: its row and event; refused when `step.seq` is not the next one (a step
    /// was stored meanwhile).
    @discardableResult
    public func step(_ step: FindingStep, at: Date) async throws -> UInt64 {
        let event = try DomainEvents.caseReviewFindingStep(step, at: at)
        let records = String(decoding: try JSONCoding.encoder.encode(step.recordIDs.map(\.lowercased)), as: UTF8.self)
        let indexes = try await ledger.append([event], indexedWork: { db, index in
            let sql = db as! any SQLDatabase
            let taken = try await sql.raw("""
                SELECT COUNT(*) AS n FROM case_review_finding_steps WHERE finding_id = \(bind: step.findingID.lowercased)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard taken == step.seq - 1 else { throw CaseReviewStoreError.stepRaced }
            try await sql.insert(into: "case_review_finding_steps")
                .columns("finding_id", "seq", "step", "text", "record_ids", "due_on", "due_estimated", "by_user", "on_day", "at", "ledger_index")
                .values(SQLBind(step.findingID.lowercased), SQLBind(Int64(step.seq)), SQLBind(step.kind.rawValue), SQLBind(step.text),
                        SQLBind(records), SQLBind(step.dueOn?.description), SQLBind(step.dueEstimated ? 1 : 0), SQLBind(step.by.lowercased), SQLBind(step.on.description),
                        SQLBind(at.unixMilliseconds), SQLBind(Int64(index)))
                .run()
        })
        return indexes[0]
    }
}
