import Domain
import Fluent
import Persistence
import Vapor

/// Supervised retrieval (SPEC R9.1, R9.2; issue 4 item 7): opening a record's content needs a
/// stated purpose; sensitive records need an approved request; every retrieval is stored and
/// appended to the ledger; video is served with HTTP Range so it can be played and scrubbed.
struct RetrievalController: RouteCollection {
    struct RequestInput: Content {
        let recordId: UUID
        let purpose: String
        let purposeText: String?
    }

    struct DecisionInput: Content {
        let approve: Bool
        let reason: String?
    }

    struct RetrievalRow: Content {
        let id: UUID
        let recordId: UUID
        let userId: UUID
        let purpose: String
        let purposeText: String
        let clientAddress: String?
        let at: Date?
    }

    struct LogQuery: Content {
        var recordId: UUID?
        var userId: UUID?
        var purpose: String?
        var from: String?
        var to: String?
    }

    /// A retrieval id from an earlier response lets the player's follow-up Range requests go
    /// through without a new log row for every seek, for this long.
    static let playbackWindow: TimeInterval = 4 * 3600

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.GET, ["api", "v1", "records", ":id", "content"], action: nil, use: content)
        routes.protected(.POST, ["api", "v1", "retrieval-requests"], action: .requestSensitiveRetrieval, use: request)
        routes.protected(.GET, ["api", "v1", "retrieval-requests"], action: .approveSensitiveRetrieval, use: pending)
        routes.protected(.POST, ["api", "v1", "retrieval-requests", ":id", "decision"], action: .approveSensitiveRetrieval, use: decide)
        routes.protected(.GET, ["api", "v1", "retrievals"], action: .searchRetrievalLog, use: log)
    }

    @Sendable
    func content(req: Request) async throws -> Response {
        let user = try req.user
        let recordID = try req.uuidParameter("id")
        guard let record = try await RecordStore(ledger: req.ledgerWriter).find(recordID, on: req.db) else {
            throw Problem.notFound("记录资料不存在。")
        }
        let continuing = try await Self.continuingRetrieval(req, user: user, recordID: recordID)
        var retrievalID = continuing
        if continuing == nil {
            let purpose: RetrievalPurpose?
            do {
                let slug = req.query[String.self, at: "purpose"]
                purpose = slug == nil ? nil : try RetrievalPurpose(slug: slug, text: req.query[String.self, at: "purposeText"])
            } catch {
                try await RequireAction.logRefusal(req, userID: user.id, reason: "retrieval purpose invalid: \(error)")
                throw Problem.badRequest("invalid-purpose", "\(error)", errors: ["purpose": "\(error)"])
            }
            var approval: RetrievalRequest?
            if let text = req.query[String.self, at: "requestId"], let requestID = UUID(uuidString: text) {
                approval = try await Self.currentRequest(requestID, on: req.db)
            }
            retrievalID = try await Self.authorizeAndLog(req, user: user, record: record, purpose: purpose, approval: approval)
        }
        let response: Response
        if let digest = record.blobSHA256 {
            let path = try req.application.lawTrail.blobStore.url(for: digest).path
            response = try await req.fileio.asyncStreamFile(
                at: path, mediaType: record.mimeType.flatMap(HTTPMediaType.init(mimeString:)))
        } else {
            response = try await (record.documentValues ?? [:]).encodeResponse(for: req)
        }
        response.headers.replaceOrAdd(name: "LawTrail-Retrieval-Id", value: retrievalID!.lowercased)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    /// A follow-up request of a playback already logged (same user, same record, recent).
    static func continuingRetrieval(_ req: Request, user: AuthenticatedUser, recordID: UUID) async throws -> UUID? {
        guard let text = req.query[String.self, at: "retrievalId"], let id = UUID(uuidString: text),
              let row = try await RetrievalModel.find(id, on: req.db),
              row.userID == user.id, row.recordID == recordID,
              let at = row.createdAt, Date().timeIntervalSince(at) < Self.playbackWindow else { return nil }
        return id
    }

    /// Decides with the rules of Domain, then stores the retrieval and its ledger event together
    /// (also used by the staff pages).
    static func authorizeAndLog(
        _ req: Request, user: AuthenticatedUser, record: Record, purpose: RetrievalPurpose?, approval: RetrievalRequest?
    ) async throws -> UUID {
        let decision = RetrievalRules.mayRetrieve(
            userID: user.id, role: user.role, recordID: record.id, uploadedByUser: record.createdBy == user.id,
            purpose: purpose, sensitivity: record.sensitivity, approval: approval, now: Date())
        switch decision {
        case .allowed:
            break
        case .needsApproval:
            try await RequireAction.logRefusal(req, userID: user.id, reason: "retrieval needs approval: \(record.id.lowercased)")
            throw Problem(.forbidden, type: "approval-required", title: "需要审批", detail: decision.message)
        case .refused(let error):
            try await RequireAction.logRefusal(req, userID: user.id, reason: "retrieval refused: \(error)")
            let type = purpose == nil ? "purpose-required" : "retrieval-refused"
            throw Problem(purpose == nil ? .badRequest : .forbidden, type: type, title: "不能调阅", detail: decision.message,
                          errors: purpose == nil ? ["purpose": "请说明调阅目的"] : nil)
        }
        let row = RetrievalModel(
            recordID: record.id, userID: user.id, purpose: purpose!, clientAddress: req.peerAddress?.ipAddress,
            requestID: approval?.id)
        let event = try DomainEvents.retrievalLogged(
            retrievalID: row.id!, recordID: record.id, userID: user.id, purpose: purpose!.kind.rawValue, at: Date())
        try await req.ledgerWriter.append([event]) { db in try await row.create(on: db) }
        return row.id!
    }

    @Sendable
    func request(req: Request) async throws -> Response {
        let input = try req.decodeBody(RequestInput.self)
        let request = try await Self.request(recordID: input.recordId, purpose: input.purpose, purposeText: input.purposeText, req: req)
        return try await request.encodeResponse(status: .created, for: req)
    }

    /// Stores a request to retrieve a sensitive record (also used by the staff pages).
    static func request(recordID: UUID, purpose slug: String, purposeText: String?, req: Request) async throws -> RetrievalRequest {
        let user = try req.user
        guard let record = try await RecordStore(ledger: req.ledgerWriter).find(recordID, on: req.db) else {
            throw Problem.unprocessable("unknown-record", "记录资料不存在。", errors: ["recordId": "不存在"])
        }
        let request: RetrievalRequest
        do {
            let purpose = try RetrievalPurpose(slug: slug, text: purposeText)
            request = try RetrievalRequest(
                recordID: record.id, requesterID: user.id, requesterRole: user.role, purpose: purpose,
                sensitivity: record.sensitivity, requestedAt: Date())
        } catch {
            throw Problem.unprocessable("invalid-retrieval-request", "\(error)")
        }
        let model = try RetrievalRequestModel(request)
        let event = try DomainEvents.created(
            "retrieval.requested", idField: "requestId", id: request.id, content: .string(model.content), at: Date(),
            extra: ["recordId": .string(record.id.lowercased)])
        try await req.ledgerWriter.append([event]) { db in try await model.create(on: db) }
        return request
    }

    @Sendable
    func pending(req: Request) async throws -> Page<RetrievalRequest> {
        let paging = try req.query.decode(PageQuery.self)
        let decided = try await RetrievalDecisionModel.query(on: req.db).all().map(\.requestID)
        let query = RetrievalRequestModel.query(on: req.db).filter(\.$id !~ decided)
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return Page(items: try rows.map { try $0.domain() }, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func decide(req: Request) async throws -> RetrievalRequest {
        let input = try req.decodeBody(DecisionInput.self)
        return try await Self.decide(try req.uuidParameter("id"), approve: input.approve, reason: input.reason, req: req)
    }

    /// Approves or rejects a request (also used by the staff pages); never one's own (Domain).
    static func decide(_ requestID: UUID, approve: Bool, reason: String?, req: Request) async throws -> RetrievalRequest {
        let user = try req.user
        let input = DecisionInput(approve: approve, reason: reason)
        guard let row = try await RetrievalRequestModel.find(requestID, on: req.db) else {
            throw Problem.notFound("调阅申请不存在。")
        }
        if try await RetrievalDecisionModel.query(on: req.db).filter(\.$requestID == requestID).count() > 0 {
            throw Problem(.conflict, type: "already-decided", title: "与现有数据冲突", detail: "该申请已审批。")
        }
        let request = try row.domain()
        let decided: RetrievalRequest
        do {
            decided = input.approve
                ? try request.approved(by: user.id, role: user.role, at: Date())
                : try request.rejected(by: user.id, role: user.role, at: Date(), reason: input.reason ?? "")
        } catch {
            try await RequireAction.logRefusal(req, userID: user.id, reason: "retrieval decision refused: \(error)")
            throw Problem(.forbidden, type: "decision-refused", title: "无权审批", detail: "\(error)")
        }
        let model = try RetrievalDecisionModel(decided, decidedBy: user.id)
        let event = try DomainEvents.created(
            input.approve ? "retrieval.approved" : "retrieval.rejected", idField: "requestId", id: request.id,
            content: .string(model.content), at: Date())
        try await req.ledgerWriter.append([event]) { db in try await model.create(on: db) }
        return decided
    }

    @Sendable
    func log(req: Request) async throws -> Page<RetrievalRow> {
        let paging = try req.query.decode(PageQuery.self)
        let filter = try req.query.decode(LogQuery.self)
        let query = RetrievalModel.query(on: req.db)
        if let recordID = filter.recordId { query.filter(\.$recordID == recordID) }
        if let userID = filter.userId { query.filter(\.$userID == userID) }
        if let purpose = filter.purpose { query.filter(\.$purpose == purpose) }
        if let from = filter.from.flatMap({ CivilDate(iso: $0) }) { query.filter(\.$createdAt >= from.startInstant()) }
        if let to = filter.to.flatMap({ CivilDate(iso: $0) }) { query.filter(\.$createdAt < to.adding(days: 1).startInstant()) }
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return Page(items: rows.map {
            RetrievalRow(id: $0.id!, recordId: $0.recordID, userId: $0.userID, purpose: $0.purpose,
                         purposeText: $0.purposeText, clientAddress: $0.clientAddress, at: $0.createdAt)
        }, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    /// The request as it stands: its decision if one was made, else as asked.
    static func currentRequest(_ id: UUID, on db: any Database) async throws -> RetrievalRequest? {
        if let decision = try await RetrievalDecisionModel.query(on: db).filter(\.$requestID == id).first() {
            return try decision.domain()
        }
        return try await RetrievalRequestModel.find(id, on: db)?.domain()
    }
}

extension RetrievalRequest: Content {}

extension HTTPMediaType {
    init?(mimeString: String) {
        let parts = mimeString.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        self.init(type: String(parts[0]), subType: String(parts[1]))
    }
}
