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
        routes.protected(.POST, ["api", "v1", "records", "documents"], action: .createTextRecord, use: createDocument)
        routes.protected(.GET, ["api", "v1", "records", ":id"], action: .viewActivity, use: get)
        routes.protected(.POST, ["api", "v1", "records", ":id", "corrections"], action: .createTextRecord, use: correct)
        routes.protected(.GET, ["api", "v1", "activities", ":id", "records"], action: .viewActivity, use: forActivity)
        routes.protected(.GET, ["api", "v1", "templates"], action: .createTextRecord, use: templates)
        // SPEC R9.5: no route deletes or alters a record; an attempt is refused, logged and kept on the ledger.
        for method in [HTTPMethod.DELETE, .PUT, .PATCH] {
            routes.protected(method, ["api", "v1", "records", ":id"], action: nil, use: refuseChange)
        }
    }

    @Sendable
    func templates(req: Request) async throws -> [DocumentTemplate] {
        DocumentTemplate.all
    }

    @Sendable
    func createDocument(req: Request) async throws -> Response {
        let input = try req.decodeBody(DocumentInput.self)
        let (activity, enforcementCase) = try await CaseService(req.serviceContext).activityAndCase(input.activityId)
        guard let template = DocumentTemplate.named(input.templateId) else {
            throw Problem.unprocessable("unknown-template", "没有文书模板 \(input.templateId)。", errors: ["templateId": "未知模板"])
        }
        // SPEC R4: a document is checked against its template's required fields.
        let problems = template.validate(values: input.values)
        guard problems.isEmpty else {
            throw Problem.unprocessable("document-incomplete", "\(template.title)有 \(problems.count) 处需要补正。", errors: problems)
        }
        let record = Record(
            activityID: activity.id, caseID: enforcementCase.id, counterpartyID: enforcementCase.counterpartyID,
            kind: .document, templateID: template.id, documentValues: input.values,
            sensitivity: input.sensitivity ?? .none, createdBy: try req.user.id)
        let index = try await RecordStore(ledger: req.ledgerWriter).create(record)
        let response = try await RecordBody(record: RecordMetadata(record), ledgerIndex: index, supersededBy: nil).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/records/\(record.id.lowercased)")
        return response
    }

    @Sendable
    func get(req: Request) async throws -> RecordBody {
        let id = try req.uuidParameter("id")
        guard let record = try await RecordStore(ledger: req.ledgerWriter).find(id, on: req.db) else {
            throw Problem.notFound("记录资料不存在。")
        }
        let successor = try await RecordModel.query(on: req.db).filter(\.$supersedesID == id).first()
        return RecordBody(record: RecordMetadata(record), ledgerIndex: nil, supersededBy: successor?.id)
    }

    /// A correction is a new record naming the one it supersedes; both stay (SPEC R9.5, X3).
    @Sendable
    func correct(req: Request) async throws -> Response {
        let input = try req.decodeBody(CorrectionInput.self)
        let store = RecordStore(ledger: req.ledgerWriter)
        let id = try req.uuidParameter("id")
        guard let old = try await store.find(id, on: req.db) else { throw Problem.notFound("记录资料不存在。") }
        guard old.kind == .document, let templateID = old.templateID, let template = DocumentTemplate.named(templateID) else {
            throw Problem.unprocessable("not-correctable", "只有电子文书可以这样更正；照片、音视频请重新上传并说明。")
        }
        if try await RecordModel.query(on: req.db).filter(\.$supersedesID == id).count() > 0 {
            throw Problem(.conflict, type: "already-superseded", title: "与现有数据冲突", detail: "该记录已有更正版本，请更正最新版本。")
        }
        var errors = template.validate(values: input.values)
        if input.reason.trimmingCharacters(in: .whitespaces).isEmpty { errors["reason"] = "请填写更正原因" }
        guard errors.isEmpty else {
            throw Problem.unprocessable("document-incomplete", "更正内容需要补正。", errors: errors)
        }
        var corrected = old
        corrected.id = UUID()
        corrected.documentValues = input.values
        corrected.supersedes = old.id
        corrected.correctionReason = input.reason
        corrected.createdBy = try req.user.id
        let index = try await store.create(corrected)
        return try await RecordBody(record: RecordMetadata(corrected), ledgerIndex: index, supersededBy: nil).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func forActivity(req: Request) async throws -> [RecordMetadata] {
        try await RecordStore(ledger: req.ledgerWriter).forActivity(try req.uuidParameter("id"), on: req.db).map(RecordMetadata.init)
    }

    @Sendable
    func refuseChange(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let user = try req.user
        try await RequireAction.logRefusal(req, userID: user.id, reason: "record \(id.lowercased) may not be deleted or altered (\(req.method.rawValue))")
        // Only attempts on real records go on the permanent ledger, so it cannot be filled with noise.
        guard try await RecordModel.find(id, on: req.db) != nil else { throw Problem.notFound("记录资料不存在。") }
        try await RecordStore(ledger: req.ledgerWriter).recordRefusedDeletion(of: id, by: user.id, method: req.method.rawValue)
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
