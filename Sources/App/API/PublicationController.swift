import Domain
import Fluent
import Persistence
import Vapor

/// The publication workflow over HTTP for staff (SPEC P2, P7–P11; issue 5 items 1–3, 5): draft (by
/// hand or from a case file), revise, submit, approve or send back, publish, correct (proposed by
/// one person, applied by another), withdraw, end early. Each step is `PublicationWorkflow`'s; this
/// controller only parses, looks up names, and maps refusals to problems.
struct PublicationController: RouteCollection {
    struct DisclosureInput: Content {
        let legalBasis: String
        /// 依法不予公开 when set, with `reason`.
        let withheld: Bool?
        let reason: String?
    }

    struct ContentInput: Content {
        let title: String
        let fields: [String: String]
        let disclosure: DisclosureInput
        let unitId: UUID
        /// The responsible person: an officer of the directory (SPEC P2 “谁执法、谁公示、谁负责”).
        let personId: UUID
        let counterpartyId: UUID?
        /// Why a published item is corrected (corrections only).
        let correctionReason: String?
    }

    struct DraftInput: Content {
        let kind: String
        let content: ContentInput
        let sourceCaseId: UUID?
        let sourceActivityId: UUID?
    }

    struct FromCaseInput: Content {
        let personId: UUID
        let legalBasis: String?
    }

    struct ReasonInput: Content {
        let reason: String
    }

    struct PublishInput: Content {
        /// A penalty's category: `general-penalty` (default) or `serious-penalty` (SPEC P7.5).
        let category: String?
    }

    func boot(routes: RoutesBuilder) throws {
        let base: [PathComponent] = ["api", "v1", "publications"]
        routes.protected(.GET, base, action: .draftPublication, use: list)
        routes.protected(.POST, base, action: .draftPublication, use: draft)
        routes.protected(.POST, base + ["from-case", ":caseId"], action: .draftPublication, use: draftFromCase)
        routes.protected(.POST, base + ["from-officer", ":officerId"], action: .draftPublication, use: draftFromOfficer)
        routes.protected(.GET, base + [":id"], action: .draftPublication, use: show)
        routes.protected(.POST, base + [":id", "revise"], action: .draftPublication, use: revise)
        routes.protected(.POST, base + [":id", "submit"], action: .draftPublication, use: submit)
        routes.protected(.POST, base + [":id", "approve"], action: .approvePublication, use: approve)
        routes.protected(.POST, base + [":id", "send-back"], action: .approvePublication, use: sendBack)
        routes.protected(.POST, base + [":id", "publish"], action: .publishPublication, use: publish)
        routes.protected(.POST, base + [":id", "corrections"], action: .correctPublication, use: proposeCorrection)
        routes.protected(.POST, base + [":id", "corrections", "apply"], action: .approvePublication, use: applyCorrection)
        routes.protected(.POST, base + [":id", "corrections", "reject"], action: .approvePublication, use: rejectCorrection)
        routes.protected(.POST, base + [":id", "withdraw"], action: .withdrawPublication, use: withdraw)
        routes.protected(.POST, base + [":id", "end-early"], action: .withdrawPublication, use: endEarly)
        routes.protected(.POST, ["api", "v1", "publicity", "expire"], action: .withdrawPublication, use: expire)
    }

    // MARK: Reading

