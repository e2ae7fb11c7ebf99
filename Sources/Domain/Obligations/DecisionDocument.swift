import Foundation

/// A decision entered in its case (issue 13 item 1; SPEC P7.1, P7.2): which enforcement kind it
/// decides, its number and its decision date, read from the document record, and the publish duty
/// it creates at once — so a decision nobody drafts is still a duty that goes overdue (公示办法
/// 十（一） 应公示未公示) and the clock runs from the decision date, not from the day of drafting.
public enum DecisionDocument {
    /// The enforcement kind a decision form decides; nil for forms that are not decisions.
    public static func enforcementKind(templateID: String?) -> EnforcementKind? {
        switch templateID {
        case DocumentTemplate.penaltyDecision.id: .penalty
        case DocumentTemplate.coercionDecision.id: .coercion
        case DocumentTemplate.licensingDecision.id: .licensing
        case DocumentTemplate.requisitionDecision.id: .levyRequisition
        default: nil
        }
    }

    /// The decision form for decisions of `kind` (for inspections, none).
    public static func template(for kind: EnforcementKind) -> DocumentTemplate? {
        switch kind {
        case .penalty: .penaltyDecision
        case .coercion: .coercionDecision
        case .licensing: .licensingDecision
        case .levyRequisition: .requisitionDecision
        case .inspection: nil
        }
    }

    /// Whether `record` is a decision document.
    public static func isDecision(_ record: Record) -> Bool {
        record.kind == .document && enforcementKind(templateID: record.templateID) != nil
    }

    /// The 决定日期 of a decision document.
    public static func decisionDate(_ values: [String: String]?) -> CivilDate? {
        values?["decidedOn"].flatMap { CivilDate(iso: $0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The decision's number (文书编号), trimmed; empty when none.
    public static func number(_ values: [String: String]?) -> String {
        values?["documentNumber"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// What is wrong with a decision's date as entered on `today`: a decision cannot be dated in the
    /// future (its duty would start from a day that has not come).
    public static func problems(_ values: [String: String], today: CivilDate) -> [String: String] {
        guard let date = decisionDate(values) else { return [:] }  // the template check reports a missing or bad date
        return date > today ? ["decidedOn": "决定日期（\(date.chinese)）晚于今天，请核对"] : [:]
    }

    /// The title duties and reports show: `普应急罚〔2026〕12号 行政处罚决定书`.
    public static func title(templateID: String?, values: [String: String]?) -> String {
        let name = DocumentTemplate.named(templateID ?? "")?.title ?? "决定书"
        let number = number(values)
        return number.isEmpty ? name : "\(number) \(name)"
    }

    /// The publish duty of the decision `record` (none for kinds the rule sets no time limit for).
    /// `decisionID` is the first record of its correction chain, so a corrected decision keeps its
    /// one duty (the correction reschedules it, `Obligation.rescheduled`).
    public static func duties(
        of record: Record, decisionID: UUID, responsibility: Responsibility, rules: ObligationRules, makeID: () -> UUID = { UUID() }
    ) -> [Obligation] {
        guard let kind = enforcementKind(templateID: record.templateID), let date = decisionDate(record.documentValues) else { return [] }
        let target = ObligationTarget(
            subject: .decision(decisionID), title: title(templateID: record.templateID, values: record.documentValues),
            responsibility: responsibility)
        return rules.obligations(for: .decisionMade(kind: kind, on: date, decision: target), makeID: makeID)
    }
}
