import Domain
import Fluent
import Persistence
import Services
import Vapor

/// The complaints desk (投诉举报, SPEC R13; issue 15 item 3): the list with search, state and overdue
/// filters; the staff intake form for letters, calls, 12345 hotline transfers and visits; a
/// complaint's page with the complainant (opened from its seal for the roles that handle
/// complaints), assignment, links, the answer and its ledger history; and the working-day limit.
struct ComplaintDeskController: RouteCollection {
    static let pageSize = 20

    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffComplaints.components, action: .handleComplaints, use: list)
        routes.staff(.GET, URLs.staffNewComplaint.components, action: .handleComplaints, use: newForm)
        routes.staff(.POST, URLs.staffNewComplaint.components, action: .handleComplaints, use: enter)
        routes.staff(.GET, URLs.staffComplaint.components, action: .handleComplaints, use: detail)
        routes.staff(.POST, URLs.staffComplaintAssign.components, action: .assignComplaint, use: assign)
        routes.staff(.POST, URLs.staffComplaintLinks.components, action: .handleComplaints, use: link)
        routes.staff(.POST, URLs.staffComplaintAnswer.components, action: .handleComplaints, use: answer)
        routes.staff(.GET, URLs.staffComplaintPolicy.components, action: .manageComplaintPolicy, use: policyPage)
        routes.staff(.POST, URLs.staffComplaintPolicy.components, action: .manageComplaintPolicy, use: setPolicy)
    }

    // MARK: List

    struct ListPage: Content {
        struct Row: Content {
            let url: String
            let receipt: String
            let kindName: String
            let channelName: String
            let receivedOn: String
            let subject: String
            let due: String
            let state: String
            let overdue: Bool
        }
        let ctx: StaffContext
        let rows: [Row]
        let total: Int
        let state: String
        let overdue: Bool
        let q: String
        let previousURL: String?
        let nextURL: String?
        let pageNumber: Int
        let canManagePolicy: Bool
    }

    @Sendable
    func list(req: Request) async throws -> View {
        let state = req.query[String.self, at: "state"].flatMap(ComplaintStore.Filter.State.init(rawValue:))
        let overdue = req.query[String.self, at: "overdue"] == "1"
        let q = String((req.query[String.self, at: "q"] ?? "").prefix(100))
        let page = max(1, req.query[Int.self, at: "page"] ?? 1)
        let context = req.serviceContext
        let filter = ComplaintStore.Filter(state: state, overdueOn: overdue ? context.clock.today : nil, search: q)
        let (items, total) = try await ComplaintService(context).list(
            filter, offset: (page - 1) * Self.pageSize, limit: Self.pageSize, by: try req.staff)
        let rows = items.map { item in
            let complaint = item.complaint
            return ListPage.Row(
                url: URLs.staffComplaint.path(complaint.id), receipt: complaint.receipt, kindName: complaint.kind.chineseName,
                channelName: complaint.channel.chineseName, receivedOn: complaint.receivedOn.chinese,
                subject: String(complaint.subject.prefix(80)), due: complaint.due.chineseDescription,
                state: Self.stateName(item), overdue: item.overdue)
        }
        func link(_ page: Int) -> String {
            var query = ["page=\(page)"]
            if let state { query.append("state=\(state.rawValue)") }
            if overdue { query.append("overdue=1") }
            if !q.isEmpty { query.append("q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
            return URLs.staffComplaints.url + "?" + query.joined(separator: "&")
        }
        return try await req.view.render("staff/complaints", ListPage(
            ctx: try StaffContext(req), rows: rows, total: total, state: state?.rawValue ?? "", overdue: overdue, q: q,
            previousURL: page > 1 ? link(page - 1) : nil, nextURL: page * Self.pageSize < total ? link(page + 1) : nil,
            pageNumber: page, canManagePolicy: try req.staff.may(.manageComplaintPolicy)))
    }

    static func stateName(_ item: ComplaintService.Detail) -> String {
        if let answer = item.entry.answer { return "已答复（\(answer.outcome.chineseName)）" + (answer.late ? "，逾期" : "") }
        if item.overdue { return "已逾期" }
        let assigned = item.entry.assignment == nil ? "待交办" : "办理中"
        return item.workdaysLeft.map { "\(assigned)，剩余\($0)个工作日" } ?? assigned
    }

    // MARK: Staff intake

    struct IntakeForm: Content {
        var kind: String?
        var channel: String?
        var hotlineNumber: String?
        var receivedOn: String?
        var subject: String?
        var concerning: String?
        var officerId: String?
        var unitId: String?
        var name: String?
        var contact: String?
        var idNumber: String?
        var address: String?
    }

    struct Option: Content {
        let value: String
        let label: String
        let selected: Bool
    }

    struct NewPage: Content {
        let ctx: StaffContext
        let form: IntakeForm
        let kinds: [Option]
        let channels: [Option]
        let officers: [Option]
        let units: [Option]
        let errors: [String: String]
        let error: String?
        let workdays: Int
    }

    @Sendable
    func newForm(req: Request) async throws -> View {
        try await renderNew(req, form: IntakeForm(receivedOn: req.serviceContext.clock.today.description), errors: [:], error: nil)
    }

    @Sendable
    func enter(req: Request) async throws -> Response {
        let form = try req.content.decode(IntakeForm.self)
        do {
            let complaint = try await ComplaintService(req.serviceContext).enter(
                Complaint.Input(
                    kind: form.kind, channel: form.channel, hotlineNumber: form.hotlineNumber, subject: form.subject ?? "",
                    concerning: form.concerning ?? "", name: form.name ?? "", contact: form.contact ?? "",
                    idNumber: form.idNumber ?? "", address: form.address ?? "", receivedOn: form.receivedOn,
                    officerID: form.officerId.flatMap(UUID.init(uuidString:)), unitID: form.unitId.flatMap(UUID.init(uuidString:))),
                by: try req.staff)
            return req.redirect(to: URLs.staffComplaint.path(complaint.id) + "?done=entered", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderNew(req, form: form, errors: refusal.errors, error: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    private func renderNew(_ req: Request, form: IntakeForm, errors: [String: String], error: String?) async throws -> View {
        let (officers, units) = try await Self.directory(req, officer: form.officerId, unit: form.unitId)
        return try await req.view.render("staff/complaint-new", NewPage(
            ctx: try StaffContext(req), form: form,
            kinds: Complaint.Kind.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: form.kind == $0.rawValue) },
            channels: Complaint.Channel.staffChannels.map { .init(value: $0.rawValue, label: $0.chineseName, selected: form.channel == $0.rawValue) },
            officers: officers, units: units, errors: errors, error: error,
            workdays: try await ComplaintService(req.serviceContext).policy().workdays))
    }

    /// Officers and units for the selects, with the chosen ones selected.
    static func directory(_ req: Request, officer: String?, unit: String?) async throws -> (officers: [Option], units: [Option]) {
        let units = try await UnitModel.query(on: req.db).sort(\.$name).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { model in model.id.map { ($0, model.name) } })
        let officers = try await OfficerModel.query(on: req.db).sort(\.$name).all().compactMap { model -> Option? in
            guard let id = model.id?.uuidString.lowercased() else { return nil }
            let unitName = unitNames[model.$unit.id].map { "（\($0)）" } ?? ""
            return Option(value: id, label: model.name + unitName, selected: officer?.lowercased() == id)
        }
        return (officers, units.compactMap { model in
            model.id.map { Option(value: $0.uuidString.lowercased(), label: model.name, selected: unit?.lowercased() == $0.uuidString.lowercased()) }
        })
    }

    // MARK: A complaint

    struct DetailPage: Content {
        struct Fact: Content {
            let label: String
            let value: String
        }
        struct LinkRow: Content {
            let targetName: String
            let label: String
            let url: String?
            /// For a record: the retrieval form's action (purpose 投诉举报处理, SPEC R9.2).
            let retrieveURL: String?
        }
        struct HistoryRow: Content {
            let type: String
            let index: String
            let url: String
        }
        let ctx: StaffContext
        let id: String
        let receipt: String
        let title: String
        let facts: [Fact]
        let person: [Fact]
        let subject: String
        let links: [LinkRow]
        let history: [HistoryRow]
        let answer: Fact?
        let answerText: String?
        let canAssign: Bool
        let officers: [Option]
        let units: [Option]
        let linkTargets: [Option]
        let outcomes: [Option]
        let assignNote: String
        let linkReference: String
        let answerDraft: String
        let purposeText: String
        let errors: [String: String]
        let error: String?
        let done: String?
    }

    struct ActionForm: Content {
        var unitId: String?
        var officerId: String?
        var note: String?
        var target: String?
        var reference: String?
        var outcome: String?
        var text: String?
    }

    @Sendable
    func detail(req: Request) async throws -> View {
        let done: String? = switch req.query[String.self, at: "done"] {
        case "entered": "已登记。"
        case "assigned": "已交办。"
        case "linked": "已关联。"
        case "answered": "已答复，投诉举报人可凭受理编号和联系方式查询答复。"
        default: nil
        }
        return try await renderDetail(req, id: try req.uuidParameter("id"), form: ActionForm(), errors: [:], error: nil, done: done)
    }

    @Sendable
    func assign(req: Request) async throws -> Response {
        try await act(req, done: "assigned") { service, id, form, staff in
            _ = try await service.assign(
                id, unitID: form.unitId.flatMap(UUID.init(uuidString:)), officerID: form.officerId.flatMap(UUID.init(uuidString:)),
                note: form.note, by: staff)
        }
    }

    @Sendable
    func link(req: Request) async throws -> Response {
        try await act(req, done: "linked") { service, id, form, staff in
            _ = try await service.link(id, target: form.target, reference: form.reference, by: staff)
        }
    }

    @Sendable
    func answer(req: Request) async throws -> Response {
        try await act(req, done: "answered") { service, id, form, staff in
            _ = try await service.answer(id, outcome: form.outcome, text: form.text, by: staff)
        }
    }

    private func act(
        _ req: Request, done: String, _ step: (ComplaintService, UUID, ActionForm, StaffMember) async throws -> Void
    ) async throws -> Response {
        let id = try req.uuidParameter("id")
        let form = try req.content.decode(ActionForm.self)
        do {
            try await step(ComplaintService(req.serviceContext), id, form, try req.staff)
            return req.redirect(to: URLs.staffComplaint.path(id) + "?done=\(done)", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderDetail(req, id: id, form: form, errors: refusal.errors, error: refusal.detail, done: nil)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    private func renderDetail(
        _ req: Request, id: UUID, form: ActionForm, errors: [String: String], error: String?, done: String?
    ) async throws -> View {
        let staff = try req.staff
        let service = ComplaintService(req.serviceContext)
        let item: ComplaintService.Detail
        do {
            item = try await service.detail(id, by: staff)
        } catch let refusal as ServiceRefusal where refusal.kind == .notFound {
            throw Abort(.notFound, reason: refusal.detail)
        }
        let complaint = item.complaint
        let db = req.db
        func officerName(_ id: UUID?) async throws -> String? {
            guard let id else { return nil }
            return try await OfficerModel.find(id, on: db)?.name ?? id.uuidString.lowercased()
        }
        func unitName(_ id: UUID?) async throws -> String? {
            guard let id else { return nil }
            return try await UnitModel.find(id, on: db)?.name ?? id.uuidString.lowercased()
        }
        var facts: [DetailPage.Fact] = [
            .init(label: "类型", value: complaint.kind.chineseName),
            .init(label: "来源", value: complaint.channel.chineseName + (complaint.hotlineNumber.map { "（工单编号 \($0)）" } ?? "")),
            .init(label: "收到日期", value: complaint.receivedOn.chinese),
            .init(label: "答复期限", value: "\(complaint.due.chineseDescription)（\(complaint.workdays)个工作日）"),
            .init(label: "状态", value: Self.stateName(item)),
        ]
        if !complaint.concerning.isEmpty { facts.append(.init(label: "涉及对象（投诉举报人所述）", value: complaint.concerning)) }
        if let name = try await officerName(complaint.officerID) { facts.append(.init(label: "被投诉举报的执法人员", value: name)) }
        if let name = try await unitName(complaint.unitID) { facts.append(.init(label: "被投诉举报的单位", value: name)) }
        if let assignment = item.entry.assignment {
            var value = try await unitName(assignment.unitID) ?? ""
            if let officer = try await officerName(assignment.officerID) { value += " · " + officer }
            if !assignment.note.isEmpty { value += "（\(assignment.note)）" }
            facts.append(.init(label: "承办", value: value + "，交办于" + ShanghaiTime.chinese(assignment.assignedAt)))
        }
        if let by = complaint.enteredBy, let user = try await UserModel.find(by, on: db) {
            facts.append(.init(label: "登记人", value: user.displayName))
        }
        let person = item.person.map { person in
            [
                DetailPage.Fact(label: "姓名或单位", value: person.name.isEmpty ? "（匿名）" : person.name),
                .init(label: "联系方式", value: person.contact.isEmpty ? "（未留）" : person.contact),
                .init(label: "身份证号码", value: person.idNumber.isEmpty ? "（未填）" : person.idNumber),
                .init(label: "地址", value: person.address.isEmpty ? "（未填）" : person.address),
            ]
        } ?? []
        var links: [DetailPage.LinkRow] = []
        for link in item.entry.links {
            switch link.target {
            case .enforcementCase:
                let number = try await CaseModel.find(link.targetID, on: db)?.number ?? link.targetID.uuidString.lowercased()
                links.append(.init(targetName: link.target.chineseName, label: number, url: URLs.staffCase.path(link.targetID), retrieveURL: nil))
            case .record:
                links.append(.init(
                    targetName: link.target.chineseName, label: link.targetID.uuidString.lowercased(),
                    url: URLs.staffRecord.path(link.targetID), retrieveURL: URLs.staffRecordRetrieve.path(link.targetID)))
            case .officer:
                links.append(.init(targetName: link.target.chineseName, label: try await officerName(link.targetID) ?? "", url: nil, retrieveURL: nil))
            case .publication:
                links.append(.init(
                    targetName: link.target.chineseName, label: link.targetID.uuidString.lowercased(),
                    url: URLs.staffPublication.path(link.targetID), retrieveURL: nil))
            }
        }
        let history = try await service.history(id, by: staff).map { event in
            DetailPage.HistoryRow(type: event.type, index: String(event.ledgerIndex), url: URLs.ledgerEntry.path(String(event.ledgerIndex)))
        }
        let (officers, units) = try await Self.directory(req, officer: form.officerId, unit: form.unitId)
        return try await req.view.render("staff/complaint", DetailPage(
            ctx: try StaffContext(req), id: id.uuidString.lowercased(), receipt: complaint.receipt,
            title: "\(complaint.kind.chineseName) \(complaint.receipt)", facts: facts, person: person, subject: complaint.subject,
            links: links, history: history,
            answer: item.entry.answer.map { .init(label: "\($0.outcome.chineseName)（\($0.answeredOn.chinese)\($0.late ? "，逾期" : "")）", value: $0.text) },
            answerText: item.entry.answer?.text,
            canAssign: staff.may(.assignComplaint) && item.entry.answer == nil, officers: officers, units: units,
            linkTargets: ComplaintLink.Target.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: form.target == $0.rawValue) },
            outcomes: ComplaintAnswer.Outcome.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: form.outcome == $0.rawValue) },
            assignNote: form.note ?? "", linkReference: form.reference ?? "", answerDraft: form.text ?? "",
            purposeText: "投诉举报 \(complaint.receipt)", errors: errors, error: error, done: done))
    }

    // MARK: Working-day limit

    struct PolicyPage: Content {
        struct Row: Content {
            let version: Int
            let workdays: Int
            let reason: String
            let setAt: String
            let setBy: String
        }
        let ctx: StaffContext
        let current: Int
        let rows: [Row]
        let workdays: String
        let reason: String
        let errors: [String: String]
        let error: String?
        let done: Bool
    }

    struct PolicyForm: Content {
        var workdays: String?
        var reason: String?
    }

    @Sendable
    func policyPage(req: Request) async throws -> View {
        try await renderPolicy(req, form: PolicyForm(), errors: [:], error: nil, done: req.query[String.self, at: "done"] == "1")
    }

    @Sendable
    func setPolicy(req: Request) async throws -> Response {
        let form = try req.content.decode(PolicyForm.self)
        do {
            _ = try await ComplaintService(req.serviceContext).setPolicy(workdays: form.workdays, reason: form.reason, by: try req.staff)
            return req.redirect(to: URLs.staffComplaintPolicy.url + "?done=1", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderPolicy(req, form: form, errors: refusal.errors, error: refusal.detail, done: false)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    private func renderPolicy(_ req: Request, form: PolicyForm, errors: [String: String], error: String?, done: Bool) async throws -> View {
        let service = ComplaintService(req.serviceContext)
        var rows: [PolicyPage.Row] = []
        for policy in try await service.policies() {
            var name: String?
            if let by = policy.setBy { name = try await UserModel.find(by, on: req.db)?.displayName }
            rows.append(.init(
                version: policy.version, workdays: policy.workdays, reason: policy.reason,
                setAt: policy.setAt.map(ShanghaiTime.chinese) ?? "", setBy: name ?? ""))
        }
        let current = try await service.policy().workdays
        return try await req.view.render("staff/complaint-policy", PolicyPage(
            ctx: try StaffContext(req), current: current, rows: rows, workdays: form.workdays ?? String(current),
            reason: form.reason ?? "", errors: errors, error: error, done: done))
    }
}
