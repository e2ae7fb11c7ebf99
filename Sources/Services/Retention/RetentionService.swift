import Domain
import FluentKit
import Foundation
import Persistence

/// Retention facts, legal holds and the retention class of each record (SPEC R10; issue 14 items 1,
/// 3 and 5). The rules are `RetentionFactRules`, `RecordRetention` and `DisposalRules`; this reads
/// what they need and stores what they decide.
public struct RetentionService: Sendable {
    let context: ServiceContext
    /// Where the records' blobs are, so that a lengthened retention class lengthens the blob's
    /// Object Lock in the same step (issue 17); nil where the caller only reads.
    let blobs: (any BlobStore)?

    public init(_ context: ServiceContext, blobs: (any BlobStore)? = nil) {
        self.context = context
        self.blobs = blobs
    }

    var queries: RetentionQueries { RetentionQueries(database: context.database) }
    var store: RetentionStore { RetentionStore(ledger: context.ledger) }

    /// Everything about one record's keeping, for its page and for the disposal steps.
    public struct Standing: Sendable {
        public let subject: RetentionQueries.Subject
        public let changes: [RetentionFactChange]
        public let facts: RetentionFacts
        public let holds: [LegalHold]
        public let policy: RetentionPolicy
        public let blocks: [DisposalBlock]
        public let disposedAt: Date?
        public let appraisals: [DisposalAppraisal]
        public let decisions: [DisposalDecision]

        public var record: Record { subject.record }
    }

    /// The archiving of a case: its period and the day it was closed, from which the period counts;
    /// nil while the case is not archived.
    func archive(of caseID: UUID) async throws -> (period: RetentionPeriod, caseClosedOn: CivilDate)? {
        let archives = ArchiveQueries(database: context.database)
        guard let archived = try await archives.archivedPeriod(caseID: caseID) else { return nil }
        let closedOn = try await archives.closure(caseID)?.closure.closedOn ?? archived.archivedOn
        return (archived.period, closedOn)
    }

    public func standing(_ recordID: UUID) async throws -> Standing {
        guard let subject = try await queries.subject(recordID) else { throw ServiceRefusal.notFound("记录资料不存在。") }
        let record = subject.record
        let changes = try await queries.changes(recordID)
        let facts = RetentionFacts(changes: changes)
        let holds = try await queries.activeHolds(recordID: recordID, caseID: record.caseID)
        let policy = RecordRetention.policy(
            record, activityKind: subject.activityKind, capturedOn: subject.capturedOn, facts: facts,
            archive: try await archive(of: record.caseID))
        let disposal = try await queries.disposal(recordID)
        let blocks = DisposalRules.blocks(
            policy: policy, facts: facts, onHold: !holds.isEmpty, hasStoredFile: record.blobSHA256 != nil,
            disposed: disposal != nil, today: context.clock.today)
        return Standing(
            subject: subject, changes: changes, facts: facts, holds: holds, policy: policy, blocks: blocks,
            disposedAt: disposal?.disposedAt, appraisals: try await queries.appraisals(recordID),
            decisions: try await queries.decisions(recordID))
    }

