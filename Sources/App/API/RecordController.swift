import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Text records from templates, record metadata, corrections as new versions, and the refusal
/// of every delete or change (SPEC R4, R9.5; issue 4 items 2 and 6).
struct RecordController: RouteCollection {
    struct DocumentInput: Content {
        let activityId: UUID
        let templateId: String
        let values: [String: String]
        let sensitivity: Sensitivity?
    }

    struct CorrectionInput: Content {
        let values: [String: String]
        let reason: String
    }

    struct RecordBody: Content {
        let record: RecordMetadata
        let ledgerIndex: UInt64?
        let supersededBy: UUID?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, URLs.apiDocuments.components, action: .createTextRecord, use: createDocument)
        routes.protected(.GET, URLs.apiRecord.components, action: .viewActivity, use: get)
        routes.protected(.POST, URLs.apiRecordCorrections.components, action: .createTextRecord, use: correct)
        routes.protected(.GET, URLs.apiActivityRecords.components, action: .viewActivity, use: forActivity)
        routes.protected(.GET, URLs.apiTemplates.components, action: .createTextRecord, use: templates)
        // SPEC R9.5: no route deletes or alters a record; an attempt is refused, logged and kept on the ledger.
        for method in [HTTPMethod.DELETE, .PUT, .PATCH] {
            routes.protected(method, URLs.apiRecord.components, action: nil, use: refuseChange)
        }
    }

    @Sendable
    func templates(req: Request) async throws -> [DocumentTemplate] {
        DocumentTemplate.all
    }

    @Sendable
    func createDocument(req: Request) async throws -> Response {
        let input = try req.decodeBody(DocumentInput.self)
        let (record, index) = try await RecordService(req.serviceContext).createDocument(
            activityID: input.activityId, templateID: input.templateId, values: input.values,
            sensitivity: input.sensitivity ?? .none, by: try req.staff)
        let response = try await RecordBody(record: RecordMetadata(record), ledgerIndex: index, supersededBy: nil).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: URLs.apiRecord.path(record.id))
        return response
    }

    @Sendable
    func get(req: Request) async throws -> RecordBody {
        let service = RecordService(req.serviceContext)
        let record = try await service.record(try req.uuidParameter("id"))
        return RecordBody(record: RecordMetadata(record), ledgerIndex: nil, supersededBy: try await service.successor(of: record.id))
    }

    /// A correction is a new record naming the one it supersedes; both stay (SPEC R9.5, X3).
    @Sendable
    func correct(req: Request) async throws -> Response {
        let input = try req.decodeBody(CorrectionInput.self)
        let (corrected, index) = try await RecordService(req.serviceContext)
            .correct(try req.uuidParameter("id"), values: input.values, reason: input.reason, by: try req.staff)
        return try await RecordBody(record: RecordMetadata(corrected), ledgerIndex: index, supersededBy: nil).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func forActivity(req: Request) async throws -> [RecordMetadata] {
        try await RecordService(req.serviceContext).records(ofActivity: try req.uuidParameter("id")).map(RecordMetadata.init)
    }

    @Sendable
    func refuseChange(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let user = try req.user
        try await RefusalLog.record(req, userID: user.id, reason: "record \(id.lowercased) may not be deleted or altered (\(req.method.rawValue))")
        try await RecordService(req.serviceContext).refuseChange(of: id, method: req.method.rawValue, by: user.id)
        let response = ProblemMiddleware.response(for: Problem(
            .methodNotAllowed, type: "record-immutable", title: "不允许的操作",
            detail: "记录资料不得删除或修改（全过程记录办法）。如需更正，请提交更正版本；本次尝试已记录。"))
        response.headers.replaceOrAdd(name: .allow, value: "GET")
        return response
    }
}

extension Record: Content {}

/// What record listings show: everything but a document's values, which are content and are
/// opened only through the supervised `/content` route (SPEC R9.2, X4).
struct RecordMetadata: Content {
    let id: UUID
    let activityID: UUID
    let caseID: UUID
    let counterpartyID: UUID
    let kind: Record.Kind
    let templateID: String?
    let blobSHA256: String?
    let byteCount: Int64?
    let mimeType: String?
    let deviceID: UUID?
    let officerID: UUID?
    let captureStart: Date?
    let captureEnd: Date?
    let sensitivity: Sensitivity
    let supersedes: UUID?
    let correctionReason: String?
    let createdBy: UUID

    init(_ record: Record) {
        id = record.id
        activityID = record.activityID
        caseID = record.caseID
        counterpartyID = record.counterpartyID
        kind = record.kind
        templateID = record.templateID
        blobSHA256 = record.blobSHA256
        byteCount = record.byteCount
        mimeType = record.mimeType
        deviceID = record.deviceID
        officerID = record.officerID
        captureStart = record.captureStart
        captureEnd = record.captureEnd
        sensitivity = record.sensitivity
        supersedes = record.supersedes
        correctionReason = record.correctionReason
        createdBy = record.createdBy
    }
}
extension DocumentTemplate: Content {}
