import Domain
import FluentKit
import Foundation
import Persistence

/// After the draw (SPEC P7.3, P6; issue 15 item 1): recusals that keep officers from related
/// counterparties, a drawn inspection's conclusion — which starts the 20-working-day duty to
/// publish its result — and the result's draft, linked to the draw and carrying that duty.
public struct InspectionService: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: DrawStore { DrawStore(ledger: context.ledger) }
    var queries: DrawQueries { DrawQueries(database: context.database) }

    // MARK: Recusal

    /// Records that `officerID` is related to the counterparty named by id or USCC. An officer
    /// declares only their own relations; the brigade and the sections record anyone's.
    public func declareRelation(officerID: UUID?, counterparty: String, relation: String, by staff: StaffMember) async throws -> UUID {
        try staff.require(.declareRecusal)
        let db = context.database
        var errors: [String: String] = [:]
        if staff.role == .officer, officerID != staff.officerID { errors["officerId"] = "执法人员只能登记本人的回避关系" }
        let officer = try await officerID.asyncMap { try await OfficerModel.find($0, on: db) } ?? nil
        if officer == nil, errors["officerId"] == nil { errors["officerId"] = "请选择执法人员" }
        let text = counterparty.trimmingCharacters(in: .whitespacesAndNewlines)
        var found: CounterpartyModel?
        if let id = UUID(uuidString: text) {
            found = try await CounterpartyModel.find(id, on: db)
        } else if let code = try? UnifiedSocialCreditCode(text) {
            found = try await CounterpartyModel.query(on: db).filter(\.$identifierLookup == "uscc:" + code.value).first()
        }
        if found == nil { errors["counterparty"] = "未找到该行政相对人，请填写统一社会信用代码" }
        let reason = relation.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors["relation"] = "请说明关系（如亲属、曾任职、其他利害关系）" }
        if reason.count > 500 { errors["relation"] = "最长 500 字" }
        guard errors.isEmpty, let officerID, let counterpartyID = found?.id else {
            throw ServiceRefusal.invalid("recusal-refused", "回避关系未登记：" + errors.values.sorted().joined(separator: "；") + "。", errors: errors)
        }
        let id = UUID()
        try await store.declare(
            relationID: id, officerID: officerID, counterpartyID: counterpartyID, relation: reason, by: staff.id,
            at: context.clock.nowSeconds)
        return id
    }

    // MARK: Conclusion and result

    /// A drawn inspection with what its page shows.
    public struct Standing: Sendable {
        public let inspection: DrawQueries.Inspection
        public let enforcementCase: EnforcementCase
        public let counterparty: Counterparty
        public let officers: [Officer]
        public let draw: DrawQueries.Draw
        public let duty: ObligationStatus?
        public let resultPublicationID: UUID?
    }

    public func standing(_ id: UUID) async throws -> Standing {
        let db = context.database
        guard let inspection = try await queries.inspection(id),
              let enforcementCase = try await ActivityQueries(database: db).enforcementCase(inspection.model.caseID),
              let counterparty = try await CounterpartyModel.find(inspection.model.counterpartyID, on: db),
              let draw = try await queries.draw(inspection.model.drawID) else {
            throw ServiceRefusal.notFound("该抽查检查不存在。")
        }
        let obligations = ObligationQueries(database: db)
        let duty = try await obligations.all(subject: .drawnInspection(id)).first
        let status = duty.map { ObligationStatus($0, today: context.clock.today, calendar: context.calendar) }
        let publicationID = try await duty.asyncMap { try await obligations.linkedPublication($0.id) } ?? nil
        return Standing(
            inspection: inspection, enforcementCase: enforcementCase,
            counterparty: try counterparty.domain(protection: context.personalData),
            officers: try await ActivityQueries(database: db).officers(inspection.model.officers), draw: draw, duty: status,
            resultPublicationID: publicationID)
    }

    /// Records the conclusion and creates the P7.3 duty, due on the 20th working day after it,
    /// resting on the case's unit and the first drawn officer (谁检查、谁公开). Refusals:
    /// `forbidden` (not one of the two drawn officers nor the brigade leader), `inspection-concluded`
    /// (409), `inspection-conclusion-refused` (422 per field).
    public func conclude(_ id: UUID, concludedOn: String, outcome: String, summary: String, by staff: StaffMember) async throws {
        try staff.require(.concludeInspection)
        let standing = try await standing(id)
        if staff.role == .officer, !standing.officers.contains(where: { $0.id == staff.officerID }) {
            throw ServiceRefusal(.forbidden, type: "forbidden", detail: "只有抽中的两名执法人员或执法大队负责人可以登记检查结论。")
        }
        guard standing.inspection.conclusion == nil else { throw Self.concluded }
        var errors: [String: String] = [:]
        let today = context.clock.today
        let drawnOn = CivilDate(standing.draw.model.committedAt)
        let date = CivilDate(iso: concludedOn.trimmingCharacters(in: .whitespaces))
        if let date {
            if date > today { errors["concludedOn"] = "检查结束日期不能晚于今天" }
            if date < drawnOn { errors["concludedOn"] = "检查结束日期不能早于抽取日期（\(drawnOn.chinese)）" }
        } else {
            errors["concludedOn"] = "请填写检查结束日期（YYYY-MM-DD）"
        }
        let kind = InspectionOutcome(rawValue: outcome)
        if kind == nil { errors["outcome"] = "请选择检查结论" }
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors["summary"] = "请填写检查情况" }
        if text.count > 2_000 { errors["summary"] = "最长 2000 字" }
        guard errors.isEmpty, let date, let kind else {
            throw ServiceRefusal.invalid("inspection-conclusion-refused", "检查结论未登记，请按提示修改。", errors: errors)
        }
        guard let firstOfficer = standing.officers.first,
              let unit = try await UnitModel.find(standing.enforcementCase.unitID, on: context.database) else {
            throw ServiceRefusal(.conflict, type: "inspection-incomplete", detail: "该检查缺少实施单位或执法人员，请联系系统管理员。")
        }
        let target = ObligationTarget(
            subject: .drawnInspection(id), title: "\(standing.counterparty.name) “双随机、一公开”抽查结果",
            responsibility: Responsibility(unitID: unit.id!, unitName: unit.name, personID: firstOfficer.id, personName: firstOfficer.name))
        guard let duty = context.obligationRules.obligations(for: .inspectionConcluded(on: date, inspection: target)).first else { return }
        do {
            try await store.conclude(
                inspectionID: id, caseID: standing.enforcementCase.id, concludedOn: date, outcome: kind, summary: text,
                duty: duty, by: staff.id, at: context.clock.nowSeconds)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Self.concluded
        }
    }

    /// Drafts the result's publication from the inspection, linked to the draw and carrying the
    /// P7.3 duty (met when it is published). Refusals: `inspection-not-concluded` (409),
    /// `decision-already-drafted` (409, naming the draft).
    public func draftResult(_ id: UUID, by staff: StaffMember) async throws -> Publication {
        let standing = try await standing(id)
        guard let conclusion = standing.inspection.conclusion, let duty = standing.duty?.obligation else {
            throw ServiceRefusal(.conflict, type: "inspection-not-concluded", detail: "请先登记检查结论，再起草抽查结果公示。")
        }
        if let publicationID = standing.resultPublicationID {
            throw ServiceRefusal(
                .conflict, type: "decision-already-drafted",
                detail: "该抽查结果已起草公示信息（\(publicationID.uuidString.lowercased())），请在该公示信息上继续办理。")
        }
        let outcome = InspectionOutcome(rawValue: conclusion.outcome)?.chineseName ?? conclusion.outcome
        var (_, fields) = DecisionPublicationDraft.fields(
            case: standing.enforcementCase, counterparty: standing.counterparty, decision: nil,
            bureauName: context.bureau.name, bureauUSCC: context.bureau.uscc)
        let itemTitle = standing.draw.specification.title
        fields["decisionNumber"] = standing.enforcementCase.number
        fields["decisionDate"] = conclusion.concludedOn
        fields["抽查事项"] = itemTitle
        fields["检查结果"] = "\(outcome)。\(conclusion.summary)"
        fields["随机抽取"] = "抽取编号 \(standing.draw.id.uuidString.lowercased())，承诺值 \(standing.draw.model.commitment)"
        let content = PublicationService.ContentInput(
            title: "\(standing.counterparty.name) “双随机、一公开”抽查结果", fields: fields,
            legalBasis: "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）",
            unitID: standing.enforcementCase.unitID, personID: duty.responsibility.personID,
            counterpartyID: standing.counterparty.id)
        return try await PublicationService(context).draft(
            kind: .randomInspectionResult, content: content, sourceCaseID: standing.enforcementCase.id, sourceActivityID: nil,
            duties: .given(linking: [duty], creating: []), by: staff)
    }

    static let concluded = ServiceRefusal(.conflict, type: "inspection-concluded", detail: "该抽查检查已登记结论。")
}

