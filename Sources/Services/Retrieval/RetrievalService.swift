import Domain
import FluentKit
import Foundation
import Persistence

/// Supervised retrieval (SPEC R9.1, R9.2): opening a record's content needs a stated purpose;
/// sensitive records need a request approved by someone else; every retrieval is stored and on
/// the ledger. `RetrievalRules` decides; this service loads what it needs and stores the outcome.
public struct RetrievalService: Sendable {
    /// A retrieval id lets a player's follow-up Range requests through without a new log row for
    /// every seek, for this long.
    public static let playbackWindow: TimeInterval = 4 * 3600

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: RetrievalStore { RetrievalStore(ledger: context.ledger) }
    var queries: RetrievalQueries { RetrievalQueries(database: context.database) }

    public func record(_ id: UUID) async throws -> Record {
        guard let record = try await RecordStore(ledger: context.ledger).find(id, on: context.database) else {
            throw ServiceRefusal.notFound("记录资料不存在。")
        }
        return record
    }

    /// Decides with `RetrievalRules`, then stores the retrieval and its ledger event together.
    /// Refusals: `approval-required` (forbidden: ask first), `purpose-required` (malformed, field
    /// `purpose`), `retrieval-refused` (forbidden).
    public func open(
        _ record: Record, purpose: RetrievalPurpose?, approvalID: UUID?, clientAddress: String?, by staff: StaffMember
    ) async throws -> UUID {
        let approval = try await approvalID.asyncMap { try await queries.currentRequest($0) } ?? nil
        // The effective marking: the legal section's latest review, else the uploader's (issue 13 item 6).
        let sensitivity = try await SensitivityReviewService(context).effectiveSensitivity(record)
        let decision = RetrievalRules.mayRetrieve(
            userID: staff.id, role: staff.role, recordID: record.id, uploadedByUser: record.createdBy == staff.id,
            purpose: purpose, sensitivity: sensitivity, approval: approval, now: context.clock.now)
        switch decision {
        case .allowed:
            break
        case .needsApproval:
            throw ServiceRefusal(.forbidden, type: "approval-required", title: "需要审批", detail: decision.message)
        case .refused:
            if purpose == nil {
                throw ServiceRefusal(.malformed, type: "purpose-required", title: "不能调阅", detail: decision.message,
                                     errors: ["purpose": "请说明调阅目的"])
            }
            throw ServiceRefusal(.forbidden, type: "retrieval-refused", title: "不能调阅", detail: decision.message)
        }
        return try await store.log(
            record: record.id, by: staff.id, purpose: purpose!, clientAddress: clientAddress, requestID: approval?.id,
            at: context.clock.nowSeconds)
    }

    /// A playback already logged for this person and record, still within `playbackWindow`.
    public func continuing(_ retrievalID: UUID?, record recordID: UUID, by staff: StaffMember) async throws -> UUID? {
        guard let retrievalID, let row = try await queries.retrieval(retrievalID),
              row.userID == staff.id, row.recordID == recordID,
              let at = row.createdAt, context.clock.now.timeIntervalSince(at) < Self.playbackWindow else { return nil }
        return retrievalID
    }

    /// Asks to open a sensitive record (SPEC R9.2).
    public func request(record recordID: UUID, purpose slug: String, purposeText: String?, by staff: StaffMember) async throws -> RetrievalRequest {
        guard let record = try await RecordStore(ledger: context.ledger).find(recordID, on: context.database) else {
            throw ServiceRefusal.invalid("unknown-record", "记录资料不存在。", errors: ["recordId": "不存在"])
        }
        let sensitivity = try await SensitivityReviewService(context).effectiveSensitivity(record)
        let request: RetrievalRequest
        do {
            let purpose = try RetrievalPurpose(slug: slug, text: purposeText)
            request = try RetrievalRequest(
                recordID: record.id, requesterID: staff.id, requesterRole: staff.role, purpose: purpose,
                sensitivity: sensitivity, requestedAt: context.clock.nowMilliseconds)
        } catch {
            throw ServiceRefusal.invalid("invalid-retrieval-request", "\(error)", errors: ["purpose": "\(error)"])
        }
        try await store.request(request, at: context.clock.nowSeconds)
        return request
    }

    /// A request as people need to see it: where it stands, which record of which case, who asked.
    public struct RequestView: Sendable {
        public let request: RetrievalRequest
        public let record: Record?
        public let caseNumber: String?
        public let requesterName: String
    }

    /// `staff`'s own requests, newest first (optionally for one record): the officer's list.
    public func requests(by staff: StaffMember, record recordID: UUID? = nil, limit: Int = 100) async throws -> [RequestView] {
        let query = RetrievalRequestModel.query(on: context.database).filter(\.$requesterID == staff.id)
        if let recordID { query.filter(\.$recordID == recordID) }
        let rows = try await query.sort(\.$createdAt, .descending).limit(limit).all()
        return try await views(rows.compactMap(\.id))
    }

    /// Requests nobody has decided yet, newest first: the approver's list.
    public func undecided(limit: Int = 100) async throws -> [RequestView] {
        let rows = try await RetrievalQueries(database: context.database).undecidedRequests()
            .sort(\.$createdAt, .descending).limit(limit).all()
        return try await views(rows.compactMap(\.id))
    }

    private func views(_ ids: [UUID]) async throws -> [RequestView] {
        let db = context.database
        var views: [RequestView] = []
        for id in ids {
            guard let request = try await queries.currentRequest(id) else { continue }
            let record = try await RecordStore(ledger: context.ledger).find(request.recordID, on: db)
            let caseNumber = try await record.asyncMap { try await CaseModel.find($0.caseID, on: db)?.number } ?? nil
            let name = try await UserModel.find(request.requesterID, on: db)?.displayName ?? ""
            views.append(RequestView(request: request, record: record, caseNumber: caseNumber, requesterName: name))
        }
        return views
    }

    /// Approves or rejects a request; never one's own (`RetrievalRequest.approved`).
    public func decide(_ requestID: UUID, approve: Bool, reason: String?, by staff: StaffMember) async throws -> RetrievalRequest {
        guard let row = try await RetrievalRequestModel.find(requestID, on: context.database) else {
            throw ServiceRefusal.notFound("调阅申请不存在。")
        }
        if try await queries.isDecided(requestID) {
            throw ServiceRefusal(.conflict, type: "already-decided", detail: "该申请已审批。")
        }
        let request = try row.domain()
        let at = context.clock.nowMilliseconds
        let decided: RetrievalRequest
        do {
            decided = approve
                ? try request.approved(by: staff.id, role: staff.role, at: at)
                : try request.rejected(by: staff.id, role: staff.role, at: at, reason: reason ?? "")
        } catch {
            throw ServiceRefusal(.forbidden, type: "decision-refused", title: "无权审批", detail: "\(error)")
        }
        try await store.decide(decided, approved: approve, by: staff.id, at: context.clock.nowSeconds)
        return decided
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
