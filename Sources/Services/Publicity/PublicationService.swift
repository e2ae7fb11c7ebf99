import Domain
import FluentKit
import Foundation
import Persistence

/// Publications and their workflow (SPEC P2, P7–P11): drafting (by hand, from a case file, from an
/// officer record), every step through `PublicationWorkflow.take`, and the duties a draft creates.
/// The API and the publicity desk both call this; neither decides anything itself.
public struct PublicationService: Sendable {
    /// Content as typed: the responsible unit and person and the counterparty by id, looked up here.
    public struct ContentInput: Sendable {
        public var title: String
        public var fields: [String: String]
        public var legalBasis: String
        /// 依法不予公开, with `withheldReason`.
        public var withheld: Bool
        public var withheldReason: String?
        public var unitID: UUID
        public var personID: UUID
        public var counterpartyID: UUID?
        /// Why a published item is corrected (corrections only).
        public var correctionReason: String?

        public init(
            title: String, fields: [String: String], legalBasis: String, withheld: Bool = false, withheldReason: String? = nil,
            unitID: UUID, personID: UUID, counterpartyID: UUID? = nil, correctionReason: String? = nil
        ) {
            self.title = title
            self.fields = fields
            self.legalBasis = legalBasis
            self.withheld = withheld
            self.withheldReason = withheldReason
            self.unitID = unitID
            self.personID = personID
            self.counterpartyID = counterpartyID
            self.correctionReason = correctionReason
        }

        /// The content of `version` as input, with `fields`, `title`, `legalBasis` and the
        /// correction reason replaced where given: what a form sends back.
        public static func editing(
            _ version: PublicationVersion, title: String?, fields: [String: String], legalBasis: String?, correctionReason: String?
        ) -> ContentInput {
            let withheldReason: String? = if case .withheld(_, let reason) = version.disclosure { reason } else { nil }
            return ContentInput(
                title: title ?? version.title, fields: fields, legalBasis: legalBasis ?? version.disclosure.legalBasis,
                withheld: version.disclosure.isWithheld, withheldReason: withheldReason,
                unitID: version.responsibility.unitID, personID: version.responsibility.personID,
                counterpartyID: version.counterparty?.id, correctionReason: correctionReason)
        }
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: PublicationStore { PublicationStore(ledger: context.ledger) }
    var queries: PublicationQueries { PublicationQueries(database: context.database) }

    // MARK: Reading

    /// A publication as staff may read it: ID numbers redacted in every version, including versions
    /// stored in clear before issue 12 (item 3), so no role reads one back from a draft.
    public func publication(_ id: UUID) async throws -> Publication {
        guard let publication = try await queries.publication(id) else { throw ServiceRefusal.notFound("公示信息不存在。") }
        return publication.redactingIdentityNumbers()
    }

    public func list(state: String?, kind: PublicationKind?, offset: Int, limit: Int) async throws -> (items: [PublicationQueries.StaffItem], total: Int) {
        try await queries.staffList(state: state, kind: kind, offset: offset, limit: limit)
    }

    /// The steps `staff` may take now: the desk's buttons (issue 11 item 2), under the publicity
    /// policy in force today (issue 13 item 4).
    public func availableSteps(_ publication: Publication, for staff: StaffMember) async throws -> [PublicationStep] {
        let policy = try await PublicityPolicyService(context).policy()
        return PublicationWorkflow.availableSteps(
            for: publication, actor: staff.publicationActor, policy: policy, at: context.clock.nowSeconds)
    }

    // MARK: Drafting

    public func draft(
        kind: PublicationKind, content: ContentInput, sourceCaseID: UUID? = nil, sourceActivityID: UUID? = nil, by staff: StaffMember
    ) async throws -> Publication {
        try await draft(kind: kind, content: content, sourceCaseID: sourceCaseID, sourceActivityID: sourceActivityID, duties: .fromDraft, by: staff)
    }

    /// Where a draft's publish duty comes from.
    enum DraftDuties {
        /// Created from the draft's 决定日期 (a decision not entered in a case here).
        case fromDraft
        /// Existing duties the draft will meet (the decision in its case, the year's figures), or
        /// duties made for it elsewhere (a decision entered before issue 13, which has none yet).
        case given(linking: [Obligation], creating: [Obligation])
    }

