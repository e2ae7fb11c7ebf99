import Foundation

/// A duty with a time limit (SPEC X2): publish, update, take down, answer, publish the yearly figures —
/// with the SPEC id it comes from, the day it arose, when it is due, who answers for it, and whether
/// and when it was met. What 责任追究 (SPEC P10) reads.
///
/// A value made by `ObligationRules`; meeting it returns a new value (`met(on:)`), so storage can
/// append the event rather than change a row in place (SPEC X3).
public struct Obligation: Hashable, Sendable, Codable, Identifiable {
    public let id: UUID
    /// The legal basis as a SPEC id, e.g. `P7.1` (always `kind.specID`; stored for reports and filters).
    public let specID: String
    public let kind: ObligationKind
    public let subject: ObligationSubject
    /// What the duty is about, as people call it (a decision number, a publication title).
    public let title: String
    /// The day of the triggering event — not counted (SPEC X1).
    public let triggerDate: CivilDate
    public let due: ObligationDue
    public let responsibility: Responsibility
    /// The day it was met; nil while it is not.
    public let metOn: CivilDate?

    public init(
        id: UUID = UUID(), kind: ObligationKind, subject: ObligationSubject, title: String,
        triggerDate: CivilDate, due: ObligationDue, responsibility: Responsibility, metOn: CivilDate? = nil
    ) {
        self.id = id
        self.specID = kind.specID
        self.kind = kind
        self.subject = subject
        self.title = title
        self.triggerDate = triggerDate
        self.due = due
        self.responsibility = responsibility
        self.metOn = metOn
    }

    /// This obligation met on `date`. Meeting it again changes nothing: the first day counts.
    public func met(on date: CivilDate) -> Obligation {
        guard metOn == nil else { return self }
        return with(due: due, metOn: date)
    }

    /// This obligation with its due day recomputed (e.g. an estimate made exact once the missing
    /// year's holiday notice is imported, `ObligationRules.refreshed`).
    func with(due: ObligationDue, metOn: CivilDate?, triggerDate: CivilDate? = nil) -> Obligation {
        Obligation(
            id: id, kind: kind, subject: subject, title: title, triggerDate: triggerDate ?? self.triggerDate, due: due,
            responsibility: responsibility, metOn: metOn)
    }

    /// This obligation counted again from `triggerDate` (a corrected decision date, issue 13 item 1).
    public func rescheduled(triggerDate: CivilDate, rules: ObligationRules) -> Obligation {
        with(due: rules.due(kind, triggeredOn: triggerDate), metOn: metOn, triggerDate: triggerDate)
    }

    /// Whether `other` is the same duty counted differently: only the trigger day or the due day differ.
    public func isRescheduling(of other: Obligation) -> Bool {
        id == other.id && (triggerDate != other.triggerDate || due != other.due)
    }

    /// What makes a trigger idempotent per subject (issue 13 item 1): one publish duty per decision,
    /// one yearly-figures duty per year, one answer per correction request; an update or withdrawal
    /// duty is one per publication and trigger day (a publication may be hit by several changes).
    public var uniquenessKey: String {
        switch kind {
        case .publishPenaltyDecision, .publishCoercionDecision, .publishLicensingDecision, .publishYearlyFigures,
             .answerCorrectionRequest, .publishRandomInspectionResult:
            "\(kind.rawValue)|\(subject.reference)"
        case .updateAfterLawChange, .updateAfterOrganisationChange, .updateAfterCertificateChange,
             .updateAfterDecisionChange, .withdrawDecision:
            "\(kind.rawValue)|\(subject.reference)|\(triggerDate)"
        }
    }

    /// The state as of `today` (Asia/Shanghai): met if met on or before `today`; overdue if not met
    /// and `today` is after the due day (an estimated due day counts — it is the early, safe side);
    /// otherwise open. An unknown due day is never overdue: it shows as unknown instead (SPEC X1).
    public func state(on today: CivilDate) -> ObligationState {
        if let metOn, metOn <= today { return .met(on: metOn) }
        if let dueDate = due.date, today > dueDate { return .overdue }
        return .open
    }

    /// Whether it was met after its due day; nil while unmet or when the due day is unknown.
    public var wasMetLate: Bool? {
        guard let metOn, let dueDate = due.date else { return nil }
        return metOn > dueDate
    }
}
