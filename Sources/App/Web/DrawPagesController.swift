import Domain
import Fluent
import Persistence
import Services
import Vapor

/// 双随机、一公开 in the browser (SPEC P7.3; issue 15 item 1): the draws, a plan's form, one draw
/// with its commitment, reveals, run and outcome, recusals, and a drawn inspection with its
/// conclusion and the result's draft. Every step is a row and a ledger event; a refusal
/// re-renders the form with what was typed and says why.
struct DrawPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffDraws.components, action: .viewActivity, use: list)
        routes.staff(.GET, URLs.staffNewInspectionPlan.components, action: .planRandomInspection, use: planForm)
        routes.staff(.POST, URLs.staffNewInspectionPlan.components, action: .planRandomInspection, use: commitPlan)
        routes.staff(.GET, URLs.staffDraw.components, action: .viewActivity, use: show)
        routes.staff(.POST, URLs.staffDrawReveal.components, action: .revealDrawSecret, use: reveal)
        routes.staff(.POST, URLs.staffDrawRun.components, action: nil, use: run)
        routes.staff(.GET, URLs.staffRecusals.components, action: .viewActivity, use: recusals)
        routes.staff(.POST, URLs.staffRecusals.components, action: .declareRecusal, use: declare)
        routes.staff(.GET, URLs.staffInspection.components, action: .viewActivity, use: inspection)
        routes.staff(.POST, URLs.staffInspectionConclusion.components, action: .concludeInspection, use: conclude)
        routes.staff(.POST, URLs.staffInspectionResultDraft.components, action: .draftPublication, use: draftResult)
    }

    static let pageSize = 20

    /// Confirmations after a redirect, by a fixed key (never text from the query).
    static func notice(_ key: String?) -> String? {
        switch key {
        case "committed": "抽取已承诺并记入防篡改账本。请各参与方在抽取会上提交各自的密文。"
        case "revealed": "密文与承诺相符，已记入防篡改账本。"
        case "ran": "抽取完成：结果、随机种子和所开立的检查已记入防篡改账本，并在门户网站公开。"
        case "declared": "回避关系已登记，今后的抽取不会将该执法人员派往该单位。"
        case "concluded": "检查结论已登记；抽查结果须在20个工作日内公示。"
        default: nil
        }
    }

    // MARK: The list

    struct ListPage: Content {
        struct Row: Content {
            let url: String
            let title: String
            let purpose: String
            let committed: String
            let state: String
            let commitment: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let query: String
        let total: Int
        let canPlan: Bool
        let previousURL: String?
        let nextURL: String?
        let confirmation: String?
    }

    @Sendable
    func list(req: Request) async throws -> View {
        let query = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let queries = DrawQueries(database: req.db)
        let (items, total) = try await queries.draws(
            purpose: nil, search: query, offset: (page - 1) * Self.pageSize, limit: Self.pageSize)
        let completed = try await queries.completed(items.compactMap(\.id))
        let rows = items.map { model in
            ListPage.Row(
                url: URLs.staffDraw.path(model.id!), title: model.title,
                purpose: DrawPurpose(rawValue: model.purpose)?.chineseName ?? model.purpose,
                committed: ShanghaiTime.chinese(model.committedAt),
                state: completed.contains(model.id!) ? "已抽取" : "待提交密文或抽取", commitment: String(model.commitment.prefix(16)))
        }
        func link(_ number: Int) -> String {
            URLs.staffDraws.url + "?page=\(number)" + (query.isEmpty ? "" : "&q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        return try await req.view.render("staff/draws", ListPage(
            ctx: try StaffContext(req), rows: rows, query: query, total: total, canPlan: try req.staff.may(.planRandomInspection),
            previousURL: page > 1 ? link(page - 1) : nil, nextURL: page * Self.pageSize < total ? link(page + 1) : nil,
            confirmation: Self.notice(req.query[String.self, at: "done"])))
    }

    // MARK: A 双随机 plan

    struct PlanForm: Content {
        var itemPublicationId: String?
        var unitId: String?
        var selection: String?
        var area: String?
        var keyword: String?
        var list: String?
        var size: String?
        var party1: String?
        var digest1: String?
        var party2: String?
        var digest2: String?
        var party3: String?
        var digest3: String?
        var publicValueSource: String?

        static let blank = PlanForm(selection: "all", size: "10%", party1: "执法大队", party2: "区司法局行政执法监督员")
    }

    struct PlanPage: Content {
        struct Option: Content {
            let value: String
            let label: String
            let selected: Bool
        }
        let ctx: StaffContext
        let form: PlanForm
        let items: [Option]
        let units: [Option]
        let message: String?
        let errors: [String: String]
    }

    @Sendable
    func planForm(req: Request) async throws -> View {
        try await renderPlan(req, form: .blank, message: nil, errors: [:])
    }

    private func renderPlan(_ req: Request, form: PlanForm, message: String?, errors: [String: String]) async throws -> View {
        let (published, _) = try await PublicationQueries(database: req.db).staffList(
            state: PublicationState.published.slug, kind: .randomInspectionItem, offset: 0, limit: 100)
        let items = published.map { PlanPage.Option(
            value: $0.id.uuidString.lowercased(), label: $0.title, selected: $0.id.uuidString.lowercased() == form.itemPublicationId?.lowercased()) }
        let units = try await UnitModel.query(on: req.db).sort(\.$name).all().map { unit in
            PlanPage.Option(value: unit.id!.uuidString.lowercased(), label: unit.name, selected: unit.id!.uuidString.lowercased() == form.unitId?.lowercased())
        }
        return try await req.view.render("staff/inspection-plan", PlanPage(
            ctx: try StaffContext(req), form: form, items: items, units: units, message: message, errors: errors))
    }

    @Sendable
    func commitPlan(req: Request) async throws -> Response {
        let form = try req.content.decode(PlanForm.self)
        let selection: InspectionPlanService.ObjectSelection = switch form.selection {
        case "area": .area(form.area ?? "")
        case "keyword": .keyword(form.keyword ?? "")
        case "list": .list(form.list ?? "")
        default: .all
        }
        let parties = [(form.party1, form.digest1), (form.party2, form.digest2), (form.party3, form.digest3)].compactMap { name, digest -> DrawPartyCommitment? in
            let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let digest = (digest ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            return name.isEmpty && digest.isEmpty ? nil : DrawPartyCommitment(party: name, secretSHA256: digest)
        }
        let input = InspectionPlanService.PlanInput(
            itemPublicationID: form.itemPublicationId.flatMap(UUID.init(uuidString:)), unitID: form.unitId.flatMap(UUID.init(uuidString:)),
            selection: selection, size: form.size ?? "", parties: parties, publicValueSource: form.publicValueSource)
        do {
            let id = try await req.loggingRefusal("inspection plan") {
                try await InspectionPlanService(req.serviceContext).commit(input, by: try req.staff)
            }
            return req.redirect(to: URLs.staffDraw.path(id) + "?done=committed", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderPlan(req, form: form, message: refusal.detail, errors: refusal.errors)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: One draw

    struct DrawPage: Content {
        struct Party: Content {
            let name: String
            let digest: String
            let secret: String?
            let revealed: String?
        }
        struct Pool: Content {
            let name: String
            let size: Int
            let count: Int
        }
        struct Drawn: Content {
            let position: Int
            let label: String
            let key: String
            let officers: String
            let inspectionURL: String?
            let caseNumber: String?
            let concluded: Bool
        }
        let ctx: StaffContext
        let id: String
        let title: String
        let purpose: String
        let commitment: String
        let committed: String
        let committedIndex: Int64
        let parties: [Party]
        let pools: [Pool]
        let exclusions: Int
        let publicValueSource: String?
        let completed: Bool
        let seed: String?
        let publicValue: String?
        let ran: String?
        let drawn: [Drawn]
        let canReveal: Bool
        let canRun: Bool
        let publicURL: String
        let dataURL: String
        let message: String?
        let errors: [String: String]
        let revealParty: String
        let confirmation: String?
    }

    @Sendable
    func show(req: Request) async throws -> View {
        try await renderDraw(req, try req.uuidParameter("id"), message: nil, errors: [:], revealParty: "",
                             confirmation: Self.notice(req.query[String.self, at: "done"]))
    }

    private func renderDraw(
        _ req: Request, _ id: UUID, message: String?, errors: [String: String], revealParty: String, confirmation: String? = nil
    ) async throws -> View {
        let draw = try await DrawService(context: req.serviceContext).draw(id)
        let specification = draw.specification
        let revealed = Dictionary(draw.reveals.map { ($0.party, $0) }, uniquingKeysWith: { first, _ in first })
        let parties = specification.parties.map { party in
            DrawPage.Party(name: party.party, digest: party.secretSHA256, secret: revealed[party.party]?.secret,
                           revealed: revealed[party.party].map { ShanghaiTime.chinese($0.revealedAt) })
        }
        var drawn: [DrawPage.Drawn] = []
        if draw.result != nil, let outcome = try await DrawService(context: req.serviceContext).outcome(drawID: id) {
            let inspections = try await DrawQueries(database: req.db).inspections(drawID: id)
            let cases = try await CaseModel.query(on: req.db).filter(\.$id ~~ inspections.map(\.model.caseID)).all()
            let caseNumbers = Dictionary(cases.map { ($0.id!, $0.number) }, uniquingKeysWith: { first, _ in first })
            let byCounterparty = try await Self.inspectionsByCode(inspections, req: req)
            drawn = outcome.drawn(in: specification).map { row in
                let inspection = byCounterparty[row.entry.key]
                return .init(
                    position: row.position, label: row.entry.label, key: row.entry.key,
                    officers: row.assigned.map(\.label).joined(separator: "、"),
                    inspectionURL: inspection.map { URLs.staffInspection.path($0.model.id!) },
                    caseNumber: inspection.flatMap { caseNumbers[$0.model.caseID] }, concluded: inspection?.conclusion != nil)
            }
        }
        let staff = try req.staff
        let runAction: Action = specification.purpose == .randomInspection ? .planRandomInspection : .planCaseReview
        return try await req.view.render("staff/draw", DrawPage(
            ctx: try StaffContext(req), id: id.uuidString.lowercased(), title: specification.title, purpose: specification.purpose.chineseName,
            commitment: draw.model.commitment, committed: ShanghaiTime.chinese(draw.model.committedAt), committedIndex: draw.model.ledgerIndex,
            parties: parties, pools: specification.pools.map { .init(name: Self.poolName($0.name), size: $0.entries.count, count: $0.count) },
            exclusions: specification.assignments.reduce(0) { $0 + $1.exclusions.count }, publicValueSource: specification.publicValueSource,
            completed: draw.result != nil, seed: draw.result?.seed, publicValue: draw.result?.publicValue,
            ran: draw.result.map { ShanghaiTime.chinese($0.ranAt) }, drawn: drawn,
            canReveal: staff.may(.revealDrawSecret) && draw.result == nil, canRun: staff.may(runAction) && draw.result == nil,
            publicURL: URLs.draw.path(id), dataURL: URLs.drawData.path(id), message: message, errors: errors,
            revealParty: revealParty, confirmation: confirmation))
    }

    static func inspectionsByCode(_ inspections: [DrawQueries.Inspection], req: Request) async throws -> [String: DrawQueries.Inspection] {
        let ids = inspections.map(\.model.counterpartyID)
        guard !ids.isEmpty else { return [:] }
        let rows = try await CounterpartyModel.query(on: req.db).filter(\.$id ~~ ids).all()
        let codes = Dictionary(rows.map { ($0.id!, $0.identifier) }, uniquingKeysWith: { first, _ in first })
        return Dictionary(inspections.compactMap { inspection in codes[inspection.model.counterpartyID].map { ($0, inspection) } },
                          uniquingKeysWith: { first, _ in first })
    }

    static func poolName(_ name: String) -> String {
        switch name {
        case InspectionPlan.objectsPool: "检查对象名录库"
        case InspectionPlan.officersPool: "执法检查人员名录库"
        default: name
        }
    }

    struct RevealForm: Content {
        var party: String?
        var secret: String?
    }

    @Sendable
    func reveal(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let form = try req.content.decode(RevealForm.self)
        do {
            try await req.loggingRefusal("draw reveal \(id.uuidString.lowercased())") {
                try await DrawService(context: req.serviceContext).reveal(
                    drawID: id, party: form.party ?? "", secret: form.secret ?? "", by: try req.staff)
            }
            return req.redirect(to: URLs.staffDraw.path(id) + "?done=revealed", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            // The secret is not typed back into the page: it stays with whoever holds it.
            return try await renderDraw(req, id, message: refusal.detail, errors: refusal.errors, revealParty: form.party ?? "")
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    struct RunForm: Content {
        var publicValue: String?
    }

    @Sendable
    func run(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let form = try req.content.decode(RunForm.self)
        do {
            _ = try await req.loggingRefusal("draw run \(id.uuidString.lowercased())") {
                try await InspectionPlanService(req.serviceContext).run(drawID: id, publicValue: form.publicValue, by: try req.staff)
            }
            return req.redirect(to: URLs.staffDraw.path(id) + "?done=ran", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderDraw(req, id, message: refusal.detail, errors: refusal.errors, revealParty: "")
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: Recusals

    struct RecusalPage: Content {
        struct Option: Content {
            let value: String
            let label: String
            let selected: Bool
        }
        struct Row: Content {
            let officer: String
            let counterparty: String
            let declared: String
        }
        let ctx: StaffContext
        let officers: [Option]
        let counterparty: String
        let relation: String
        let rows: [Row]
        let canDeclare: Bool
        let message: String?
        let confirmation: String?
    }

    struct RecusalForm: Content {
        var officerId: String?
        var counterparty: String?
        var relation: String?
    }

    @Sendable
    func recusals(req: Request) async throws -> View {
        try await renderRecusals(req, form: RecusalForm(), message: nil, confirmation: Self.notice(req.query[String.self, at: "done"]))
    }

    private func renderRecusals(_ req: Request, form: RecusalForm, message: String?, confirmation: String? = nil) async throws -> View {
        let staff = try req.staff
        var officerQuery = OfficerModel.query(on: req.db).sort(\.$name)
        if staff.role == .officer { officerQuery = officerQuery.filter(\.$id == (staff.officerID ?? UUID())) }
        let officers = try await officerQuery.limit(500).all()
        let relations = staff.role == .officer
            ? try await DrawQueries(database: req.db).relations(officerID: staff.officerID ?? UUID())
            : try await DrawQueries(database: req.db).recentRelations(limit: 100)
        let parties = try await CounterpartyModel.query(on: req.db).filter(\.$id ~~ relations.map(\.counterpartyID)).all()
        let partyNames = Dictionary(parties.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let related = try await OfficerModel.query(on: req.db).filter(\.$id ~~ relations.map(\.officerID)).all()
        let officerNames = Dictionary(related.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        return try await req.view.render("staff/recusals", RecusalPage(
            ctx: try StaffContext(req),
            officers: officers.map { .init(value: $0.id!.uuidString.lowercased(), label: $0.name, selected: $0.id!.uuidString.lowercased() == form.officerId?.lowercased()) },
            counterparty: form.counterparty ?? "", relation: form.relation ?? "",
            rows: relations.map { .init(officer: officerNames[$0.officerID] ?? "", counterparty: partyNames[$0.counterpartyID] ?? "", declared: ShanghaiTime.chinese($0.declaredAt)) },
            canDeclare: staff.may(.declareRecusal), message: message, confirmation: confirmation))
    }

    @Sendable
    func declare(req: Request) async throws -> Response {
        let form = try req.content.decode(RecusalForm.self)
        do {
            _ = try await req.loggingRefusal("recusal") {
                try await InspectionService(req.serviceContext).declareRelation(
                    officerID: form.officerId.flatMap(UUID.init(uuidString:)), counterparty: form.counterparty ?? "",
                    relation: form.relation ?? "", by: try req.staff)
            }
            return req.redirect(to: URLs.staffRecusals.url + "?done=declared", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderRecusals(req, form: form, message: refusal.detail).encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: A drawn inspection

    struct InspectionPage: Content {
        struct Option: Content {
            let value: String
            let label: String
            let selected: Bool
        }
        let ctx: StaffContext
        let id: String
        let counterparty: String
        let uscc: String
        let caseNumber: String
        let caseURL: String
        let drawTitle: String
        let drawURL: String
        let officers: String
        let concluded: Bool
        let concludedOn: String?
        let outcome: String?
        let summary: String?
        let dutyDue: String?
        let dutyState: String?
        let dutyLeft: String?
        let resultURL: String?
        let canConclude: Bool
        let canDraft: Bool
        let outcomes: [Option]
        let formDate: String
        let formSummary: String
        let message: String?
        let errors: [String: String]
        let confirmation: String?
    }

    struct ConclusionForm: Content {
        var concludedOn: String?
        var outcome: String?
        var summary: String?
    }

    @Sendable
    func inspection(req: Request) async throws -> View {
        try await renderInspection(req, try req.uuidParameter("id"), form: ConclusionForm(), message: nil, errors: [:],
                                   confirmation: Self.notice(req.query[String.self, at: "done"]))
    }

    private func renderInspection(
        _ req: Request, _ id: UUID, form: ConclusionForm, message: String?, errors: [String: String], confirmation: String? = nil
    ) async throws -> View {
        let standing = try await InspectionService(req.serviceContext).standing(id)
        let staff = try req.staff
        let conclusion = standing.inspection.conclusion
        let left = standing.duty.flatMap { duty -> String? in
            guard duty.state != "met", let days = duty.workdaysLeft else { return nil }
            return days < 0 ? "逾期\(-days)个工作日" : "剩\(days)个工作日"
        }
        return try await req.view.render("staff/inspection", InspectionPage(
            ctx: try StaffContext(req), id: id.uuidString.lowercased(), counterparty: standing.counterparty.name,
            uscc: standing.counterparty.identifier, caseNumber: standing.enforcementCase.number,
            caseURL: URLs.staffCase.path(standing.enforcementCase.id), drawTitle: standing.draw.specification.title,
            drawURL: URLs.staffDraw.path(standing.draw.id), officers: standing.officers.map(\.name).joined(separator: "、"),
            concluded: conclusion != nil, concludedOn: conclusion.flatMap { CivilDate(iso: $0.concludedOn)?.chinese },
            outcome: conclusion.map { InspectionOutcome(rawValue: $0.outcome)?.chineseName ?? $0.outcome }, summary: conclusion?.summary,
            dutyDue: standing.duty?.dueDescription, dutyState: standing.duty?.stateName, dutyLeft: left,
            resultURL: standing.resultPublicationID.map { URLs.staffPublication.path($0) },
            canConclude: conclusion == nil && staff.may(.concludeInspection),
            canDraft: conclusion != nil && standing.resultPublicationID == nil && staff.may(.draftPublication),
            outcomes: InspectionOutcome.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0.rawValue == form.outcome) },
            formDate: form.concludedOn ?? req.application.lawTrail.today.description, formSummary: form.summary ?? "",
            message: message, errors: errors, confirmation: confirmation))
    }

    @Sendable
    func conclude(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let form = try req.content.decode(ConclusionForm.self)
        do {
            try await req.loggingRefusal("inspection conclusion \(id.uuidString.lowercased())") {
                try await InspectionService(req.serviceContext).conclude(
                    id, concludedOn: form.concludedOn ?? "", outcome: form.outcome ?? "", summary: form.summary ?? "", by: try req.staff)
            }
            return req.redirect(to: URLs.staffInspection.path(id) + "?done=concluded", redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderInspection(req, id, form: form, message: refusal.detail, errors: refusal.errors)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    @Sendable
    func draftResult(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        do {
            let publication = try await req.loggingRefusal("inspection result draft \(id.uuidString.lowercased())") {
                try await InspectionService(req.serviceContext).draftResult(id, by: try req.staff)
            }
            return req.redirect(to: URLs.staffPublication.path(publication.id), redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind != .notFound {
            return try await renderInspection(req, id, form: ConclusionForm(), message: refusal.detail, errors: [:])
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }
}