    func draft(
        kind: PublicationKind, content: ContentInput, sourceCaseID: UUID?, sourceActivityID: UUID?, duties: DraftDuties,
        by staff: StaffMember
    ) async throws -> Publication {
        let at = context.clock.nowSeconds
        let version = try await version(
            content, publicationID: UUID(), number: 1, kind: kind, supersedes: nil, sourceCaseID: sourceCaseID,
            sourceActivityID: sourceActivityID, by: staff, at: at)
        return try await storeDraft(version, duties: duties, by: staff, at: at)
    }

    /// A decision's publication drafted from its case file (issue 5 item 1: nothing typed twice). The
    /// decision must be entered in the case first: its duty, counted from its decision date, is the
    /// one the draft links to and its publication meets (issue 13 item 1).
    public func draftFromCase(_ caseID: UUID, personID: UUID, legalBasis: String? = nil, by staff: StaffMember) async throws -> Publication {
        let db = context.database
        guard let enforcementCase = try await ActivityQueries(database: db).enforcementCase(caseID) else {
            throw ServiceRefusal.notFound("案件不存在。")
        }
        guard let kind = DecisionPublicationDraft.publicationKind(for: enforcementCase.kind) else {
            throw ServiceRefusal.invalid("no-publication-for-kind", "“\(enforcementCase.kind.chineseName)”案件没有需公示的决定。")
        }
        guard let party = try await CounterpartyModel.find(enforcementCase.counterpartyID, on: db) else {
            throw ServiceRefusal.notFound("当事人不存在。")
        }
        let counterparty = try party.domain(protection: context.personalData)
        let decisionTemplate = DecisionDocument.template(for: enforcementCase.kind)
        let caseRecords = try await RecordModel.query(on: db)
            .filter(\.$caseID == caseID).sort(\.$createdAt, .descending).all()
            .map { try $0.domain() }
        let corrected = Set(caseRecords.compactMap(\.supersedes))
        let decisionRecord = caseRecords.first { $0.templateID == decisionTemplate?.id && !corrected.contains($0.id) }
        var duties = DraftDuties.fromDraft
        if let template = decisionTemplate, kind.enforcementKind != nil {
            guard let decisionRecord else {
                throw ServiceRefusal.invalid(
                    "decision-not-entered", "本案尚未录入\(template.title)。请先在案件中录入决定书：公示期限自决定日期起算。")
            }
            duties = try await decisionDuties(decisionRecord)
        }
        let decision = try await decisionValues(decisionRecord, by: staff)
        let (title, fields) = DecisionPublicationDraft.fields(
            case: enforcementCase, counterparty: counterparty, decision: decision,
            bureauName: context.bureau.name, bureauUSCC: context.bureau.uscc)
        let content = ContentInput(
            title: title, fields: fields, legalBasis: legalBasis ?? Self.defaultLegalBasis(kind),
            unitID: enforcementCase.unitID, personID: personID, counterpartyID: counterparty.id)
        return try await draft(kind: kind, content: content, sourceCaseID: caseID, sourceActivityID: nil, duties: duties, by: staff)
    }

    /// The duty of the decision `record` that a draft links to; refused when another publication
    /// already carries it (one decision, one publication). A decision entered before issue 13 gets
    /// its duty now, counted from its own decision date.
    private func decisionDuties(_ record: Record) async throws -> DraftDuties {
        let decisionDuties = DecisionDuties(context: context)
        let decisionID = try await decisionDuties.firstVersion(of: record)
        let queries = ObligationQueries(database: context.database)
        let existing = try await queries.all(subject: .decision(decisionID))
        if existing.isEmpty {
            return .given(linking: [], creating: try await decisionDuties.dutiesForEarlierDecision(record, decisionID: decisionID))
        }
        for duty in existing {
            if let publicationID = try await queries.linkedPublication(duty.id) {
                throw ServiceRefusal(
                    .conflict, type: "decision-already-drafted",
                    detail: "该决定已起草公示信息（\(publicationID.uuidString.lowercased())），请在该公示信息上继续办理。")
            }
        }
        return .given(linking: existing, creating: [])
    }