    /// Sets or clears a fact with a reason. Refusals: `not-found`, `forbidden`,
    /// `retention-fact-refused` (422, field `reason` where the reason is the problem).
    public func change(_ recordID: UUID, fact: RetentionFact, holds: Bool, reason: String?, by staff: StaffMember) async throws -> RetentionFactChange {
        try staff.require(.markRetentionFacts)
        guard let record = try await RecordStore(ledger: context.ledger).find(recordID, on: context.database) else {
            throw ServiceRefusal.notFound("记录资料不存在。")
        }
        let current = RetentionFacts(changes: try await queries.changes(record.id))
        let disposed = try await queries.disposal(record.id) != nil
        let change: RetentionFactChange
        do throws(RetentionFactError) {
            change = try RetentionFactRules.change(
                recordID: record.id, current: current, fact: fact, holds: holds, reason: reason, disposed: disposed,
                by: staff, at: context.clock.nowMilliseconds)
        } catch {
            switch error {
            case .clearingNotPermitted:
                throw ServiceRefusal(.forbidden, type: "retention-fact-clearing-not-permitted", detail: error.description + "。")
            case .unchanged, .disposed:
                throw ServiceRefusal(.conflict, type: "retention-fact-unchanged", detail: error.description + "。")
            case .reasonRequired, .reasonTooLong:
                throw ServiceRefusal.invalid("retention-fact-refused", error.description + "。", errors: ["reason": error.description])
            }
        }
        // A lock can only be lengthened, so it is lengthened first: if the fact's event then fails
        // to commit, the blob is merely locked longer than its class needs (SPEC R10; issue 17).
        try await extendLock(of: record.id, facts: RetentionFacts(changes: try await queries.changes(record.id) + [change]))
        try await store.append(change, at: context.clock.nowSeconds)
        return change
    }

    /// Lengthens the Object Lock of the record's blob to what its retention class needs with
    /// `facts` (`BlobLock`): nothing on a store without locks, nothing when the lock already lasts
    /// as long. Returns the lock in force, nil where there is none.
    @discardableResult
    /// `archive`: the case's archiving about to be stored (the archive step), else the stored one.
    public func extendLock(
        of recordID: UUID, facts given: RetentionFacts? = nil,
        archive archiving: (period: RetentionPeriod, caseClosedOn: CivilDate)? = nil
    ) async throws -> Date? {
        guard let blobs, let subject = try await queries.subject(recordID), let digest = subject.record.blobSHA256 else { return nil }
        let facts: RetentionFacts
        if let given { facts = given } else { facts = RetentionFacts(changes: try await queries.changes(recordID)) }
        let stored = try await archive(of: subject.record.caseID)
        let policy = RecordRetention.policy(
            subject.record, activityKind: subject.activityKind, capturedOn: subject.capturedOn, facts: facts,
            archive: archiving ?? stored)
        return try await blobs.extendLock(digest, until: BlobLock.retainUntilInstant(policy, capturedOn: subject.capturedOn))
    }