    @Sendable
    func list(req: Request) async throws -> Page<PublicationQueries.StaffItem> {
        let paging = try req.query.decode(PageQuery.self)
        let state = req.query[String.self, at: "state"]
        let kind = try req.query[String.self, at: "kind"].map(Self.kind)
        let (items, total) = try await PublicationQueries(database: req.db)
            .staffList(state: state, kind: kind, offset: paging.offset, limit: paging.perPage)
        return Page(items: items, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func show(req: Request) async throws -> Publication {
        try await load(req)
    }

    // MARK: Drafting

    @Sendable
    func draft(req: Request) async throws -> Response {
        let input = try req.decodeBody(DraftInput.self)
        let kind = try Self.kind(input.kind)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        let id = UUID()
        let version = try await Self.version(
            input.content, publicationID: id, number: 1, kind: kind, supersedes: nil, sourceCaseID: input.sourceCaseId,
            sourceActivityID: input.sourceActivityId, actor: actor, at: at, req: req)
        let publication = try await Self.storeDraft(version, actor: actor, at: at, req: req)
        return try await publication.encodeResponse(status: .created, for: req)
    }

    /// A decision's publication drafted from its case file (issue 5 item 1: nothing typed twice).
    @Sendable
    func draftFromCase(req: Request) async throws -> Response {
        let caseID = try req.uuidParameter("caseId")
        let input = try req.decodeBody(FromCaseInput.self)
        let publication = try await Self.draftFromCase(caseID, personID: input.personId, legalBasis: input.legalBasis, req: req)
        return try await publication.encodeResponse(status: .created, for: req)
    }

    /// The draft of case `caseID`'s decision, filled from the case file (used by the API and the desk).
    static func draftFromCase(_ caseID: UUID, personID: UUID, legalBasis: String?, req: Request) async throws -> Publication {
        let services = req.application.lawTrail
        guard let enforcementCase = try await ActivityQueries(database: req.db).enforcementCase(caseID) else {
            throw Problem.notFound("案件不存在。")
        }
        guard let kind = DecisionPublicationDraft.publicationKind(for: enforcementCase.kind) else {
            throw Problem.unprocessable("no-publication-for-kind", "“\(enforcementCase.kind.chineseName)”案件没有需公示的决定。")
        }
        guard let party = try await CounterpartyModel.find(enforcementCase.counterpartyID, on: req.db) else {
            throw Problem.notFound("当事人不存在。")
        }
        let counterparty = try party.domain(protection: services.personalData)
        let decision = try await RecordModel.query(on: req.db)
            .filter(\.$caseID == caseID).sort(\.$createdAt, .descending).all()
            .map { try $0.domain() }
            .first { $0.templateID == DocumentTemplate.penaltyDecision.id }?.documentValues
        let (title, fields) = DecisionPublicationDraft.fields(
            case: enforcementCase, counterparty: counterparty, decision: decision,
            bureauName: services.config.bureauName, bureauUSCC: services.config.bureauUSCC)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        let content = ContentInput(
            title: title, fields: fields,
            disclosure: DisclosureInput(legalBasis: legalBasis ?? Self.defaultLegalBasis(kind), withheld: nil, reason: nil),
            unitId: enforcementCase.unitID, personId: personID, counterpartyId: counterparty.id, correctionReason: nil)
        let version = try await Self.version(
            content, publicationID: UUID(), number: 1, kind: kind, supersedes: nil, sourceCaseID: caseID,
            sourceActivityID: nil, actor: actor, at: at, req: req)
        return try await Self.storeDraft(version, actor: actor, at: at, req: req)
    }

    /// An officer's certificate item drafted from the officer record (SPEC P5; the legal section's).
    @Sendable
    func draftFromOfficer(req: Request) async throws -> Response {
        let officerID = try req.uuidParameter("officerId")
        guard let officer = try await ActivityQueries(database: req.db).officers([officerID]).first,
              let unit = try await UnitModel.find(officer.unitID, on: req.db) else {
            throw Problem.notFound("执法人员不存在。")
        }
        let services = req.application.lawTrail
        let (title, fields) = OfficerCertificateDraft.fields(officer: officer, unitName: unit.name, today: services.today)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        let content = ContentInput(
            title: title, fields: fields,
            disclosure: DisclosureInput(legalBasis: Self.defaultLegalBasis(.officerCertificate), withheld: nil, reason: nil),
            unitId: officer.unitID, personId: officerID, counterpartyId: nil, correctionReason: nil)
        let version = try await Self.version(
            content, publicationID: UUID(), number: 1, kind: .officerCertificate, supersedes: nil, sourceCaseID: nil,
            sourceActivityID: nil, actor: actor, at: at, req: req)
        let publication = try await Self.storeDraft(version, actor: actor, at: at, req: req)
        return try await publication.encodeResponse(status: .created, for: req)
    }

    /// Stores a first version; a decision's draft also creates the duty to publish it within 7 or
    /// 20 working days of the decision day (SPEC P7.1, P7.2).
    static func storeDraft(_ version: PublicationVersion, actor: PublicationActor, at: Date, req: Request) async throws -> Publication {
        var obligations: [Obligation] = []
        if let enforcementKind = version.kind.enforcementKind {
            let decided = version.fields["decisionDate"].flatMap(DoublePublicityFields.date) ?? CivilDate(at)
            let target = ObligationTarget(
                subject: .publication(version.publicationID), title: version.title, responsibility: version.responsibility)
            obligations = req.application.lawTrail.obligationRules.obligations(
                for: .decisionMade(kind: enforcementKind, on: decided, decision: target))
        }
        return try await mapping {
            try await PublicationStore(ledger: req.ledgerWriter).draft(version, by: actor, at: at, obligations: obligations, on: req.db)
        }
    }

    @Sendable
    func revise(req: Request) async throws -> Publication {
        let input = try req.decodeBody(ContentInput.self)
        let current = try await load(req)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        let latest = current.latestVersion
        let version = try await Self.version(
            input, publicationID: current.id, number: latest.number + 1, kind: current.kind, supersedes: latest.id,
            sourceCaseID: latest.sourceCaseID, sourceActivityID: latest.sourceActivityID, actor: actor, at: at, req: req)
        return try await step(req, at: at) { try PublicationWorkflow.revise($0, with: version, by: actor, at: at) }
    }

    // MARK: Review and publication (SPEC P11, P7)

    @Sendable
    func submit(req: Request) async throws -> Publication {
        let actor = try Self.actor(req)
        let at = Self.now(req)
        return try await step(req, at: at) { try PublicationWorkflow.submit($0, by: actor, at: at) }
    }

    @Sendable
    func approve(req: Request) async throws -> Publication {
        let actor = try Self.actor(req)
        let at = Self.now(req)
        return try await step(req, at: at) { try PublicationWorkflow.approve($0, by: actor, at: at) }
    }

    @Sendable
    func sendBack(req: Request) async throws -> Publication {
        let input = try req.decodeBody(ReasonInput.self)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        return try await step(req, at: at) { try PublicationWorkflow.sendBack($0, comment: input.reason, by: actor, at: at) }
    }

    @Sendable
    func publish(req: Request) async throws -> Publication {
        // The body is optional: without one, the kind's default category.
        let input = req.headers.contentType == nil ? PublishInput(category: nil) : try req.decodeBody(PublishInput.self)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        let policy = req.application.lawTrail.config.publicityPolicy
        let current = try await load(req)
        var category = current.kind.defaultPublicityCategory
        if let slug = input.category {
            guard let chosen = PublicityCategory(rawValue: slug) else {
                throw Problem.badRequest("malformed-parameter", "公示期限类别不正确。", errors: ["category": "未知的类别"])
            }
            category = chosen
        }
        let period = policy.period(for: current.latestVersion, category: category, publishedOn: CivilDate(at))
        return try await step(req, at: at) { try PublicationWorkflow.publish($0, period: period, by: actor, at: at) }
    }

    // MARK: Corrections (SPEC P9.1, P11)

    @Sendable
    func proposeCorrection(req: Request) async throws -> Publication {
        let input = try req.decodeBody(ContentInput.self)
        let current = try await load(req)
        guard let published = current.publishedVersion else {
            throw Problem(.conflict, type: "publication-not-allowed", title: "无法处理", detail: "该公示信息尚未发布，不能更正。")
        }
        let actor = try Self.actor(req)
        let at = Self.now(req)
        let version = try await Self.version(
            input, publicationID: current.id, number: current.latestVersion.number + 1, kind: current.kind,
            supersedes: published.id, sourceCaseID: published.sourceCaseID, sourceActivityID: published.sourceActivityID,
            actor: actor, at: at, req: req)
        return try await step(req, at: at) { try PublicationWorkflow.proposeCorrection($0, with: version, by: actor, at: at) }
    }

    @Sendable
    func applyCorrection(req: Request) async throws -> Publication {
        let actor = try Self.actor(req)
        let at = Self.now(req)
        return try await step(req, at: at) { try PublicationWorkflow.correct($0, by: actor, at: at) }
    }

    @Sendable
    func rejectCorrection(req: Request) async throws -> Publication {
        let input = try req.decodeBody(ReasonInput.self)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        return try await step(req, at: at) { try PublicationWorkflow.rejectCorrection($0, comment: input.reason, by: actor, at: at) }
    }

    // MARK: Leaving the lists (SPEC P9.3, P7.5)

    @Sendable
    func withdraw(req: Request) async throws -> Publication {
        let input = try req.decodeBody(ReasonInput.self)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        return try await step(req, at: at) { try PublicationWorkflow.withdraw($0, reason: input.reason, by: actor, at: at) }
    }

    @Sendable
    func endEarly(req: Request) async throws -> Publication {
        let input = try req.decodeBody(ReasonInput.self)
        let actor = try Self.actor(req)
        let at = Self.now(req)
        return try await step(req, at: at) { try PublicationWorkflow.endEarly($0, reason: input.reason, by: actor, at: at) }
    }

    /// Records the expiry of every publication whose period has ended (also run hourly by the server).
    @Sendable
    func expire(req: Request) async throws -> ExpirySweep.Result {
        try await ExpirySweep.run(database: req.db, ledger: req.ledgerWriter, at: Self.now(req))
    }

    // MARK: - Helpers

    private func load(_ req: Request) async throws -> Publication {
        let id = try req.uuidParameter("id")
        guard let publication = try await PublicationQueries(database: req.db).publication(id) else {
            throw Problem.notFound("公示信息不存在。")
        }
        return publication
    }

    private func step(
        _ req: Request, at: Date, _ make: @escaping (Publication) throws -> PublicationChange
    ) async throws -> Publication {
        let id = try req.uuidParameter("id")
        return try await Self.mapping {
            try await PublicationStore(ledger: req.ledgerWriter).apply(id, at: at, on: req.db, make)
        }
    }

    /// Runs `work`, turning workflow refusals and unknown ids into problems.
    @discardableResult
    static func mapping<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as PublicationError {
            throw Problem(error)
        } catch PersistenceError.notFound {
            throw Problem.notFound("公示信息不存在。")
        }
    }

    /// Event times are whole seconds (docs/ledger-format.md); versions and steps keep the same.
    static func now(_ req: Request) -> Date {
        Date(timeIntervalSince1970: req.application.lawTrail.now.timeIntervalSince1970.rounded(.down))
    }

    static func actor(_ req: Request) throws -> PublicationActor {
        let user = try req.user
        return PublicationActor(userID: user.id, role: user.role)
    }

    static func kind(_ slug: String) throws -> PublicationKind {
        guard let kind = PublicationKind(rawValue: slug) else {
            throw Problem.badRequest("malformed-parameter", "公示信息类别不正确：\(slug)。", errors: ["kind": "未知的类别"])
        }
        return kind
    }

    static func defaultLegalBasis(_ kind: PublicationKind) -> String {
        switch kind {
        case .penaltyDecision: "《中华人民共和国行政处罚法》第四十八条"
        default: "《上海市普陀区应急管理行政执法公示办法》"
        }
    }

    /// A version from form input, with the responsible unit and person looked up by id.
    static func version(
        _ input: ContentInput, publicationID: UUID, number: Int, kind: PublicationKind, supersedes: UUID?,
        sourceCaseID: UUID?, sourceActivityID: UUID?, actor: PublicationActor, at: Date, req: Request
    ) async throws -> PublicationVersion {
        var errors: [String: String] = [:]
        let unit = try await UnitModel.find(input.unitId, on: req.db)
        if unit == nil { errors["unitId"] = "单位不存在" }
        let person = try await OfficerModel.find(input.personId, on: req.db)
        if person == nil { errors["personId"] = "责任人不存在" }
        var counterparty: Counterparty?
        if let partyID = input.counterpartyId {
            if let row = try await CounterpartyModel.find(partyID, on: req.db) {
                counterparty = try row.domain(protection: req.application.lawTrail.personalData)
            } else {
                errors["counterpartyId"] = "当事人不存在"
            }
        }
        if input.fields.count > 100 || input.fields.contains(where: { $0.key.count > 64 || $0.value.count > 10_000 }) {
            errors["fields"] = "字段过多或过长"
        }
        guard errors.isEmpty, let unit, let person else {
            throw Problem.unprocessable("invalid-publication", "公示信息有误。", errors: errors)
        }
        let disclosure: PublicationDisclosure = input.disclosure.withheld == true
            ? .withheld(legalBasis: input.disclosure.legalBasis, reason: input.disclosure.reason ?? "")
            : .publish(legalBasis: input.disclosure.legalBasis)
        return PublicationVersion(
            publicationID: publicationID, number: number, kind: kind, title: input.title, fields: input.fields,
            responsibility: Responsibility(
                unitID: try unit.requireID(), unitName: unit.name, personID: try person.requireID(), personName: person.name),
            disclosure: disclosure, sourceActivityID: sourceActivityID, sourceCaseID: sourceCaseID,
            counterparty: counterparty, draftedBy: actor.userID, draftedAt: at, supersedes: supersedes,
            correctionReason: input.correctionReason)
    }
}

extension Problem {
    /// SPEC P11 refusals as problems: who may not act is 403, a step that does not fit the state is
    /// 409, incomplete content is 422 with the field problems.
    init(_ error: PublicationError) {
        switch error {
        case .notPermitted, .legalSectionOnly, .drafterCannotApprove:
            self.init(.forbidden, type: "publication-forbidden", title: "无权操作", detail: error.message)
        case .notAllowed, .correctionPending, .noCorrectionPending, .periodNotEnded, .minimumPeriodNotReached:
            self.init(.conflict, type: "publication-not-allowed", title: "无法处理", detail: error.message)
        case .invalidContent(let problems):
            self.init(.unprocessableEntity, type: "invalid-publication", title: "无法处理", detail: error.message, errors: problems)
        case .reasonRequired, .commentRequired, .versionMismatch, .periodCategoryMismatch:
            self.init(.unprocessableEntity, type: "invalid-publication", title: "无法处理", detail: error.message)
        }
    }
}

extension Publication: Content {}
extension PublicationQueries.StaffItem: Content {}
extension ExpirySweep.Result: Content {}