    /// The decision document's values, read as any record's content is (SPEC R9.2; issue 12 item 3):
    /// only when `RetrievalRules` lets this person open it, with the purpose logged and on the
    /// ledger. When they may not (a sensitive record without an approval, a role that may not
    /// retrieve), the draft is made without them and the drafter types the facts: drafting never
    /// shows a person a document they could not open.
    private func decisionValues(_ record: Record?, by staff: StaffMember) async throws -> [String: String]? {
        guard let record else { return nil }
        let purpose = try RetrievalPurpose(kind: .caseHandling, text: "起草公示信息")
        do {
            _ = try await RetrievalService(context).open(record, purpose: purpose, approvalID: nil, clientAddress: nil, by: staff)
        } catch is ServiceRefusal {
            return nil
        }
        return record.documentValues
    }

    /// An officer's certificate item drafted from the officer record (SPEC P5; the legal section's).
    public func draftFromOfficer(_ officerID: UUID, by staff: StaffMember) async throws -> Publication {
        guard let officer = try await ActivityQueries(database: context.database).officers([officerID]).first,
              let unit = try await UnitModel.find(officer.unitID, on: context.database) else {
            throw ServiceRefusal.notFound("执法人员不存在。")
        }
        let (title, fields) = OfficerCertificateDraft.fields(officer: officer, unitName: unit.name, today: context.clock.today)
        let content = ContentInput(
            title: title, fields: fields, legalBasis: Self.defaultLegalBasis(.officerCertificate),
            unitID: officer.unitID, personID: officerID)
        return try await draft(kind: .officerCertificate, content: content, by: staff)
    }

    // MARK: Steps

    /// Takes `step` on publication `id`. For `revise` and `proposeCorrection`, `content` is the new
    /// version's; `category` is the approver's choice of publicity category (approve only; issue 13
    /// item 4: the drafter no longer chooses it, and any other step refuses one); a refused step
    /// stores nothing.
    public func perform(
        _ step: PublicationStep, on id: UUID, reason: String = "", category: PublicityCategory? = nil,
        content: ContentInput? = nil, by staff: StaffMember
    ) async throws -> Publication {
        let at = context.clock.nowSeconds
        if category != nil && step != .approve {
            throw ServiceRefusal.invalid(
                "category-at-approval", "公示期限类别由法制宣传科在审核通过时确定。", errors: ["category": "只能在审核通过时选择"])
        }
        var input = PublicationStepInput(reason: reason, category: category)
        if step.carriesVersion {
            guard let content else { throw ServiceRefusal.invalid("invalid-publication", "缺少公示内容。") }
            let current = try await publication(id)
            let replaced: PublicationVersion
            if step == .proposeCorrection {
                guard let published = current.publishedVersion else {
                    throw ServiceRefusal(.conflict, type: "publication-not-allowed", title: "无法处理", detail: "该公示信息尚未发布，不能更正。")
                }
                replaced = published
            } else {
                replaced = current.latestVersion
            }
            input.version = try await version(
                content, publicationID: current.id, number: current.latestVersion.number + 1, kind: current.kind,
                supersedes: replaced.id, sourceCaseID: replaced.sourceCaseID, sourceActivityID: replaced.sourceActivityID,
                by: staff, at: at)
        }
        // The policy in force on the day of the step, read from storage (issue 13 item 4).
        let policy = try await PublicityPolicyService(context).policy(on: CivilDate(at))
        let actor = staff.publicationActor
        return try await Self.mapping {
            try await store.apply(id, at: at, on: context.database) { current in
                try PublicationWorkflow.take(step, on: current, input: input, policy: policy, by: actor, at: at)
            }
        }.redactingIdentityNumbers()
    }

    /// Records the expiry of every publication whose period has ended (also run hourly by the server).
    public func expire() async throws -> ExpirySweep.Result {
        try await ExpirySweep.run(database: context.database, ledger: context.ledger, at: context.clock.nowSeconds)
    }

