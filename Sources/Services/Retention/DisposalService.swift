import Domain
import FluentKit
import Foundation
import Persistence

/// 销毁 (SPEC R10, X3; issue 14 item 3): a daily listing of what has passed its retention, the
/// office's appraisal, a supervisor's approval — never by the appraiser — and then the blob removed,
/// the record keeping its metadata and hash, with a `record.disposed` ledger event. Evidence,
/// disputed records and held records are never disposed of; every step re-checks the blocks.
public struct DisposalService: Sendable {
    let context: ServiceContext
    let blobs: any BlobStore

    public init(_ context: ServiceContext, blobs: any BlobStore) {
        self.context = context
        self.blobs = blobs
    }

    var retention: RetentionService { RetentionService(context) }
    var queries: RetentionQueries { RetentionQueries(database: context.database) }
    var store: RetentionStore { RetentionStore(ledger: context.ledger) }

    /// The daily job: lists records whose retention has passed today and that nothing blocks, once
    /// each; returns how many were newly listed.
    @discardableResult
    public func listDue() async throws -> Int {
        let today = context.clock.today
        let entries = try await retention.calendar()
        let candidates = entries.filter { !$0.disposed && !$0.onHold && $0.policy.isDisposable(on: today) }
        let listed = try await queries.listed(candidates.map(\.subject.record.id))
        let new = candidates.filter { !listed.contains($0.subject.record.id) && $0.subject.record.blobSHA256 != nil }
        try await store.list(new.map { ($0.subject.record.id, $0.policy.earliestDisposal!) }, on: today, at: context.clock.nowSeconds)
        return new.count
    }

    static func refusal(_ error: DisposalError) -> ServiceRefusal {
        switch error {
        case .blocked(let blocks):
            ServiceRefusal(.conflict, type: "disposal-blocked", detail: error.description + "。",
                           errors: Dictionary(blocks.map { ($0.slug, $0.description) }, uniquingKeysWith: { a, _ in a }))
        case .sameAppraiser:
            ServiceRefusal(.forbidden, type: "disposal-four-eyes", detail: error.description + "。")
        case .notProposed, .alreadyDecided:
            ServiceRefusal(.conflict, type: "disposal-already-decided", detail: error.description + "。")
        case .reasonRequired, .reasonTooLong:
            ServiceRefusal.invalid("disposal-refused", error.description + "。", errors: ["reason": error.description])
        }
    }

    /// The office's 到期鉴定 of one record. Refusals: `not-found`, `forbidden`, `disposal-blocked`
    /// (409, naming every block), `disposal-refused` (422).
    public func appraise(_ recordID: UUID, conclusion: DisposalAppraisal.Conclusion, reason: String?, by staff: StaffMember) async throws -> DisposalAppraisal {
        try staff.require(.appraiseDisposal)
        let standing = try await retention.standing(recordID)
        let appraisal: DisposalAppraisal
        do throws(DisposalError) {
            appraisal = try DisposalRules.appraise(
                recordID: recordID, conclusion: conclusion, reason: reason, blocks: standing.blocks, by: staff.id,
                at: context.clock.nowMilliseconds)
        } catch {
            throw Self.refusal(error)
        }
        try await store.append(appraisal, at: context.clock.nowSeconds)
        return appraisal
    }

    /// A supervisor approves (the record is disposed of) or refuses. Refusals: `not-found`,
    /// `forbidden`, `disposal-four-eyes` (403), `disposal-blocked` (409), `disposal-already-decided`
    /// (409), `disposal-refused` (422: a refusal needs a reason).
    public func decide(_ appraisalID: UUID, approve: Bool, reason: String?, by staff: StaffMember) async throws -> DisposalDecision {
        try staff.require(.approveDisposal)
        guard let appraisal = try await queries.appraisal(appraisalID) else { throw ServiceRefusal.notFound("鉴定意见不存在。") }
        let standing = try await retention.standing(appraisal.recordID)
        let alreadyDecided = try await queries.isDecided(appraisalID)
        let decision: DisposalDecision
        do throws(DisposalError) {
            decision = try DisposalRules.decide(
                appraisal, alreadyDecided: alreadyDecided, approve: approve, reason: reason,
                blocks: standing.blocks, by: staff.id, at: context.clock.nowMilliseconds)
        } catch {
            throw Self.refusal(error)
        }
        do {
            try await store.append(decision, blobSHA256: standing.record.blobSHA256, at: context.clock.nowSeconds)
        } catch {
            if try await queries.isDecided(appraisalID) { throw Self.refusal(.alreadyDecided) }
            throw error
        }
        if decision.approved, let digest = standing.record.blobSHA256 {
            try await removeIfUnneeded(digest)
        }
        return decision
    }

    /// Removes a disposed record's blob unless another record still needs the same bytes. A store
    /// whose retention lock still holds the blob (S3 Object Lock, issue 17 item 1) refuses; the
    /// removal is then left to `finishRemovals` on a day after the lock ends — the disposal itself
    /// (its decision and ledger event) stands.
    func removeIfUnneeded(_ digest: String) async throws {
        guard try await !queries.blobStillNeeded(digest) else { return }
        do {
            try await blobs.remove(digest, at: context.clock.now)
        } catch BlobStoreError.retained {
            return
        }
    }

    /// Finishes removals a crash interrupted (the ledger says disposed, the blob is still there);
    /// run with the daily job. Returns how many blobs were removed.
    @discardableResult
    public func finishRemovals() async throws -> Int {
        var removed = 0
        for digest in Set(try await queries.allDisposals().values) where try await blobs.exists(digest) {
            try await removeIfUnneeded(digest)
            if try await !blobs.exists(digest) { removed += 1 }
        }
        return removed
    }

    /// One line of the appraisal queue or the approval queue.
    public struct QueueItem: Sendable {
        public let standing: RetentionService.Standing
        public let appraisal: DisposalAppraisal?
        public let listedOn: String?
    }

    /// Listed records not yet appraised.
    public func awaitingAppraisal() async throws -> [QueueItem] {
        var items: [QueueItem] = []
        for (recordID, listedOn) in try await queries.awaitingAppraisal() {
            items.append(QueueItem(standing: try await retention.standing(recordID), appraisal: nil, listedOn: listedOn))
        }
        return items
    }

    /// Appraisals proposing disposal that wait for a supervisor.
    public func awaitingDecision() async throws -> [QueueItem] {
        var items: [QueueItem] = []
        for appraisal in try await queries.awaitingDecision() {
            items.append(QueueItem(standing: try await retention.standing(appraisal.recordID), appraisal: appraisal, listedOn: nil))
        }
        return items
    }

    /// The latest disposals, newest first.
    public func recentDisposals(limit: Int = 50) async throws -> [(recordID: UUID, blobSHA256: String, disposedAt: Date, ledgerIndex: Int64)] {
        try await queries.recentDisposals(limit: limit).map { ($0.recordID, $0.blobSHA256, $0.disposedAt, $0.ledgerIndex) }
    }
}
