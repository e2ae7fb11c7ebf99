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
        routes.staff(.GET, URLs.staffRecordPDF.components, action: nil, use: pdf)
        routes.staff(.POST, URLs.staffRecordRetrieve.components, action: nil, use: retrieve)
        routes.staff(.POST, URLs.staffRecordRequest.components, action: .requestSensitiveRetrieval, use: request)
        routes.staff(.GET, URLs.staffRetrievalRequests.components, action: .approveSensitiveRetrieval, use: requests)
        routes.staff(.GET, URLs.staffMyRetrievalRequests.components, action: .requestSensitiveRetrieval, use: myRequests)
        routes.staff(.POST, URLs.staffRetrievalDecision.components, action: .approveSensitiveRetrieval, use: decide)
        routes.staff(.GET, URLs.staffRetrievals.components, action: .searchRetrievalLog, use: log)
    }

    struct Option: Content {
        let value: String
        let label: String
        let selected: Bool
    }

    struct RecordPage: Content {
        struct Field: Content {
            let label: String
            let value: String
            let multiline: Bool
        }
        struct RequestRow: Content {
            let number: String
            let requested: String
            let state: String
            let usable: Bool
        }
        let ctx: StaffContext
        let id: String
        /// The template's title for a document (询问笔录), the kind for media (视频).
        let title: String
        let kindName: String
        let sensitivity: String
        let isSensitive: Bool
        let caseNumber: String
        let activityURL: String
        let purposes: [Option]
        let contentURL: String?
        let pdfURL: String?
        let isVideo: Bool
        let isAudio: Bool
        let isImage: Bool
        /// A document's fields in its template's order, once opened.
        let fields: [Field]
        let isDocument: Bool
        /// The approved request the retrieve form carries for a sensitive record (never typed).
        let approvedRequestID: String?
        let approvedRequestNumber: String?
        /// Whether the person may ask now (sensitive, allowed to ask, nothing pending or approved).
        let canRequest: Bool
        let hasPendingRequest: Bool
        /// Not sensitive, or sensitive with a usable approval: the retrieve form is shown.
        let mayRetrieve: Bool
        let hasMyRequests: Bool
        let myRequests: [RequestRow]
        let myRequestsURL: String
        let message: String?
        /// The uploader's marking, when a review replaced it (issue 13 item 6).
        let uploadedSensitivity: String?
        /// The marking's history: every review, oldest first.
        let reviews: [ReviewRow]
        let hasReviews: Bool
        /// The legal section may confirm or change the marking here.
        let canReview: Bool
        let markings: [Option]
    }

    struct ReviewRow: Content {
        let at: String
        let reviewer: String
        let decision: String
        let change: String
        let reason: String
    }

    static func purposes(selected: String? = nil) -> [Option] {
        RetrievalPurpose.Kind.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0.rawValue == selected) }
    }

    /// A request's number as people read and quote it: the first 8 characters of its id.
    static func number(_ id: UUID) -> String { String(id.uuidString.prefix(8)) }

    static func stateText(_ view: RetrievalService.RequestView, now: Date) -> String {
        switch view.request.state {
        case .requested: "待审批"
        case .approved(_, _, let at):
            view.request.isValid(at: now)
                ? "已批准（\(ShanghaiTime.chinese(at))，\(ShanghaiTime.chinese(at.addingTimeInterval(RetrievalRequest.approvalValidity)))前有效）"
                : "已批准，已过有效期"
        case .rejected(_, _, _, let reason): "不予批准：\(reason)"
        }
    }

    @Sendable
    func record(req: Request) async throws -> View {
        let recordID = try req.uuidParameter("id")
        let record = try await RetrievalService(req.serviceContext).record(recordID)
        let retrieval = try await RetrievalService(req.serviceContext).continuing(
            req.query[String.self, at: "retrievalId"].flatMap(UUID.init(uuidString:)), record: recordID, by: try req.staff)
        return try await render(req, record: record, retrievalID: retrieval, message: req.query[String.self, at: "notice"].flatMap(Self.notice))
    }

    /// Confirmations after a redirect, by a fixed key (never text from the query).
    static func notice(_ key: String) -> String? {
        switch key {
        case "requested": "调阅申请已提交，审批通过后即可在本页调阅，无需填写申请编号。"
        case "reviewed": "已记录审核结果，该记录的标记以本次审核为准。"
        default: nil
        }
    }

    private func render(_ req: Request, record: Record, retrievalID: UUID?, message: String?) async throws -> View {
        let staff = try req.staff
        let services = req.serviceContext
        let mime = record.mimeType ?? ""
        let template = record.templateID.flatMap(DocumentTemplate.named)
        var fields: [RecordPage.Field] = []
        if retrievalID != nil, let values = record.documentValues {
            // The template's order (issue 10 item 7), then anything the template no longer names.
            let known = template?.fields ?? []
            fields = known.compactMap { field in
                values[field.key].map { RecordPage.Field(label: field.label, value: $0, multiline: field.kind == .multiline) }
            } + values.keys.filter { key in !known.contains { $0.key == key } }.sorted().map {
                RecordPage.Field(label: $0, value: values[$0] ?? "", multiline: false)
            }
        }
        // The effective marking: the legal section's latest review, else the uploader's (issue 13 item 6).
        let reviews = try await SensitivityReviewService(services).history(record.id)
        let effective = try await SensitivityReviewService(services).effectiveSensitivity(record, reviews: reviews)
        var reviewerNames: [UUID: String] = [:]
        for id in Set(reviews.map(\.reviewedBy)) {
            reviewerNames[id] = try await UserModel.find(id, on: req.db)?.displayName ?? ""
        }
        let sensitive = effective.requiresApproval
        let mine = sensitive ? try await RetrievalService(services).requests(by: staff, record: record.id, limit: 10) : []
        let now = services.clock.now
        let usable = mine.first { $0.request.isValid(at: now) }
        let pending = mine.contains { $0.request.state == .requested }
        let caseNumber = try await CaseService(services).enforcementCase(record.caseID).number
        return try await req.view.render("staff/record", RecordPage(
            ctx: try StaffContext(req), id: record.id.uuidString.lowercased(),
            title: template?.title ?? record.kind.chineseName, kindName: record.kind.chineseName,
            sensitivity: effective.chineseName, isSensitive: sensitive, caseNumber: caseNumber,
            activityURL: URLs.staffActivity.path(record.activityID), purposes: Self.purposes(),
            contentURL: retrievalID.map { URLs.apiRecordContent.path(record.id) + "?retrievalId=\($0.uuidString.lowercased())" },
            pdfURL: retrievalID.map { URLs.staffRecordPDF.path(record.id) + "?retrievalId=\($0.uuidString.lowercased())" },
            isVideo: mime.hasPrefix("video/"), isAudio: mime.hasPrefix("audio/"), isImage: mime.hasPrefix("image/"),
            fields: fields, isDocument: record.kind == .document,
            approvedRequestID: usable?.request.id.uuidString.lowercased(), approvedRequestNumber: usable.map { Self.number($0.request.id) },
            canRequest: sensitive && staff.may(.requestSensitiveRetrieval) && usable == nil && !pending,
            hasPendingRequest: pending, mayRetrieve: !sensitive || usable != nil, hasMyRequests: !mine.isEmpty,
            myRequests: mine.map { .init(number: Self.number($0.request.id), requested: ShanghaiTime.chinese($0.request.requestedAt),
                                         state: Self.stateText($0, now: now), usable: $0.request.isValid(at: now)) },
            myRequestsURL: URLs.staffMyRetrievalRequests.url, message: message,
            uploadedSensitivity: reviews.isEmpty ? nil : record.sensitivity.chineseName,
            reviews: reviews.map { review in
                .init(at: ShanghaiTime.chinese(review.reviewedAt), reviewer: reviewerNames[review.reviewedBy] ?? "",
                      decision: review.decision.chineseName,
                      change: review.decision == .changed ? "\(review.previous.chineseName) → \(review.marking.chineseName)" : review.marking.chineseName,
                      reason: review.reason ?? "")
            },
            hasReviews: !reviews.isEmpty, canReview: staff.may(.reviewSensitivity),
            markings: SensitivityReviewPages.markings(selected: effective)))
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
        let record = try await RetrievalService(req.serviceContext).record(recordID)
        let user = try req.user
        let purpose: RetrievalPurpose
        do {
            purpose = try RetrievalPurpose(slug: form.purpose, text: form.purposeText?.isEmpty == true ? nil : form.purposeText)
        } catch {
            return try await render(req, record: record, retrievalID: nil, message: "\(error)")
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            let retrieval = try await req.loggingRefusal("retrieval of \(recordID.uuidString.lowercased())") {
                try await RetrievalService(req.serviceContext).open(
                    record, purpose: purpose, approvalID: form.requestId.flatMap(UUID.init(uuidString:)),
                    clientAddress: req.clientAddress, by: user.staffMember)
            }
            return req.redirect(to: URLs.staffRecord.path(recordID) + "?retrievalId=\(retrieval.uuidString.lowercased())", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, record: record, retrievalID: nil, message: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    @Sendable
    func request(req: Request) async throws -> Response {
        let form = try req.content.decode(PurposeForm.self)
        let recordID = try req.uuidParameter("id")
        let record = try await RetrievalService(req.serviceContext).record(recordID)
        do {
            _ = try await RetrievalService(req.serviceContext).request(
                record: recordID, purpose: form.purpose ?? "", purposeText: form.purposeText?.isEmpty == true ? nil : form.purposeText,
                by: try req.staff)
            return req.redirect(to: URLs.staffRecord.path(recordID) + "?notice=requested", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, record: record, retrievalID: nil, message: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    /// The opened document as a PDF (issue 10 item 7): only within a retrieval already logged for
    /// this person and record, like the media content.
    @Sendable
    func pdf(req: Request) async throws -> Response {
        let recordID = try req.uuidParameter("id")
        let services = req.serviceContext
        let record = try await RetrievalService(services).record(recordID)
        guard try await RetrievalService(services).continuing(
            req.query[String.self, at: "retrievalId"].flatMap(UUID.init(uuidString:)), record: recordID, by: try req.staff) != nil,
            let values = record.documentValues, let template = record.templateID.flatMap(DocumentTemplate.named) else {
            return try await StaffPages.message(req, status: .forbidden, title: "请先调阅", text: "请先在记录页面说明调阅目的并打开文书，再下载 PDF。")
        }
        let fields = template.fields.compactMap { field in values[field.key].map { (label: field.label, value: $0) } }
        let caseNumber = try await CaseService(services).enforcementCase(record.caseID).number
        let html = DocumentPDF.html(title: template.title, bureau: services.bureau.name, caseNumber: caseNumber, fields: fields)
        do {
            let data = try await DocumentPDF.render(html, in: req.application.lawTrail.dataDirectory.tmp, on: req.application.threadPool)
            let response = Response(status: .ok, body: .init(data: data))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
            response.headers.setAttachment(filename: "document-\(recordID.uuidString.prefix(8).lowercased()).pdf")
            response.headers.cacheControl = .init(noStore: true)
            return response
        } catch is DocumentPDF.Unavailable {
            return try await StaffPages.message(req, status: .serviceUnavailable, title: "暂不能生成 PDF",
                                                text: "服务器未安装 PDF 生成组件。请使用页面上的“打印”，在打印对话框中选择“另存为 PDF”。")
        }
    }

    // MARK: My requests

    struct MyRequestsPage: Content {
        struct Row: Content {
            let number: String
            let recordURL: String
            let record: String
            let caseNumber: String
            let purpose: String
            let requested: String
            let state: String
            let usable: Bool
        }
        let ctx: StaffContext
        let rows: [Row]
        let count: Int
    }

    /// The officer's own requests and where each stands; an approved one links straight to the
    /// record, which then opens without typing anything (issue 10 item 2).
    @Sendable
    func myRequests(req: Request) async throws -> View {
        let services = req.serviceContext
        let now = services.clock.now
        let views = try await RetrievalService(services).requests(by: try req.staff)
        return try await req.view.render("staff/my-retrieval-requests", MyRequestsPage(
            ctx: try StaffContext(req),
            rows: views.map { view in
                .init(number: Self.number(view.request.id), recordURL: URLs.staffRecord.path(view.request.recordID),
                      record: Self.recordTitle(view.record), caseNumber: view.caseNumber ?? "",
                      purpose: view.request.purpose.chineseDescription, requested: ShanghaiTime.chinese(view.request.requestedAt),
                      state: Self.stateText(view, now: now), usable: view.request.isValid(at: now))
            }, count: views.count))
    }

    static func recordTitle(_ record: Record?) -> String {
        guard let record else { return "—" }
        return record.templateID.flatMap(DocumentTemplate.named)?.title ?? record.kind.chineseName
    }

    // MARK: Approvals

    struct RequestsPage: Content {
        struct Row: Content {
            let id: String
            let number: String
            let recordURL: String
            let record: String
            let caseNumber: String
            let purpose: String
            let sensitivity: String
            let requested: String
            let requester: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let count: Int
        let message: String?
        let confirmation: String?
    }

    @Sendable
    func requests(req: Request) async throws -> View {
        let confirmation: String? = switch req.query[String.self, at: "done"] {
        case "approved": "已批准。申请人现在可以在记录页面直接调阅。"
        case "rejected": "已不予批准，理由已告知申请人。"
        default: nil
        }
        return try await renderRequests(req, message: nil, confirmation: confirmation)
    }

    /// The approver sees which record of which case is asked for, by whom and why.
    private func renderRequests(_ req: Request, message: String?, confirmation: String? = nil) async throws -> View {
        let views = try await RetrievalService(req.serviceContext).undecided()
        let rows = views.map { view in
            RequestsPage.Row(
                id: view.request.id.uuidString.lowercased(), number: Self.number(view.request.id),
                recordURL: URLs.staffRecord.path(view.request.recordID), record: Self.recordTitle(view.record),
                caseNumber: view.caseNumber ?? "", purpose: view.request.purpose.chineseDescription,
                sensitivity: view.request.sensitivity.chineseName, requested: ShanghaiTime.chinese(view.request.requestedAt),
                requester: "\(view.requesterName)（\(view.request.requesterRole.chineseName)）")
        }
        return try await req.view.render("staff/retrieval-requests", RequestsPage(
            ctx: try StaffContext(req), rows: rows, count: rows.count, message: message, confirmation: confirmation))
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
            return req.redirect(to: URLs.staffRetrievalRequests.url + (form.approve == "1" ? "?done=approved" : "?done=rejected"), redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderRequests(req, message: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
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
