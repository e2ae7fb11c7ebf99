import Domain
import Fluent
import Persistence
import Services
import Vapor

/// The legal section's other desks (issue 6 item 6): obligations with working days left and the
/// accountability report with filters and CSV export (SPEC X2, P10); the correction-request inbox
/// with the answer form (SPEC P9.2); and the administrator's user list (item 1: create, set roles,
/// deactivate — never delete, so history stays attributable).
struct DeskPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffObligations.components, action: .viewAccountability, use: obligations)
        routes.staff(.GET, URLs.staffCorrections.components, action: .answerCorrectionRequest, use: corrections)
        routes.staff(.POST, URLs.staffCorrectionAnswer.components, action: .answerCorrectionRequest, use: answer)
        routes.staff(.GET, URLs.staffWrittenCorrection.components, action: .answerCorrectionRequest, use: writtenForm)
        routes.staff(.POST, URLs.staffWrittenCorrection.components, action: .answerCorrectionRequest, use: enterWritten)
        routes.staff(.GET, URLs.staffUsers.components, action: .manageUsers, use: users)
        routes.staff(.POST, URLs.staffUsers.components, action: .manageUsers, use: createUser)
        routes.staff(.POST, URLs.staffUserActive.components, action: .manageUsers, use: setActive)
    }

    // MARK: Obligations and accountability

    struct ObligationsPage: Content {
        struct Row: Content {
            let title: String
            /// Where the duty is met: the publication's desk page, or the correction inbox.
            let url: String?
            let kindName: String
            let trigger: String
            let due: String
            let stateName: String
            let left: String
            let overdue: Bool
            let responsible: String
        }
        struct LateRow: Content {
            let name: String
            let unitName: String
            let overdue: Int
            let metLate: Int
            let workdaysLate: Int
        }
        let ctx: StaffContext
        let scope: String
        let rows: [Row]
        let page: Int
        let previousURL: String?
        let nextURL: String?
        let from: String
        let to: String
        let byUnit: [LateRow]
        let byPerson: [LateRow]
        let csvURL: String
        let summaryURL: String
        let refusalsURL: String
        let findingsURL: String
    }

    @Sendable
    func obligations(req: Request) async throws -> View {
        let services = req.application.lawTrail
        let today = services.today
        let scope = req.query[String.self, at: "scope"] ?? "week"
        var filter = ObligationQueries.Filter()
        switch scope {
        case "open": filter.openOnly = true
        case "all": break
        default: filter = .init(openOnly: true, dueBy: today.adding(days: 7 - today.isoWeekday))
        }
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let (items, total) = try await ObligationQueries(database: req.db).list(filter, offset: (page - 1) * 20, limit: 20)
        let rows = items.map { obligation -> ObligationsPage.Row in
            let item = ObligationStatus(obligation, today: today, calendar: services.calendar)
            let left = obligation.metOn != nil ? "—" : item.workdaysLeft.map { $0 < 0 ? "逾期\(-$0)个工作日" : "剩\($0)个工作日" } ?? "—"
            let url: String? = switch obligation.subject {
            case .publication(let id): URLs.staffPublication.path(id)
            case .correctionRequest: URLs.staffCorrections.url
            case .drawnInspection(let id): URLs.staffInspection.path(id)
            case .decision, .yearlyFigures: nil
            }
            return .init(title: obligation.title, url: url, kindName: obligation.kind.chineseName,
                         trigger: obligation.triggerDate.chinese, due: obligation.due.chineseDescription, stateName: item.stateName,
                         left: left, overdue: item.state == "overdue",
                         responsible: "\(obligation.responsibility.unitName) \(obligation.responsibility.personName)")
        }
        let from = req.query[String.self, at: "from"].flatMap { CivilDate(iso: $0) } ?? CivilDate(year: today.year, month: 1, day: 1)!
        let to = req.query[String.self, at: "to"].flatMap { CivilDate(iso: $0) } ?? today
        let report = AccountabilityReport(
            obligations: try await ObligationQueries(database: req.db).due(from: from, to: max(from, to)),
            from: from, to: max(from, to), asOf: today, calendar: services.calendar)
        let late = { (group: AccountabilityReport.Group) in
            ObligationsPage.LateRow(name: group.name, unitName: group.unitName, overdue: group.overdue, metLate: group.metLate, workdaysLate: group.workdaysLate)
        }
        let base = URLs.staffObligations.url + "?scope=\(scope)&"
        return try await req.view.render("staff/obligations", ObligationsPage(
            ctx: try StaffContext(req), scope: scope, rows: rows, page: page,
            previousURL: page > 1 ? base + "page=\(page - 1)" : nil, nextURL: page * 20 < total ? base + "page=\(page + 1)" : nil,
            from: from.description, to: to.description, byUnit: report.byUnit.map(late), byPerson: report.byPerson.map(late),
            csvURL: URLs.apiAccountability.url + "?from=\(from)&to=\(to)&format=csv",
            summaryURL: URLs.apiAccountability.url + "?from=\(from)&to=\(to)&format=summary-csv",
            refusalsURL: URLs.apiAccountability.url + "?from=\(from)&to=\(to)&format=refusals-csv",
            findingsURL: URLs.apiAccountability.url + "?from=\(from)&to=\(to)&format=findings-csv"))
    }

    // MARK: Correction requests

    struct CorrectionsPage: Content {
        struct Row: Content {
            let id: String
            let receipt: String
            let received: String
            let publication: String
            let publicationURL: String?
            let requester: String
            let contact: String
            let description: String
            let due: String
            let answer: String?
        }
        let ctx: StaffContext
        let rows: [Row]
        let unansweredOnly: Bool
        let error: String?
        let done: String?
    }

    @Sendable
    func corrections(req: Request) async throws -> View {
        let done: String? = switch req.query[String.self, at: "done"] {
        case "answered": "已答复，申请人可凭受理编号查询答复。"
        case "entered": "书面更正申请已登记，答复期限自收到之日起计算。"
        default: nil
        }
        return try await renderCorrections(req, error: nil, done: done)
    }

    private func renderCorrections(_ req: Request, error: String?, done: String? = nil) async throws -> View {
        let unansweredOnly = req.query[String.self, at: "all"] != "1"
        let (entries, _) = try await CorrectionRequestService(req.serviceContext)
            .list(unansweredOnly: unansweredOnly, offset: 0, limit: 50)
        var rows: [CorrectionsPage.Row] = []
        for entry in entries {
            let obligation = entry.obligation?.obligation
            rows.append(.init(
                id: entry.request.id.uuidString.lowercased(), receipt: entry.request.receipt,
                received: entry.request.written.map { "\($0.receivedOn.chinese)（\($0.channel.chineseName)，登记于\(ShanghaiTime.chinese(entry.request.receivedAt))）" }
                    ?? ShanghaiTime.chinese(entry.request.receivedAt), publication: entry.request.publicationReference,
                publicationURL: entry.request.publicationID.map { URLs.staffPublication.path($0) }, requester: entry.request.requesterName,
                contact: entry.request.contact, description: entry.request.description,
                due: obligation?.due.chineseDescription ?? "",
                answer: entry.answer.map { "\($0.outcome.chineseName)：\($0.reply)" }))
        }
        return try await req.view.render("staff/corrections", CorrectionsPage(
            ctx: try StaffContext(req), rows: rows, unansweredOnly: unansweredOnly, error: error, done: done))
    }

    struct AnswerForm: Content {
        var outcome: String?
        var reply: String?
    }

    @Sendable
    func answer(req: Request) async throws -> Response {
        let form = try req.content.decode(AnswerForm.self)
        do {
            _ = try await CorrectionRequestService(req.serviceContext)
                .answer(try req.uuidParameter("id"), outcome: form.outcome, reply: form.reply ?? "", by: try req.staff)
            return req.redirect(to: URLs.staffCorrections.url + "?done=answered", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderCorrections(req, error: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: Written correction requests (issue 13 item 5 (c); SPEC P9.2)

    struct WrittenPage: Content {
        let ctx: StaffContext
        let publicationId: String
        let publicationTitle: String?
        let name: String
        let contact: String
        let description: String
        let receivedOn: String
        let channel: String
        let isLetter: Bool
        let isEmail: Bool
        let errors: [String: String]
        let error: String?
    }

    struct WrittenForm: Content {
        var publicationId: String?
        var name: String?
        var contact: String?
        var description: String?
        var channel: String?
        var receivedOn: String?
    }

    /// The form for a request that came by letter or e-mail, opened from a publication's desk page
    /// (`?publication=<id>`).
    @Sendable
    func writtenForm(req: Request) async throws -> View {
        let form = WrittenForm(publicationId: req.query[String.self, at: "publication"])
        return try await renderWritten(req, form: form, errors: [:], error: nil)
    }

    @Sendable
    func enterWritten(req: Request) async throws -> Response {
        let form = try req.content.decode(WrittenForm.self)
        do {
            _ = try await CorrectionRequestService(req.serviceContext).enterWritten(
                publicationID: form.publicationId.flatMap { UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) },
                name: form.name ?? "", contact: form.contact ?? "", description: form.description ?? "",
                channel: form.channel, receivedOn: form.receivedOn, by: try req.staff)
            return req.redirect(to: URLs.staffCorrections.url + "?done=entered", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderWritten(req, form: form, errors: refusal.errors, error: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    private func renderWritten(_ req: Request, form: WrittenForm, errors: [String: String], error: String?) async throws -> View {
        let id = form.publicationId?.trimmingCharacters(in: .whitespaces) ?? ""
        var title: String?
        if let uuid = UUID(uuidString: id), let publication = try await PublicationQueries(database: req.db).publication(uuid),
           let shown = publication.publishedVersion {
            title = PublicContent.shown(shown).title
        }
        return try await req.view.render("staff/correction-written", WrittenPage(
            ctx: try StaffContext(req), publicationId: id, publicationTitle: title, name: form.name ?? "",
            contact: form.contact ?? "", description: form.description ?? "",
            receivedOn: form.receivedOn ?? req.serviceContext.clock.today.description, channel: form.channel ?? "",
            isLetter: form.channel == "letter", isEmail: form.channel == "email", errors: errors, error: error))
    }

    // MARK: Users

    struct UsersPage: Content {
        struct Row: Content {
            let id: String
            let username: String
            let displayName: String
            let roleName: String
            let active: Bool
        }
        struct Option: Content {
            let value: String
            let label: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let roles: [Option]
        let error: String?
        let created: String?
    }

    @Sendable
    func users(req: Request) async throws -> View {
        try await renderUsers(req, error: nil, created: nil)
    }

    private func renderUsers(_ req: Request, error: String?, created: String?) async throws -> View {
        let rows = try await UserModel.query(on: req.db).sort(\.$username).all().map { user in
            UsersPage.Row(id: try user.requireID().uuidString.lowercased(), username: user.username, displayName: user.displayName,
                          roleName: Role(rawValue: user.role)?.chineseName ?? user.role, active: user.active)
        }
        return try await req.view.render("staff/users", UsersPage(
            ctx: try StaffContext(req), rows: rows, roles: Role.allCases.map { .init(value: $0.rawValue, label: $0.chineseName) },
            error: error, created: created))
    }

    struct NewUserForm: Content {
        var username: String?
        var displayName: String?
        var role: String?
    }

    /// A new account with a one-time random password shown once to the administrator.
    @Sendable
    func createUser(req: Request) async throws -> Response {
        let form = try req.content.decode(NewUserForm.self)
        guard let role = form.role.flatMap(Role.init(rawValue:)) else {
            return try await renderUsers(req, error: "请选择角色。", created: nil).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let password = DemoData.randomPassword()
        do {
            _ = try await AccountService.createUser(
                username: form.username ?? "", displayName: form.displayName ?? form.username ?? "", role: role,
                password: password, on: req.db, hash: { [work = req.application.passwordWork] in try await work.hash($0) })
        } catch {
            return try await renderUsers(req, error: "无法创建账号：用户名应为3至32位且未被使用。", created: nil)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return try await renderUsers(req, error: nil, created: "已创建 \(form.username ?? "")，初始密码：\(password)（仅显示一次，请当面交给本人并要求修改）")
            .encodeResponse(status: .created, for: req)
    }

    @Sendable
    func setActive(req: Request) async throws -> Response {
        guard let user = try await UserModel.find(try req.uuidParameter("id"), on: req.db) else { throw Abort(.notFound) }
        let active = (try? req.content.get(String.self, at: "active")) == "1"
        if !active, user.id == (try req.user.id) {
            return try await renderUsers(req, error: "不能停用自己的账号。", created: nil).encodeResponse(status: .conflict, for: req)
        }
        user.active = active
        try await user.save(on: req.db)
        if !active {
            // A deactivated account's sessions end at once; its history stays attributable.
            try await APITokenModel.query(on: req.db).filter(\.$user.$id == user.requireID()).delete()
        }
        return req.redirect(to: URLs.staffUsers.url, redirectType: .normal)
    }
}