    // MARK: - Helpers

    /// Stores a first version with its duties: a decision drafted by hand creates the duty to publish
    /// it within 7 or 20 working days of its decision day (SPEC P7.1, P7.2); a draft from a case links
    /// to the duty its decision created (issue 13 item 1).
    private func storeDraft(_ version: PublicationVersion, duties: DraftDuties, by staff: StaffMember, at: Date) async throws -> Publication {
        let (linking, creating): ([Obligation], [Obligation]) = switch duties {
        case .fromDraft: ([], PublicationDuties.onDraft(version, rules: context.obligationRules, at: at))
        case .given(let linking, let creating): (linking, creating)
        }
        return try await Self.mapping {
            try await store.draft(
                version, by: staff.publicationActor, at: at, obligations: creating, linking: linking, on: context.database)
        }.redactingIdentityNumbers()
    }

    /// Runs `work`, turning workflow refusals and unknown ids into service refusals.
    static func mapping<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as PublicationError {
            throw ServiceRefusal(error)
        } catch PersistenceError.notFound {
            throw ServiceRefusal.notFound("公示信息不存在。")
        }
    }

    public static func defaultLegalBasis(_ kind: PublicationKind) -> String {
        switch kind {
        case .penaltyDecision: "《中华人民共和国行政处罚法》第四十八条"
        default: "《上海市普陀区应急管理行政执法公示办法》"
        }
    }

    /// A version from input, with the responsible unit and person and the counterparty looked up.
    private func version(
        _ input: ContentInput, publicationID: UUID, number: Int, kind: PublicationKind, supersedes: UUID?,
        sourceCaseID: UUID?, sourceActivityID: UUID?, by staff: StaffMember, at: Date
    ) async throws -> PublicationVersion {
        let db = context.database
        var errors: [String: String] = [:]
        let unit = try await UnitModel.find(input.unitID, on: db)
        if unit == nil { errors["unitId"] = "单位不存在" }
        let person = try await OfficerModel.find(input.personID, on: db)
        if person == nil { errors["personId"] = "责任人不存在" }
        var counterparty: Counterparty?
        if let partyID = input.counterpartyID {
            if let row = try await CounterpartyModel.find(partyID, on: db) {
                counterparty = try row.domain(protection: context.personalData)
            } else {
                errors["counterpartyId"] = "当事人不存在"
            }
        }
        if input.fields.count > 100 || input.fields.contains(where: { $0.key.count > 64 || $0.value.count > 10_000 }) {
            errors["fields"] = "字段过多或过长"
        }
        // The number is stored masked (issue 12 item 3), so it is checked now, while it is in clear.
        errors.merge(PublicationIdentityCheck.problems(input.fields, today: context.clock.today)) { first, _ in first }
        let otherPersons = try await PublicationPersons(database: db).naturalPersonNames(
            case: sourceCaseID, besides: counterparty, text: [input.title, input.correctionReason ?? ""] + input.fields.values.sorted())
        guard errors.isEmpty, let unit, let person else {
            throw ServiceRefusal.invalid("invalid-publication", "公示信息有误。", errors: errors)
        }
        let disclosure: PublicationDisclosure = input.withheld
            ? .withheld(legalBasis: input.legalBasis, reason: input.withheldReason ?? "")
            : .publish(legalBasis: input.legalBasis)
        // At rest a version keeps every ID number masked (issue 12 item 3; SPEC X4).
        return IdentityNumberRedaction.redacted(PublicationVersion(
            publicationID: publicationID, number: number, kind: kind, title: input.title, fields: input.fields,
            responsibility: Responsibility(
                unitID: try unit.requireID(), unitName: unit.name, personID: try person.requireID(), personName: person.name),
            disclosure: disclosure, sourceActivityID: sourceActivityID, sourceCaseID: sourceCaseID,
            counterparty: counterparty, draftedBy: staff.id, draftedAt: at, supersedes: supersedes,
            correctionReason: input.correctionReason, maskingRule: .current, otherPersonNames: otherPersons))
    }
}
