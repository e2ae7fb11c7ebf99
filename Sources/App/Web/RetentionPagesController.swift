import Domain
import Persistence
import Services
import Vapor

/// Keeping and disposing of records in the browser (SPEC R10, X3; issue 14 items 1, 3 and 5): a
/// record's retention (its class, its facts with their history, holds, appraisals), the retention
/// calendar, the appraisal and approval desk, and legal holds. Every step is a row and a ledger
/// event; every refusal re-renders the page with what was typed and says why.
struct RetentionPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffRecordRetention.components, action: nil, use: record)
        routes.staff(.POST, URLs.staffRecordRetentionFacts.components, action: .markRetentionFacts, use: changeFact)
        routes.staff(.POST, URLs.staffRecordDisposalAppraisal.components, action: .appraiseDisposal, use: appraise)
        routes.staff(.GET, URLs.staffRetention.components, action: .viewRetention, use: calendar)
        routes.staff(.GET, URLs.staffDisposal.components, action: .viewRetention, use: desk)
        routes.staff(.POST, URLs.staffDisposalDecision.components, action: .approveDisposal, use: decide)
        routes.staff(.GET, URLs.staffLegalHolds.components, action: .viewRetention, use: holds)
        routes.staff(.POST, URLs.staffLegalHolds.components, action: .placeLegalHold, use: placeHold)
        routes.staff(.POST, URLs.staffLegalHoldRelease.components, action: .placeLegalHold, use: releaseHold)
    }

    static func disposalServices(_ req: Request) -> DisposalService {
        DisposalService(req.serviceContext, blobs: req.application.lawTrail.blobs)
    }

    /// Confirmations after a redirect, by a fixed key (never text from the query).
    static func notice(_ key: String?) -> String? {
        switch key {
        case "fact": "已记录，保管期限按新的事实重新确定。"
        case "appraised": "鉴定意见已记录。建议销毁的，须由局领导/监督人员审批。"
        case "approved": "已批准销毁：文件已删除，记录的元数据和哈希值保留，销毁事件已记入防篡改账本。"
        case "refused": "已不予批准，记录继续保存。"
        case "placed": "法律保留已设置，所涉记录不得销毁。"
        case "released": "法律保留已解除。"
        default: nil
        }
    }

    // MARK: One record

    struct RecordPage: Content {
        struct Line: Content {
            let at: String
            let who: String
            let text: String
            let reason: String
        }
        struct FactRow: Content {
            let slug: String
            let name: String
            let holds: Bool
        }
        let ctx: StaffContext
        let id: String
        let title: String
        let caseNumber: String
        let recordURL: String
        let captured: String
        let retentionClass: String
        let lastDayKept: String?
        let disposed: String?
        let facts: [FactRow]
        let history: [Line]
        let holds: [Line]
        let blocks: [String]
        let appraisals: [Line]
        let canMark: Bool
        let canClear: Bool
        let canAppraise: Bool
        let message: String?
        let confirmation: String?
        let reason: String
    }

    @Sendable
    func record(req: Request) async throws -> View {
        let staff = try req.staff
        guard staff.may(.markRetentionFacts) || staff.may(.viewRetention) else {
            throw Abort(.forbidden, reason: "您的角色无权查看记录的保管情况。")
        }
        return try await renderRecord(req, try req.uuidParameter("id"), message: nil, reason: "",
                                      confirmation: Self.notice(req.query[String.self, at: "done"]))
    }

    private func renderRecord(_ req: Request, _ recordID: UUID, message: String?, reason: String, confirmation: String? = nil) async throws -> View {
        let staff = try req.staff
        let standing = try await RetentionService(req.serviceContext).standing(recordID)
        let record = standing.record
        var names: [UUID: String] = [:]
        let people = Set(standing.changes.map(\.changedBy) + standing.holds.map(\.placedBy) + standing.appraisals.map(\.appraisedBy) + standing.decisions.map(\.decidedBy))
        for id in people { names[id] = try await UserModel.find(id, on: req.db)?.displayName ?? "" }
        let caseNumber = try await CaseService(req.serviceContext).enforcementCase(record.caseID).number
        let decisions = Dictionary(standing.decisions.map { ($0.appraisalID, $0) }, uniquingKeysWith: { a, _ in a })
        return try await req.view.render("staff/record-retention", RecordPage(
            ctx: try StaffContext(req), id: record.id.uuidString.lowercased(),
            title: RetrievalPagesController.recordTitle(record), caseNumber: caseNumber,
            recordURL: URLs.staffRecord.path(record.id), captured: standing.subject.capturedOn.chinese,
            retentionClass: standing.policy.message, lastDayKept: standing.policy.lastDayKept?.chinese,
            disposed: standing.disposedAt.map(ShanghaiTime.chinese),
            facts: RetentionFact.allCases.map { .init(slug: $0.rawValue, name: $0.chineseName, holds: standing.facts[$0]) },
            history: standing.changes.reversed().map {
                .init(at: ShanghaiTime.chinese($0.changedAt), who: names[$0.changedBy] ?? "",
                      text: ($0.holds ? "标记为" : "取消") + "“\($0.fact.chineseName)”", reason: $0.reason)
            },
            holds: standing.holds.map {
                .init(at: ShanghaiTime.chinese($0.placedAt), who: names[$0.placedBy] ?? "",
                      text: $0.scope.kind == "case" ? "整个案件" : "本记录", reason: $0.reason)
            },
            blocks: standing.blocks.map(\.description),
            appraisals: standing.appraisals.reversed().map { appraisal in
                let decision = decisions[appraisal.id]
                let outcome = decision.map { $0.approved ? "；已批准销毁（\(names[$0.decidedBy] ?? "")）" : "；不予批准（\(names[$0.decidedBy] ?? "")：\($0.reason)）" }
                    ?? (appraisal.conclusion == .dispose ? "；待审批" : "")
                return .init(at: ShanghaiTime.chinese(appraisal.appraisedAt), who: names[appraisal.appraisedBy] ?? "",
                             text: appraisal.conclusion.chineseName + outcome, reason: appraisal.reason)
            },
            canMark: staff.may(.markRetentionFacts) && standing.disposedAt == nil,
            canClear: RetentionFactRules.mayClear(staff.role) && standing.disposedAt == nil,
            canAppraise: staff.may(.appraiseDisposal) && standing.disposedAt == nil,
            message: message, confirmation: confirmation, reason: reason))
    }

    struct FactForm: Content {
        var fact: String?
        var holds: String?
        var reason: String?
    }

    @Sendable
    func changeFact(req: Request) async throws -> Response {
        let recordID = try req.uuidParameter("id")
        let form = try req.content.decode(FactForm.self)
        guard let fact = form.fact.flatMap(RetentionFact.init(rawValue:)), let holds = form.holds.flatMap({ ["1": true, "0": false][$0] }) else {
            return try await renderRecord(req, recordID, message: "请选择要标记或取消的事实。", reason: form.reason ?? "")
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            _ = try await req.loggingRefusal("retention fact on \(recordID.uuidString.lowercased())") {
                try await RetentionService(req.serviceContext, blobs: req.application.lawTrail.blobs).change(recordID, fact: fact, holds: holds, reason: form.reason, by: try req.staff)
            }
            return req.redirect(to: URLs.staffRecordRetention.path(recordID) + "?done=fact", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderRecord(req, recordID, message: refusal.detail, reason: form.reason ?? "")
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    struct AppraisalForm: Content {
        var conclusion: String?
        var reason: String?
    }

    @Sendable
    func appraise(req: Request) async throws -> Response {
        let recordID = try req.uuidParameter("id")
        let form = try req.content.decode(AppraisalForm.self)
        guard let conclusion = form.conclusion.flatMap(DisposalAppraisal.Conclusion.init(rawValue:)) else {
            return try await renderRecord(req, recordID, message: "请选择鉴定意见。", reason: form.reason ?? "")
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            _ = try await req.loggingRefusal("disposal appraisal of \(recordID.uuidString.lowercased())") {
                try await Self.disposalServices(req).appraise(recordID, conclusion: conclusion, reason: form.reason, by: try req.staff)
            }
            return req.redirect(to: URLs.staffDisposal.url + "?done=appraised", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderRecord(req, recordID, message: refusal.detail, reason: form.reason ?? "")
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: Retention calendar

    struct CalendarPage: Content {
        struct Row: Content {
            let recordURL: String
            let retentionURL: String
            let record: String
            let caseNumber: String
            let captured: String
            let lastDayKept: String
            let earliestDisposal: String
            let state: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let q: String
        let total: Int
        let page: Int
        let previousURL: String?
        let nextURL: String?
    }

    @Sendable
    func calendar(req: Request) async throws -> View {
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let paging = try req.query.decode(PageQuery.self)
        let entries = try await RetentionService(req.serviceContext).calendar(search: q.isEmpty ? nil : String(q.prefix(100)))
        let today = req.application.lawTrail.today
        let slice = entries.dropFirst(paging.offset).prefix(paging.perPage)
        var numbers: [UUID: String] = [:]
        for id in Set(slice.map(\.subject.record.caseID)) { numbers[id] = try await CaseModel.find(id, on: req.db)?.number ?? "" }
        let rows = slice.map { entry in
            let record = entry.subject.record
            let state = entry.disposed ? "已销毁" : entry.onHold ? "法律保留中" : entry.policy.isDisposable(on: today) ? "已到期，待鉴定" : "保存中"
            return CalendarPage.Row(
                recordURL: URLs.staffRecord.path(record.id), retentionURL: URLs.staffRecordRetention.path(record.id),
                record: RetrievalPagesController.recordTitle(record), caseNumber: numbers[record.caseID] ?? "",
                captured: entry.subject.capturedOn.chinese, lastDayKept: entry.policy.lastDayKept?.chinese ?? "—",
                earliestDisposal: entry.policy.earliestDisposal?.chinese ?? "—", state: state)
        }
        let base = URLs.staffRetention.url + "?" + (q.isEmpty ? "" : "q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&")
        return try await req.view.render("staff/retention", CalendarPage(
            ctx: try StaffContext(req), rows: Array(rows), q: q, total: entries.count, page: paging.pageNumber,
            previousURL: paging.pageNumber > 1 ? base + "page=\(paging.pageNumber - 1)" : nil,
            nextURL: paging.offset + paging.perPage < entries.count ? base + "page=\(paging.pageNumber + 1)" : nil))
    }

    // MARK: Appraisal and approval desk

    struct DeskPage: Content {
        struct Row: Content {
            let id: String
            let appraisalID: String?
            let retentionURL: String
            let record: String
            let caseNumber: String
            let earliestDisposal: String
            let listedOn: String
            let appraisal: String
            let blocks: String
        }
        struct Disposed: Content {
            let retentionURL: String
            let record: String
            let disposedAt: String
            let ledgerURL: String
            let ledgerIndex: Int64
        }
        let ctx: StaffContext
        let toAppraise: [Row]
        let toDecide: [Row]
        let disposed: [Disposed]
        let canAppraise: Bool
        let canDecide: Bool
        let message: String?
        let confirmation: String?
    }

    @Sendable
    func desk(req: Request) async throws -> View {
        try await renderDesk(req, message: nil, confirmation: Self.notice(req.query[String.self, at: "done"]))
    }

    private func renderDesk(_ req: Request, message: String?, confirmation: String? = nil) async throws -> View {
        let staff = try req.staff
        let service = Self.disposalServices(req)
        var numbers: [UUID: String] = [:]
        func row(_ item: DisposalService.QueueItem) async throws -> DeskPage.Row {
            let record = item.standing.record
            if numbers[record.caseID] == nil { numbers[record.caseID] = try await CaseModel.find(record.caseID, on: req.db)?.number ?? "" }
            return DeskPage.Row(
                id: record.id.uuidString.lowercased(), appraisalID: item.appraisal?.id.uuidString.lowercased(),
                retentionURL: URLs.staffRecordRetention.path(record.id), record: RetrievalPagesController.recordTitle(record),
                caseNumber: numbers[record.caseID] ?? "", earliestDisposal: item.standing.policy.earliestDisposal?.chinese ?? "—",
                listedOn: item.listedOn.flatMap(CivilDate.init(iso:))?.chinese ?? "",
                appraisal: item.appraisal.map { "\($0.conclusion.chineseName)：\($0.reason)" } ?? "",
                blocks: item.standing.blocks.map(\.description).joined(separator: "；"))
        }
        var toAppraise: [DeskPage.Row] = []
        for item in try await service.awaitingAppraisal().prefix(100) { toAppraise.append(try await row(item)) }
        var toDecide: [DeskPage.Row] = []
        for item in try await service.awaitingDecision().prefix(100) { toDecide.append(try await row(item)) }
        var disposed: [DeskPage.Disposed] = []
        for item in try await service.recentDisposals(limit: 20) {
            let record = try await RecordStore(ledger: req.serviceContext.ledger).find(item.recordID, on: req.db)
            disposed.append(.init(
                retentionURL: URLs.staffRecordRetention.path(item.recordID), record: RetrievalPagesController.recordTitle(record),
                disposedAt: ShanghaiTime.chinese(item.disposedAt), ledgerURL: URLs.ledgerEntry.path(String(item.ledgerIndex)),
                ledgerIndex: item.ledgerIndex))
        }
        return try await req.view.render("staff/disposal", DeskPage(
            ctx: try StaffContext(req), toAppraise: toAppraise, toDecide: toDecide, disposed: disposed,
            canAppraise: staff.may(.appraiseDisposal), canDecide: staff.may(.approveDisposal),
            message: message, confirmation: confirmation))
    }

    struct DecisionForm: Content {
        var decision: String?
        var reason: String?
    }

    @Sendable
    func decide(req: Request) async throws -> Response {
        let appraisalID = try req.uuidParameter("id")
        let form = try req.content.decode(DecisionForm.self)
        guard let approve = form.decision.flatMap({ ["approve": true, "refuse": false][$0] }) else {
            return try await renderDesk(req, message: "请选择批准或不予批准。").encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            _ = try await req.loggingRefusal("disposal decision on \(appraisalID.uuidString.lowercased())") {
                try await Self.disposalServices(req).decide(appraisalID, approve: approve, reason: form.reason, by: try req.staff)
            }
            return req.redirect(to: URLs.staffDisposal.url + "?done=\(approve ? "approved" : "refused")", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderDesk(req, message: refusal.detail).encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: Legal holds

    struct HoldsPage: Content {
        struct Row: Content {
            let id: String
            let scope: String
            let subjectURL: String?
            let subject: String
            let reason: String
            let placed: String
            let placedBy: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let canPlace: Bool
        let message: String?
        let confirmation: String?
        let scope: String
        let subject: String
        let reason: String
    }

    @Sendable
    func holds(req: Request) async throws -> View {
        try await renderHolds(req, message: nil, form: HoldForm(), confirmation: Self.notice(req.query[String.self, at: "done"]))
    }

    private func renderHolds(_ req: Request, message: String?, form: HoldForm, confirmation: String? = nil) async throws -> View {
        var rows: [HoldsPage.Row] = []
        for hold in try await RetentionService(req.serviceContext).activeHolds().prefix(200) {
            let placedBy = try await UserModel.find(hold.placedBy, on: req.db)?.displayName ?? ""
            switch hold.scope {
            case .record(let id):
                rows.append(.init(id: hold.id.uuidString.lowercased(), scope: "单个记录", subjectURL: URLs.staffRecordRetention.path(id),
                                  subject: id.uuidString.lowercased(), reason: hold.reason, placed: ShanghaiTime.chinese(hold.placedAt), placedBy: placedBy))
            case .enforcementCase(let id):
                let number = try await CaseModel.find(id, on: req.db)?.number ?? id.uuidString.lowercased()
                rows.append(.init(id: hold.id.uuidString.lowercased(), scope: "整个案件", subjectURL: URLs.staffCase.path(id),
                                  subject: number, reason: hold.reason, placed: ShanghaiTime.chinese(hold.placedAt), placedBy: placedBy))
            }
        }
        return try await req.view.render("staff/legal-holds", HoldsPage(
            ctx: try StaffContext(req), rows: rows, canPlace: try req.staff.may(.placeLegalHold), message: message,
            confirmation: confirmation, scope: form.scope ?? "case", subject: form.subject ?? "", reason: form.reason ?? ""))
    }

    struct HoldForm: Content {
        var scope: String?
        var subject: String?
        var reason: String?
    }

    @Sendable
    func placeHold(req: Request) async throws -> Response {
        let form = try req.content.decode(HoldForm.self)
        do {
            _ = try await req.loggingRefusal("legal hold") {
                try await RetentionService(req.serviceContext).placeHold(scope: form.scope, subject: form.subject, reason: form.reason, by: try req.staff)
            }
            return req.redirect(to: URLs.staffLegalHolds.url + "?done=placed", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderHolds(req, message: refusal.detail, form: form).encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    struct ReleaseForm: Content {
        var reason: String?
    }

    @Sendable
    func releaseHold(req: Request) async throws -> Response {
        let holdID = try req.uuidParameter("id")
        let form = try req.content.decode(ReleaseForm.self)
        do {
            try await req.loggingRefusal("legal hold release \(holdID.uuidString.lowercased())") {
                try await RetentionService(req.serviceContext).releaseHold(holdID, reason: form.reason, by: try req.staff)
            }
            return req.redirect(to: URLs.staffLegalHolds.url + "?done=released", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderHolds(req, message: refusal.detail, form: HoldForm()).encodeResponse(status: refusal.httpStatus, for: req)
        }
    }
}