    /// Places a hold on a record (by id) or a case (by id or 案号). Refusals: `not-found`,
    /// `legal-hold-refused` (422).
    public func placeHold(scope: String?, subject: String?, reason: String?, by staff: StaffMember) async throws -> LegalHold {
        try staff.require(.placeLegalHold)
        let reason = try Self.reason(reason, type: "legal-hold-refused")
        let text = (subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let target: LegalHold.Scope
        switch scope {
        case "record":
            guard let id = UUID(uuidString: text),
                  try await RecordStore(ledger: context.ledger).find(id, on: context.database) != nil else {
                throw ServiceRefusal.invalid("legal-hold-refused", "未找到该记录资料，请填写记录编号。", errors: ["subject": "未找到该记录资料"])
            }
            target = .record(id)
        case "case":
            let cases = try await CaseModel.query(on: context.database).group(.or) { group in
                group.filter(\.$number == text)
                if let id = UUID(uuidString: text) { group.filter(\.$id == id) }
            }.limit(2).all()
            guard cases.count == 1, let id = cases.first?.id else {
                let detail = cases.isEmpty ? "未找到该案件，请填写案号。" : "有多个案件使用该案号，请填写案件编号。"
                throw ServiceRefusal.invalid("legal-hold-refused", detail, errors: ["subject": detail])
            }
            target = .enforcementCase(id)
        default:
            throw ServiceRefusal.invalid("legal-hold-refused", "请选择保留范围：单个记录或整个案件。", errors: ["scope": "请选择保留范围"])
        }
        let hold = LegalHold(scope: target, reason: reason, placedBy: staff.id, placedAt: context.clock.nowMilliseconds)
        try await store.place(hold, at: context.clock.nowSeconds)
        return hold
    }

    /// Ends a hold. Refusals: `not-found`, `legal-hold-released` (409), `legal-hold-refused` (422).
    public func releaseHold(_ holdID: UUID, reason: String?, by staff: StaffMember) async throws {
        try staff.require(.placeLegalHold)
        guard let found = try await queries.hold(holdID) else { throw ServiceRefusal.notFound("法律保留不存在。") }
        guard !found.released else {
            throw ServiceRefusal(.conflict, type: "legal-hold-released", detail: "该法律保留已经解除。")
        }
        let release = LegalHoldRelease(
            holdID: holdID, reason: try Self.reason(reason, type: "legal-hold-refused"), releasedBy: staff.id,
            releasedAt: context.clock.nowMilliseconds)
        do {
            try await store.release(release, at: context.clock.nowSeconds)
        } catch {
            // The unique hold id: someone released it a moment ago.
            if try await queries.hold(holdID)?.released == true {
                throw ServiceRefusal(.conflict, type: "legal-hold-released", detail: "该法律保留已经解除。")
            }
            throw error
        }
    }

    public func activeHolds() async throws -> [LegalHold] {
        try await queries.activeHolds()
    }

    /// `StatedReason` as a refusal of kind `type`.
    static func reason(_ text: String?, type: String) throws -> String {
        switch StatedReason.check(text) {
        case .success(let reason): return reason
        case .failure(.missing): throw ServiceRefusal.invalid(type, "请说明理由。", errors: ["reason": "请说明理由"])
        case .failure(.tooLong(let limit)): throw ServiceRefusal.invalid(type, "理由不得超过\(limit)字。", errors: ["reason": "理由过长"])
        }
    }

    /// One line of the retention calendar.
    public struct CalendarEntry: Sendable {
        public let subject: RetentionQueries.Subject
        public let policy: RetentionPolicy
        public let facts: RetentionFacts
        public let onHold: Bool
        public let disposed: Bool
    }

    /// The records that may come up for disposal — inspection video and the records of archived
    /// cases — earliest disposal day first; those that never will (evidence, disputed, permanent,
    /// must be archived) are left out. `search` matches the case number.
    public func calendar(search: String? = nil) async throws -> [CalendarEntry] {
        let candidates = try await queries.inspectionVideos() + queries.recordsOfArchivedCases()
        var seen = Set<UUID>()
        let subjects = candidates.filter { seen.insert($0.record.id).inserted }
        let ids = subjects.map(\.record.id)
        let facts = try await queries.facts(ids)
        let disposed = try await queries.disposed(ids)
        let holds = try await queries.activeHolds()
        var caseNumbers: [UUID: String] = [:]
        if let search, !search.isEmpty {
            for model in try await CaseModel.query(on: context.database).filter(\.$id ~~ Array(Set(subjects.map(\.record.caseID)))).all() {
                caseNumbers[model.id!] = model.number
            }
        }
        // One archive lookup per case, not per record.
        var archives: [UUID: (period: RetentionPeriod, caseClosedOn: CivilDate)?] = [:]
        for caseID in Set(subjects.map(\.record.caseID)) { archives[caseID] = try await archive(of: caseID) }
        var entries: [CalendarEntry] = []
        for subject in subjects {
            let record = subject.record
            if let search, !search.isEmpty, !(caseNumbers[record.caseID] ?? "").contains(search) { continue }
            let recordFacts = facts[record.id] ?? RetentionFacts()
            let policy = RecordRetention.policy(
                record, activityKind: subject.activityKind, capturedOn: subject.capturedOn, facts: recordFacts,
                archive: archives[record.caseID] ?? nil)
            guard policy.earliestDisposal != nil else { continue }
            entries.append(CalendarEntry(
                subject: subject, policy: policy, facts: recordFacts,
                onHold: holds.contains { $0.covers(recordID: record.id, caseID: record.caseID) },
                disposed: disposed.contains(record.id)))
        }
        return entries.sorted { ($0.policy.earliestDisposal!, $0.subject.record.id.uuidString) < ($1.policy.earliestDisposal!, $1.subject.record.id.uuidString) }
    }
}
