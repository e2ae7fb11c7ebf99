import Domain
import Fluent
import Persistence
import Vapor

/// The publicity desk (issue 6 item 6): draft a publication from a decision, the review queue, and
/// every workflow step as a form — publish, correct, withdraw with reasons. The rules are
/// `PublicationWorkflow`'s; a refusal re-renders the page with its Chinese reason and what was typed.
struct PublicityDeskController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, ["staff", "publications"], action: .draftPublication, use: list)
        routes.staff(.POST, ["staff", "publications", "from-case"], action: .draftPublication, use: draftFromCase)
        routes.staff(.GET, ["staff", "publications", ":id"], action: .draftPublication, use: detail)
        routes.staff(.POST, ["staff", "publications", ":id", "revise"], action: .draftPublication, use: revise)
        routes.staff(.POST, ["staff", "publications", ":id", "step"], action: .draftPublication, use: step)
    }

    // MARK: List and review queue

    struct ListPage: Content {
        struct Row: Content {
            let url: String
            let title: String
            let kindName: String
            let stateName: String
            let updated: String
        }
        struct Tab: Content {
            let name: String
            let url: String
            let current: Bool
            let count: Int
        }
        struct CaseOption: Content {
            let id: String
            let label: String
        }
        struct PersonOption: Content {
            let id: String
            let name: String
        }
        let ctx: StaffContext
        let tabs: [Tab]
        let rows: [Row]
        let page: Int
        let previousURL: String?
        let nextURL: String?
        let cases: [CaseOption]
        let people: [PersonOption]
        let isEmpty: Bool
    }

    static let states: [(slug: String?, name: String)] = [
        (nil, "全部"), ("draft", "草稿"), ("sent-back", "已退回"), ("submitted", "待审核"), ("approved", "待发布"),
        ("published", "已公示"), ("corrected", "已更正"), ("withdrawn", "已撤下"), ("expired", "公示期满"),
    ]

    @Sendable
    func list(req: Request) async throws -> View {
        let state = req.query[String.self, at: "state"].flatMap { slug in Self.states.contains { $0.slug == slug } ? slug : nil }
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let queries = PublicationQueries(database: req.db)
        let (items, total) = try await queries.staffList(state: state, kind: nil, offset: (page - 1) * 20, limit: 20)
        var tabs: [ListPage.Tab] = []
        for entry in Self.states {
            let count = try await queries.staffList(state: entry.slug, kind: nil, offset: 0, limit: 0).total
            tabs.append(.init(name: entry.name, url: StaffURL.publications + (entry.slug.map { "?state=" + $0 } ?? ""),
                              current: entry.slug == state, count: count))
        }
        let cases = try await CaseModel.query(on: req.db).filter(\.$kind ~~ ["penalty", "coercion", "licensing"])
            .sort(\.$createdAt, .descending).limit(50).all()
        let people = try await OfficerModel.query(on: req.db).sort(\.$name).all()
        let base = StaffURL.publications + "?" + (state.map { "state=\($0)&" } ?? "")
        return try await req.view.render("staff/publications", ListPage(
            ctx: try StaffContext(req),
            tabs: tabs,
            rows: items.map { item in
                .init(url: StaffURL.publication(item.id), title: item.title, kindName: item.kind.chineseName,
                      stateName: Self.states.first { $0.slug == item.state }?.name ?? item.state,
                      updated: CivilDate(item.updatedAt).chinese)
            },
            page: page, previousURL: page > 1 ? base + "page=\(page - 1)" : nil,
            nextURL: page * 20 < total ? base + "page=\(page + 1)" : nil,
            cases: try cases.map { .init(id: try $0.requireID().uuidString.lowercased(), label: "\($0.number)（\(EnforcementKind(rawValue: $0.kind)?.chineseName ?? $0.kind)）") },
            people: try people.map { .init(id: try $0.requireID().uuidString.lowercased(), name: $0.name) },
            isEmpty: items.isEmpty))
    }

    struct FromCaseForm: Content {
        var caseId: UUID?
        var personId: UUID?
    }

    @Sendable
    func draftFromCase(req: Request) async throws -> Response {
        let form = try req.content.decode(FromCaseForm.self)
        guard let caseID = form.caseId, let personID = form.personId else {
            return try await StaffPages.message(req, status: .unprocessableEntity, title: "无法起草", text: "请选择案件和责任人。")
        }
        do {
            let publication = try await PublicationController.draftFromCase(caseID, personID: personID, legalBasis: nil, req: req)
            return req.redirect(to: StaffURL.publication(publication.id), redirectType: .normal)
        } catch let problem as Problem {
            return try await StaffPages.message(req, status: HTTPResponseStatus(statusCode: problem.status), title: problem.title, text: problem.detail)
        }
    }

    // MARK: One publication

    struct DetailPage: Content {
        struct Field: Content {
            let key: String
            let label: String
            let value: String
            let required: Bool
            let multiline: Bool
            let error: String?
        }
        struct Step: Content {
            let text: String
        }
        let ctx: StaffContext
        let id: String
        let title: String
        let kindName: String
        let stateName: String
        let stateNote: String?
        let error: String?
        let fields: [Field]
        let editable: Bool
        let correctable: Bool
        let history: [Step]
        let canSubmit: Bool
        let canReview: Bool
        let canPublish: Bool
        let canApplyCorrection: Bool
        let canWithdraw: Bool
        let isPenalty: Bool
        let publicURL: String?
        let legalBasis: String
    }

    @Sendable
    func detail(req: Request) async throws -> View {
        try await render(req, publication: try await load(req), error: nil, typed: nil, fieldErrors: [:])
    }

    /// `f.<key>` form fields → the version's fields.
    static func fields(from req: Request) throws -> [String: String] {
        let form = try req.content.decode([String: String].self)
        var fields: [String: String] = [:]
        for (name, value) in form where name.hasPrefix("f.") {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { fields[String(name.dropFirst(2))] = trimmed }
        }
        return fields
    }

    @Sendable
    func revise(req: Request) async throws -> Response {
        let publication = try await load(req)
        let typed = try Self.fields(from: req)
        let title = ((try? req.content.get(String.self, at: "title")) ?? publication.latestVersion.title)
        let reason = try? req.content.get(String.self, at: "correctionReason")
        let latest = publication.latestVersion
        let input = PublicationController.ContentInput(
            title: title, fields: typed,
            disclosure: .init(legalBasis: (try? req.content.get(String.self, at: "legalBasis")) ?? latest.disclosure.legalBasis, withheld: nil, reason: nil),
            unitId: latest.responsibility.unitID, personId: latest.responsibility.personID,
            counterpartyId: latest.counterparty?.id, correctionReason: publication.state.isPublic ? reason : nil)
        do {
            let actor = try PublicationController.actor(req)
            let at = PublicationController.now(req)
            let store = PublicationStore(ledger: req.ledgerWriter)
            if publication.state.isPublic {
                let published = publication.publishedVersion ?? latest
                let version = try await PublicationController.version(
                    input, publicationID: publication.id, number: latest.number + 1, kind: publication.kind, supersedes: published.id,
                    sourceCaseID: published.sourceCaseID, sourceActivityID: published.sourceActivityID, actor: actor, at: at, req: req)
                try await PublicationController.mapping {
                    try await store.apply(publication.id, at: at, on: req.db) { try PublicationWorkflow.proposeCorrection($0, with: version, by: actor, at: at) }
                }
            } else {
                let version = try await PublicationController.version(
                    input, publicationID: publication.id, number: latest.number + 1, kind: publication.kind, supersedes: latest.id,
                    sourceCaseID: latest.sourceCaseID, sourceActivityID: latest.sourceActivityID, actor: actor, at: at, req: req)
                try await PublicationController.mapping {
                    try await store.apply(publication.id, at: at, on: req.db) { try PublicationWorkflow.revise($0, with: version, by: actor, at: at) }
                }
            }
            return req.redirect(to: StaffURL.publication(publication.id), redirectType: .normal)
        } catch let problem as Problem {
            return try await render(req, publication: publication, error: problem.detail, typed: typed, fieldErrors: problem.errors ?? [:])
                .encodeResponse(status: HTTPResponseStatus(statusCode: problem.status), for: req)
        }
    }

    /// One workflow step from a button: `action` names it; `reason` where one is needed.
    @Sendable
    func step(req: Request) async throws -> Response {
        let publication = try await load(req)
        let action = (try? req.content.get(String.self, at: "action")) ?? ""
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        let actor = try PublicationController.actor(req)
        let at = PublicationController.now(req)
        let services = req.application.lawTrail
        let make: (Publication) throws -> PublicationChange
        switch action {
        case "submit": make = { try PublicationWorkflow.submit($0, by: actor, at: at) }
        case "approve": make = { try PublicationWorkflow.approve($0, by: actor, at: at) }
        case "send-back": make = { try PublicationWorkflow.sendBack($0, comment: reason, by: actor, at: at) }
        case "publish":
            let slug = (try? req.content.get(String.self, at: "category")) ?? publication.kind.defaultPublicityCategory.rawValue
            let category = PublicityCategory(rawValue: slug) ?? publication.kind.defaultPublicityCategory
            let period = services.config.publicityPolicy.period(for: publication.latestVersion, category: category, publishedOn: CivilDate(at))
            make = { try PublicationWorkflow.publish($0, period: period, by: actor, at: at) }
        case "apply-correction": make = { try PublicationWorkflow.correct($0, by: actor, at: at) }
        case "reject-correction": make = { try PublicationWorkflow.rejectCorrection($0, comment: reason, by: actor, at: at) }
        case "withdraw": make = { try PublicationWorkflow.withdraw($0, reason: reason, by: actor, at: at) }
        case "end-early": make = { try PublicationWorkflow.endEarly($0, reason: reason, by: actor, at: at) }
        default:
            return try await render(req, publication: publication, error: "未知的操作。", typed: nil, fieldErrors: [:])
                .encodeResponse(status: .badRequest, for: req)
        }
        do {
            try await PublicationController.mapping {
                try await PublicationStore(ledger: req.ledgerWriter).apply(publication.id, at: at, on: req.db, make)
            }
            return req.redirect(to: StaffURL.publication(publication.id), redirectType: .normal)
        } catch let problem as Problem {
            if problem.status == 403 {
                try await RequireAction.logRefusal(req, userID: actor.userID, reason: "publication \(action) refused: \(problem.detail)")
            }
            return try await render(req, publication: publication, error: problem.detail, typed: nil, fieldErrors: problem.errors ?? [:])
                .encodeResponse(status: HTTPResponseStatus(statusCode: problem.status), for: req)
        }
    }

    // MARK: - Helpers

    private func load(_ req: Request) async throws -> Publication {
        guard let publication = try await PublicationQueries(database: req.db).publication(try req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        return publication
    }

    private func render(
        _ req: Request, publication: Publication, error: String?, typed: [String: String]?, fieldErrors: [String: String]
    ) async throws -> View {
        let user = try req.user
        let latest = publication.latestVersion
        let values = typed ?? latest.fields
        var fields: [DetailPage.Field] = []
        if let schema = publication.kind.doublePublicityFields {
            for field in schema.fields {
                let required: Bool = switch field.requirement {
                case .required: true
                case .optional: false
                case .requiredWhen(let key, let anyOf): anyOf.contains(values[key] ?? "")
                }
                fields.append(.init(key: field.key, label: field.label, value: values[field.key] ?? "", required: required,
                                    multiline: field.key == "violationFacts" || field.key == "licenceContent", error: fieldErrors[field.key]))
            }
        }
        let known = Set(publication.kind.doublePublicityFields?.keys ?? [])
        for key in values.keys.sorted() where !known.contains(key) {
            fields.append(.init(key: key, label: key, value: values[key] ?? "", required: false, multiline: false, error: fieldErrors[key]))
        }
        let history = publication.history.map { step in
            DetailPage.Step(text: "\(ShanghaiTime.chinese(step.at)) \(step.kind.chineseName)" + (step.reason.map { "：\($0)" } ?? ""))
        }
        let may = { (action: Action) in Permissions.allows(user.role, action) }
        let stateNote: String? = switch publication.state {
        case .sentBack(let comment): "退回意见：\(comment)"
        case .withdrawn(let reason): "撤下原因：\(reason)"
        default: publication.pendingCorrection.map { "有待审核的更正（第\($0.number)版）：\($0.correctionReason ?? "")" }
        }
        let editable = publication.state == .draft || { if case .sentBack = publication.state { return true }; return false }()
        return try await req.view.render("staff/publication", DetailPage(
            ctx: try StaffContext(req), id: publication.id.uuidString.lowercased(), title: latest.title,
            kindName: publication.kind.chineseName, stateName: publication.state.chineseName, stateNote: stateNote, error: error,
            fields: fields, editable: editable && may(.draftPublication),
            correctable: publication.state.isPublic && publication.pendingCorrectionID == nil && may(.correctPublication),
            history: history,
            canSubmit: publication.state == .draft && may(.draftPublication),
            canReview: publication.state == .submitted && may(.approvePublication),
            canPublish: publication.state == .approved && may(.publishPublication),
            canApplyCorrection: publication.pendingCorrectionID != nil && may(.approvePublication),
            canWithdraw: publication.state.isPublic && may(.withdrawPublication),
            isPenalty: publication.kind == .penaltyDecision,
            publicURL: publication.publishedVersion != nil ? SiteURL.publication(publication.id.uuidString.lowercased()).path : nil,
            legalBasis: latest.disclosure.legalBasis))
    }
}

