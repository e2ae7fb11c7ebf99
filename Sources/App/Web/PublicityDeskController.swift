import Domain
import Fluent
import Persistence
import Services
import Vapor

/// The publicity desk (issue 6 item 6): draft a publication from a decision, the review queue, and
/// every workflow step as a form — publish, correct, withdraw with reasons. The rules are
/// `PublicationWorkflow`'s; a refusal re-renders the page with its Chinese reason and what was typed.
struct PublicityDeskController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffPublications.components, action: .draftPublication, use: list)
        routes.staff(.POST, URLs.staffPublicationFromCase.components, action: .draftPublication, use: draftFromCase)
        routes.staff(.GET, URLs.staffPublication.components, action: .draftPublication, use: detail)
        routes.staff(.POST, URLs.staffPublicationRevise.components, action: .draftPublication, use: revise)
        routes.staff(.POST, URLs.staffPublicationStep.components, action: .draftPublication, use: step)
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
        let total: Int
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
        // One read for every tab's count (issue 16): kept per state by migration 021's triggers.
        let counts = try await queries.stateCounts()
        var tabs: [ListPage.Tab] = []
        for entry in Self.states {
            let count = entry.slug.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
            tabs.append(.init(name: entry.name, url: URLs.staffPublications.url + (entry.slug.map { "?state=" + $0 } ?? ""),
                              current: entry.slug == state, count: count))
        }
        let cases = try await CaseModel.query(on: req.db).filter(\.$kind ~~ ["penalty", "coercion", "licensing"])
            .sort(\.$createdAt, .descending).limit(50).all()
        let people = try await OfficerModel.query(on: req.db).sort(\.$name).all()
        let base = URLs.staffPublications.url + "?" + (state.map { "state=\($0)&" } ?? "")
        return try await req.view.render("staff/publications", ListPage(
            ctx: try StaffContext(req),
            tabs: tabs,
            rows: items.map { item in
                .init(url: URLs.staffPublication.path(item.id), title: item.title, kindName: item.kind.chineseName,
                      stateName: Self.states.first { $0.slug == item.state }?.name ?? item.state,
                      updated: CivilDate(item.updatedAt).chinese)
            },
            page: page, total: total, previousURL: page > 1 ? base + "page=\(page - 1)" : nil,
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
            let publication = try await PublicationService(req.serviceContext).draftFromCase(caseID, personID: personID, by: try req.staff)
            return req.redirect(to: URLs.staffPublication.path(publication.id) + "?done=drafted", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await StaffPages.message(req, status: refusal.httpStatus, title: refusal.title, text: refusal.detail)
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
        /// A publicity category the approver may choose (issue 13 item 4), with its period in words.
        struct CategoryOption: Content {
            let value: String
            let label: String
            let selected: Bool
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
        let done: String?
        let fields: [Field]
        let editable: Bool
        let correctable: Bool
        let history: [Step]
        /// Why a draft cannot be submitted yet, when the person could otherwise submit it.
        let submitHint: String?
        let canSubmit: Bool
        let canApprove: Bool
        let canSendBack: Bool
        let canPublish: Bool
        let canApplyCorrection: Bool
        let canRejectCorrection: Bool
        let canWithdraw: Bool
        let canEndEarly: Bool
        /// Nothing to do here for this person (no button, no hint).
        let noSteps: Bool
        let isPenalty: Bool
        /// The categories the approver chooses from (shown when there is more than one).
        let categories: [CategoryOption]
        let chooseCategory: Bool
        /// The category fixed at approval, shown beside 发布.
        let approvedCategory: String?
        /// Where the legal section enters a correction request that came by letter or e-mail.
        let writtenCorrectionURL: String?
        let publicURL: String?
        let legalBasis: String
    }

    @Sendable
    func detail(req: Request) async throws -> View {
        // A confirmation after a step, by a fixed key (never text taken from the query).
        let done: String? = req.query[String.self, at: "done"].flatMap { key in
            key == "drafted" ? "已起草。请核对由案卷带入的内容，补全后提交审核。" : PublicationStep(rawValue: key).map { "已完成：\($0.chineseName)。" }
        }
        return try await render(req, publication: try await load(req), error: nil, typed: nil, fieldErrors: [:], done: done)
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
        // A published item's edit is a proposed correction, reviewed by a second person (SPEC P9.1, P11).
        let step: PublicationStep = publication.state.isPublic ? .proposeCorrection : .revise
        let base = step == .proposeCorrection ? (publication.publishedVersion ?? publication.latestVersion) : publication.latestVersion
        let content = PublicationService.ContentInput.editing(
            base, title: try? req.content.get(String.self, at: "title"), fields: typed,
            legalBasis: try? req.content.get(String.self, at: "legalBasis"),
            correctionReason: step == .proposeCorrection ? try? req.content.get(String.self, at: "correctionReason") : nil)
        do {
            _ = try await PublicationService(req.serviceContext).perform(step, on: publication.id, content: content, by: try req.staff)
            return req.redirect(to: URLs.staffPublication.path(publication.id) + "?done=" + step.rawValue, redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, publication: publication, error: refusal.detail, typed: typed, fieldErrors: refusal.errors)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    /// One workflow step from a button: `action` names it; `reason` where one is needed.
    @Sendable
    func step(req: Request) async throws -> Response {
        let publication = try await load(req)
        let slug = (try? req.content.get(String.self, at: "action")) ?? ""
        guard let step = PublicationStep(rawValue: slug), !step.carriesVersion else {
            return try await render(req, publication: publication, error: "未知的操作。", typed: nil, fieldErrors: [:])
                .encodeResponse(status: .badRequest, for: req)
        }
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        let category = (try? req.content.get(String.self, at: "category")).flatMap(PublicityCategory.init(rawValue:))
        let staff = try req.staff
        do {
            _ = try await PublicationService(req.serviceContext)
                .perform(step, on: publication.id, reason: reason, category: category, by: staff)
            return req.redirect(to: URLs.staffPublication.path(publication.id) + "?done=" + step.rawValue, redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            if refusal.kind == .forbidden {
                try await RefusalLog.record(req, userID: staff.id, reason: "publication \(slug) refused: \(refusal.detail)")
            }
            return try await render(req, publication: publication, error: refusal.detail, typed: nil, fieldErrors: refusal.errors)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: - Helpers

    private func load(_ req: Request) async throws -> Publication {
        guard let publication = try await PublicationQueries(database: req.db).publication(try req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        // A version stored in clear before issue 12 shows its ID numbers masked here too (item 3).
        return publication.redactingIdentityNumbers()
    }

    private func render(
        _ req: Request, publication: Publication, error: String?, typed: [String: String]?, fieldErrors: [String: String],
        done: String? = nil
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
        // Who took each step (issue 10 item 9): their name and role, or 系统 for an automatic expiry.
        let actorIDs = Set(publication.history.compactMap { $0.by?.userID })
        let names = Dictionary(try await UserModel.query(on: req.db).filter(\.$id ~~ Array(actorIDs)).all()
            .map { ($0.id!, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        let history = publication.history.map { step in
            let who = step.by.map { "\(names[$0.userID] ?? "（已注销账号）")（\($0.role.chineseName)）" } ?? "系统"
            return DetailPage.Step(text: "\(ShanghaiTime.chinese(step.at)) \(who) \(step.kind.chineseName)" + (step.reason.map { "：\($0)" } ?? ""))
        }
        let stateNote: String? = switch publication.state {
        case .sentBack(let comment): "退回意见：\(comment)"
        case .withdrawn(let reason): "撤下原因：\(reason)"
        default: publication.pendingCorrection.map { "有待审核的更正（第\($0.number)版）：\($0.correctionReason ?? "")" }
        }
        // The buttons are exactly the steps the workflow would accept now (issue 11 item 2).
        let services = req.serviceContext
        let steps = Set(try await PublicationService(services).availableSteps(publication, for: user.staffMember))
        // The approver chooses the publicity category under the policy in force today (issue 13 item 4).
        let policy = try await PublicityPolicyService(services).policy()
        let allowed = publication.kind.allowedPublicityCategories
        let categories = allowed.count > 1 ? allowed.map { category in
            DetailPage.CategoryOption(
                value: category.rawValue, label: "\(category.chineseName)（\(policy.duration(for: category).chineseDescription)）",
                selected: category == publication.kind.defaultPublicityCategory)
        } : []
        let approvedCategory = publication.approvedCategory.map {
            "\($0.chineseName)（\(policy.duration(for: $0).chineseDescription)）"
        }
        let problems = latest.problems(today: services.clock.today)
        let submitHint: String? = steps.contains(.revise) && !steps.contains(.submit) && !problems.isEmpty
            ? "内容尚不完整，补全后才能提交审核：" + problems.keys.sorted().compactMap { problems[$0] }.joined(separator: "；") : nil
        return try await req.view.render("staff/publication", DetailPage(
            ctx: try StaffContext(req), id: publication.id.uuidString.lowercased(), title: latest.title,
            kindName: publication.kind.chineseName, stateName: publication.state.chineseName, stateNote: stateNote, error: error, done: done,
            fields: fields, editable: steps.contains(.revise), correctable: steps.contains(.proposeCorrection),
            history: history, submitHint: submitHint,
            canSubmit: steps.contains(.submit), canApprove: steps.contains(.approve), canSendBack: steps.contains(.sendBack),
            canPublish: steps.contains(.publish),
            canApplyCorrection: steps.contains(.applyCorrection), canRejectCorrection: steps.contains(.rejectCorrection),
            canWithdraw: steps.contains(.withdraw), canEndEarly: steps.contains(.endEarly),
            noSteps: steps.subtracting([.revise, .proposeCorrection]).isEmpty && submitHint == nil,
            isPenalty: publication.kind == .penaltyDecision, categories: categories,
            chooseCategory: !categories.isEmpty, approvedCategory: approvedCategory,
            writtenCorrectionURL: publication.state.isPublic && user.staffMember.may(.answerCorrectionRequest)
                ? URLs.staffWrittenCorrection.url + "?publication=" + publication.id.uuidString.lowercased() : nil,
            publicURL: publication.publishedVersion != nil ? SiteURL.publication(publication.id.uuidString.lowercased()).path : nil,
            legalBasis: latest.disclosure.legalBasis))
    }
}

