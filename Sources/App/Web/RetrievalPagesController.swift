import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Retrieval in the browser (issue 6 item 5; SPEC R9.2): opening a record asks for the purpose
/// first; a sensitive record shows the request-and-approve flow; video and audio play in the page
/// with seeking (HTTP Range on the content API, one log row per playback); approvers decide
/// requests; supervisors search and filter the retrieval log, export it, and see retrievals per purpose.
struct RetrievalPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        // Any staff member may ask; Domain's `RetrievalRules` decide (own uploads, roles, approvals).
        routes.staff(.GET, URLs.staffRecord.components, action: nil, use: record)
        routes.staff(.POST, URLs.staffRecordRetrieve.components, action: nil, use: retrieve)
        routes.staff(.POST, URLs.staffRecordRequest.components, action: .requestSensitiveRetrieval, use: request)
        routes.staff(.GET, URLs.staffRetrievalRequests.components, action: .approveSensitiveRetrieval, use: requests)
        routes.staff(.POST, URLs.staffRetrievalDecision.components, action: .approveSensitiveRetrieval, use: decide)
        routes.staff(.GET, URLs.staffRetrievals.components, action: .searchRetrievalLog, use: log)
    }

    struct Option: Content {
        let value: String
        let label: String
        let selected: Bool
    }

    struct RecordPage: Content {
        let ctx: StaffContext
        let id: String
        let kindName: String
        let mimeType: String
        let sensitivity: String
        let activityURL: String
        let purposes: [Option]
        let contentURL: String?
        let isVideo: Bool
        let isAudio: Bool
        let isImage: Bool
        let document: [String]
        let needsApproval: Bool
        let approvedRequestID: String?
        let message: String?
    }

    static func purposes(selected: String? = nil) -> [Option] {
        RetrievalPurpose.Kind.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0.rawValue == selected) }
    }

    @Sendable
    func record(req: Request) async throws -> View {
        let recordID = try req.uuidParameter("id")
        guard let record = try await RecordStore(ledger: req.ledgerWriter).find(recordID, on: req.db) else { throw Abort(.notFound) }
        let user = try req.user
        let retrieval = try await RetrievalService(req.serviceContext).continuing(
            req.query[String.self, at: "retrievalId"].flatMap(UUID.init(uuidString:)), record: recordID, by: user.staffMember)
        return try await render(req, record: record, retrievalID: retrieval, needsApproval: false, message: nil)
    }

    private func render(
        _ req: Request, record: Record, retrievalID: UUID?, needsApproval: Bool, message: String?,
        approvedRequest: UUID? = nil
    ) async throws -> View {
        let mime = record.mimeType ?? ""
        var document: [String] = []
        if retrievalID != nil, let values = record.documentValues {
            let template = record.templateID.flatMap(DocumentTemplate.named)
            document = values.keys.sorted().map { key in "\(template?.fields.first { $0.key == key }?.label ?? key)：\(values[key] ?? "")" }
        }
        return try await req.view.render("staff/record", RecordPage(
            ctx: try StaffContext(req), id: record.id.uuidString.lowercased(), kindName: record.kind.chineseName,
            mimeType: mime.isEmpty ? "文书" : mime, sensitivity: record.sensitivity.chineseName,
            activityURL: URLs.staffActivity.path(record.activityID), purposes: Self.purposes(),
            contentURL: retrievalID.map { URLs.apiRecordContent.path(record.id) + "?retrievalId=\($0.uuidString.lowercased())" },
            isVideo: mime.hasPrefix("video/"), isAudio: mime.hasPrefix("audio/"), isImage: mime.hasPrefix("image/"),
            document: document, needsApproval: needsApproval, approvedRequestID: approvedRequest?.uuidString.lowercased(),
            message: message))
    }

    struct PurposeForm: Content {
        var purpose: String?
        var purposeText: String?
        var requestId: String?
    }

    @Sendable
    func retrieve(req: Request) async throws -> Response {
        let form = try req.content.decode(PurposeForm.self)
        let recordID = try req.uuidParameter("id")
        guard let record = try await RecordStore(ledger: req.ledgerWriter).find(recordID, on: req.db) else { throw Abort(.notFound) }
        let user = try req.user
        let purpose: RetrievalPurpose
        do {
            purpose = try RetrievalPurpose(slug: form.purpose, text: form.purposeText?.isEmpty == true ? nil : form.purposeText)
        } catch {
            return try await render(req, record: record, retrievalID: nil, needsApproval: false, message: "\(error)")
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            let retrieval = try await req.loggingRefusal("retrieval of \(recordID.uuidString.lowercased())") {
                try await RetrievalService(req.serviceContext).open(
                    record, purpose: purpose, approvalID: form.requestId.flatMap(UUID.init(uuidString:)),
                    clientAddress: req.peerAddress?.ipAddress, by: user.staffMember)
            }
            return req.redirect(to: URLs.staffRecord.path(recordID) + "?retrievalId=\(retrieval.uuidString.lowercased())", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, record: record, retrievalID: nil, needsApproval: refusal.type == "approval-required",
                                    message: refusal.detail).encodeResponse(status: HTTPResponseStatus(statusCode: Problem(refusal).status), for: req)
        }
    }

    @Sendable
    func request(req: Request) async throws -> Response {
        let form = try req.content.decode(PurposeForm.self)
        let recordID = try req.uuidParameter("id")
        guard let record = try await RecordStore(ledger: req.ledgerWriter).find(recordID, on: req.db) else { throw Abort(.notFound) }
        do {
            _ = try await RetrievalService(req.serviceContext).request(
                record: recordID, purpose: form.purpose ?? "", purposeText: form.purposeText?.isEmpty == true ? nil : form.purposeText,
                by: try req.staff)
            return try await render(req, record: record, retrievalID: nil, needsApproval: false,
                                    message: "调阅申请已提交，审批通过后可在“调阅审批”结果通知中打开。").encodeResponse(status: .created, for: req)
        } catch let refusal as ServiceRefusal {
            return try await render(req, record: record, retrievalID: nil, needsApproval: true, message: refusal.detail)
                .encodeResponse(status: HTTPResponseStatus(statusCode: Problem(refusal).status), for: req)
        }
    }

    // MARK: Approvals

    struct RequestsPage: Content {
        struct Row: Content {
            let id: String
            let recordURL: String
            let purpose: String
            let sensitivity: String
            let requested: String
            let requester: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let message: String?
    }

    @Sendable
    func requests(req: Request) async throws -> View {
        try await renderRequests(req, message: nil)
    }

    private func renderRequests(_ req: Request, message: String?) async throws -> View {
        let decided = try await RetrievalDecisionModel.query(on: req.db).all().map(\.requestID)
        let rows = try await RetrievalRequestModel.query(on: req.db).filter(\.$id !~ decided)
            .sort(\.$createdAt, .descending).limit(100).all().map { try $0.domain() }
        var items: [RequestsPage.Row] = []
        for request in rows {
            let requester = try await UserModel.find(request.requesterID, on: req.db)?.displayName ?? ""
            items.append(.init(
                id: request.id.uuidString.lowercased(), recordURL: URLs.staffRecord.path(request.recordID),
                purpose: request.purpose.chineseDescription, sensitivity: request.sensitivity.chineseName,
                requested: ShanghaiTime.chinese(request.requestedAt), requester: "\(requester)（\(request.requesterRole.chineseName)）"))
        }
        return try await req.view.render("staff/retrieval-requests", RequestsPage(ctx: try StaffContext(req), rows: items, message: message))
    }

    struct DecisionForm: Content {
        var approve: String?
        var reason: String?
    }

    @Sendable
    func decide(req: Request) async throws -> Response {
        let form = try req.content.decode(DecisionForm.self)
        do {
            let id = try req.uuidParameter("id")
            _ = try await req.loggingRefusal("retrieval decision") {
                try await RetrievalService(req.serviceContext).decide(id, approve: form.approve == "1", reason: form.reason, by: try req.staff)
            }
            return req.redirect(to: URLs.staffRetrievalRequests.url, redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderRequests(req, message: refusal.detail)
                .encodeResponse(status: HTTPResponseStatus(statusCode: Problem(refusal).status), for: req)
        }
    }

    // MARK: The log

    struct LogPage: Content {
        struct Row: Content {
            let at: String
            let user: String
            let recordURL: String
            let purpose: String
            let client: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let purposes: [Option]
        let from: String
        let to: String
        let csvURL: String
        let chart: String
        let counts: [Option]
        let page: Int
        let previousURL: String?
        let nextURL: String?
    }

    @Sendable
    func log(req: Request) async throws -> Response {
        let purpose = req.query[String.self, at: "purpose"].flatMap { RetrievalPurpose.Kind(rawValue: $0) }
        let from = req.query[String.self, at: "from"].flatMap { CivilDate(iso: $0) }
        let to = req.query[String.self, at: "to"].flatMap { CivilDate(iso: $0) }
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        func filtered() -> QueryBuilder<RetrievalModel> {
            let query = RetrievalModel.query(on: req.db)
            if let purpose { query.filter(\.$purpose == purpose.rawValue) }
            if let from { query.filter(\.$createdAt >= from.startInstant()) }
            if let to { query.filter(\.$createdAt < to.adding(days: 1).startInstant()) }
            return query
        }
        let userNames = Dictionary(try await UserModel.query(on: req.db).all().map { (try $0.requireID(), $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let text = { (row: RetrievalModel) in
            [row.createdAt.map(ShanghaiTime.chinese) ?? "—", userNames[row.userID] ?? row.userID.uuidString,
             row.recordID.uuidString.lowercased(),
             (RetrievalPurpose.Kind(rawValue: row.purpose)?.chineseName ?? row.purpose) + (row.purposeText.isEmpty ? "" : "（\(row.purposeText)）"),
             row.clientAddress ?? ""]
        }
        if req.query[String.self, at: "format"] == "csv" {
            let rows = try await filtered().sort(\.$createdAt, .descending).limit(100_000).all()
            return Response.csv(
                CSVDocument.data(header: ["时间", "调阅人", "记录", "目的", "来源地址"], rows: rows.map(text)), name: "retrievals.csv")
        }
        let rows = try await filtered().sort(\.$createdAt, .descending).range(((page - 1) * 50)..<(page * 50 + 1)).all()
        var counts: [Option] = []
        for kind in RetrievalPurpose.Kind.allCases {
            let n = try await filtered().filter(\.$purpose == kind.rawValue).count()
            counts.append(.init(value: String(n), label: kind.chineseName, selected: false))
        }
        let chart = SVGBarChart(
            title: "按调阅目的统计", labels: counts.map(\.label),
            series: [.init(name: "调阅次数", colour: "#1f3a5f", values: counts.map { Int($0.value) ?? 0 })]).render()
        var query = URLComponents()
        query.queryItems = [("purpose", purpose?.rawValue), ("from", from?.description), ("to", to?.description)]
            .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        let base = URLs.staffRetrievals.url + "?" + (query.percentEncodedQuery.map { $0 + "&" } ?? "")
        return try await req.view.render("staff/retrievals", LogPage(
            ctx: try StaffContext(req),
            rows: rows.prefix(50).map { row in
                let t = text(row)
                return .init(at: t[0], user: t[1], recordURL: URLs.staffRecord.path(t[2]), purpose: t[3], client: t[4])
            },
            purposes: Self.purposes(selected: purpose?.rawValue), from: from?.description ?? "", to: to?.description ?? "",
            csvURL: base + "format=csv", chart: chart, counts: counts, page: page,
            previousURL: page > 1 ? base + "page=\(page - 1)" : nil, nextURL: rows.count > 50 ? base + "page=\(page + 1)" : nil
        )).encodeResponse(for: req)
    }
}
