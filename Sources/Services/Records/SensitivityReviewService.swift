import Domain
import FluentKit
import Foundation
import Persistence

/// The legal section's review of record markings (SPEC R9.2, R10; issue 13 item 6): the queue of
/// records that are marked or likely personal and not yet reviewed, the decision (confirm, or change
/// with a reason) as an appended row and ledger event, the history, and the effective marking that
/// retrieval obeys. `SensitivityReviewRules` decides.
public struct SensitivityReviewService: Sendable {
    /// How many unreviewed records, newest first, the queue looks through for ones that need review.
    public static let queueScanLimit = 500

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var queries: SensitivityReviewQueries { SensitivityReviewQueries(database: context.database) }

    /// One record waiting for review and why.
    public struct QueueItem: Sendable {
        public let record: Record
        public let causes: [SensitivityReviewCause]
        public let caseNumber: String
    }

    /// Records marked sensitive or likely holding personal data with no review yet, newest first;
    /// at most `limit` of the newest `queueScanLimit` unreviewed records.
    public func queue(limit: Int = 100) async throws -> [QueueItem] {
        let db = context.database
        let candidates = try await queries.unreviewedRecords(limit: Self.queueScanLimit)
        let counterpartyIDs = Array(Set(candidates.map(\.counterpartyID)))
        let naturalPersons = counterpartyIDs.isEmpty ? [] : Set(try await CounterpartyModel.query(on: db)
            .filter(\.$id ~~ counterpartyIDs).filter(\.$kind == Counterparty.Kind.naturalPerson.rawValue).all()
            .compactMap(\.id))
        var items: [QueueItem] = []
        var caseNumbers: [UUID: String] = [:]
        for record in candidates where items.count < limit {
            let causes = SensitivityReviewRules.causes(record, counterpartyIsNaturalPerson: naturalPersons.contains(record.counterpartyID))
            guard !causes.isEmpty else { continue }
            if caseNumbers[record.caseID] == nil {
                caseNumbers[record.caseID] = try await CaseModel.find(record.caseID, on: db)?.number ?? ""
            }
            items.append(QueueItem(record: record, causes: causes, caseNumber: caseNumbers[record.caseID] ?? ""))
        }
        return items
    }

    /// Every review of the record, oldest first.
    public func history(_ recordID: UUID) async throws -> [SensitivityReview] {
        try await queries.history(recordID)
    }

    /// The marking in force for `record` (SPEC R9.2): the latest review's; for a correction not yet
    /// reviewed, that of the version it supersedes; else the uploader's (`SensitivityReviewRules.effective`).
    public func effectiveSensitivity(_ record: Record) async throws -> Sensitivity {
        try await effectiveSensitivity(record, reviews: try await queries.history(record.id))
    }

    /// The same, with the record's own reviews already loaded.
    public func effectiveSensitivity(_ record: Record, reviews: [SensitivityReview]) async throws -> Sensitivity {
        var predecessor: Sensitivity?
        if reviews.isEmpty, let old = record.supersedes,
           let previous = try await RecordStore(ledger: context.ledger).find(old, on: context.database) {
            predecessor = try await effectiveSensitivity(previous)
        }
        return SensitivityReviewRules.effective(uploaded: record.sensitivity, reviews: reviews, predecessor: predecessor)
    }

    /// Confirms or changes the marking of `recordID`. Refusals: `not-found`, `review-not-permitted`
    /// (forbidden), `reason-required` (field `reason`).
    public func review(_ recordID: UUID, marking: Sensitivity, reason: String?, by staff: StaffMember) async throws -> SensitivityReview {
        guard let record = try await RecordStore(ledger: context.ledger).find(recordID, on: context.database) else {
            throw ServiceRefusal.notFound("记录资料不存在。")
        }
        let history = try await queries.history(recordID)
        let current = try await effectiveSensitivity(record, reviews: history)
        let review: SensitivityReview
        do throws(SensitivityReviewError) {
            review = try SensitivityReviewRules.review(
                record, current: current, marking: marking, reason: reason, by: staff, at: context.clock.nowMilliseconds)
        } catch {
            switch error {
            case .notPermitted:
                throw ServiceRefusal(.forbidden, type: "review-not-permitted", detail: error.description + "。")
            case .reasonRequired:
                throw ServiceRefusal.invalid("reason-required", "变更标记须说明理由。", errors: ["reason": "变更标记须说明理由"])
            }
        }
        try await SensitivityReviewStore(ledger: context.ledger).append(review, at: context.clock.nowSeconds)
        return review
    }
}
