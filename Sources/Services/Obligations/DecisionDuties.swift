import Domain
import FluentKit
import Foundation
import Persistence

/// The publish duty of a decision entered in its case (issue 13 item 1; SPEC P7.1, P7.2, X2): created
/// when the decision document is stored, due on the 7th or 20th working day after its 决定日期,
/// resting on the case's unit and the act's first-named officer (谁执法、谁公示, SPEC P2), and counted
/// again — a ledger event — when a correction changes the decision date.
struct DecisionDuties {
    let context: ServiceContext

    /// The duties a new decision `record` creates; refuses a decision dated in the future and a
    /// second decision of the same form and number in one case (a change is a correction).
    func onEntry(_ record: Record, activity: Activity, enforcementCase: EnforcementCase) async throws -> [Obligation] {
        guard DecisionDocument.isDecision(record), let values = record.documentValues else { return [] }
        let problems = DecisionDocument.problems(values, today: context.clock.today)
        guard problems.isEmpty else {
            throw ServiceRefusal.invalid("invalid-decision", "决定书的决定日期有误。", errors: problems)
        }
        let number = DecisionDocument.number(values)
        if !number.isEmpty {
            let sameNumber = try await RecordModel.query(on: context.database)
                .filter(\.$caseID == enforcementCase.id).filter(\.$templateID == record.templateID).all()
                .map { try $0.domain() }
                .filter { DecisionDocument.number($0.documentValues) == number }
            if !sameNumber.isEmpty {
                throw ServiceRefusal(
                    .conflict, type: "duplicate-decision",
                    detail: "本案已登记文号为“\(number)”的决定书；如需修改，请更正该记录。",
                    errors: ["documentNumber": "本案已登记此文号"])
            }
        }
        return DecisionDocument.duties(
            of: record, decisionID: record.id,
            responsibility: try await responsibility(activity: activity, enforcementCase: enforcementCase),
            rules: context.obligationRules)
    }

    /// For a correction of decision `old` into `corrected`: the rescheduled duty when the decision
    /// date changed, or the duty itself when the decision predates issue 13 and has none yet.
    func onCorrection(of old: Record, into corrected: Record) async throws -> (created: [Obligation], rescheduled: [ObligationStore.Reschedule]) {
        guard DecisionDocument.isDecision(corrected), let newDate = DecisionDocument.decisionDate(corrected.documentValues) else {
            return ([], [])
        }
        let problems = DecisionDocument.problems(corrected.documentValues ?? [:], today: context.clock.today)
        guard problems.isEmpty else {
            throw ServiceRefusal.invalid("invalid-decision", "决定书的决定日期有误。", errors: problems)
        }
        let decisionID = try await firstVersion(of: old)
        let existing = try await ObligationQueries(database: context.database).all(subject: .decision(decisionID))
        if existing.isEmpty {
            return (try await dutiesForEarlierDecision(corrected, decisionID: decisionID), [])
        }
        let reason = "决定日期更正为\(newDate.chinese)"
        let moved = existing
            .filter { $0.triggerDate != newDate }
            .map { ObligationStore.Reschedule($0.rescheduled(triggerDate: newDate, rules: context.obligationRules), reason: reason) }
        return ([], moved)
    }

    /// The duty of a decision entered before decisions created their duties (issue 13): counted from
    /// its own decision date when it is drafted or corrected.
    func dutiesForEarlierDecision(_ record: Record, decisionID: UUID) async throws -> [Obligation] {
        let (activity, enforcementCase) = try await CaseService(context).activityAndCase(record.activityID)
        return DecisionDocument.duties(
            of: record, decisionID: decisionID,
            responsibility: try await responsibility(activity: activity, enforcementCase: enforcementCase),
            rules: context.obligationRules)
    }

    /// The first record of `record`'s correction chain: what the duty is about.
    func firstVersion(of record: Record) async throws -> UUID {
        var current = record
        var seen: Set<UUID> = [record.id]
        while let previous = current.supersedes, !seen.contains(previous),
              let older = try await RecordModel.find(previous, on: context.database)?.domain() {
            seen.insert(previous)
            current = older
        }
        return current.id
    }

    private func responsibility(activity: Activity, enforcementCase: EnforcementCase) async throws -> Responsibility {
        let db = context.database
        let officers = try await ActivityQueries(database: db).officers(activity.officerIDs)
        guard let unit = try await UnitModel.find(enforcementCase.unitID, on: db),
              let officer = activity.officerIDs.lazy.compactMap({ id in officers.first { $0.id == id } }).first else {
            throw ServiceRefusal.invalid("invalid-decision", "无法确定该决定的公示责任单位和责任人。")
        }
        return Responsibility(unitID: enforcementCase.unitID, unitName: unit.name, personID: officer.id, personName: officer.name)
    }
}
