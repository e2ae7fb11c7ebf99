import Foundation

/// Turns triggers into obligations with their due days (SPEC X1, X2, P7–P9).
///
/// Working-day limits count on the statutory calendar: the day of the event is not counted, and the
/// obligation is due at the end of the n-th working day after it (`StatutoryCalendar.addWorkdays`).
/// When the count runs into a year whose holiday notice is not loaded, the due day is a flagged
/// estimate (`.estimate`, the default) or, with `uncoveredYears: .refuse`, `.unknown` naming the missing
/// year — never a silent guess (SPEC X1). The yearly figures are due on a calendar date, 31 January
/// (公示办法 七 "于每年1月31日前", taken as "by the end of 31 January"), which needs no calendar data.
public struct ObligationRules: Sendable {
    /// What to do when a deadline falls in a year without holiday data.
    public enum UncoveredYears: String, Hashable, Sendable, Codable {
        /// Count that year's Monday–Friday as working days and flag the result as an estimate.
        case estimate = "estimate"
        /// Leave the due day unknown, naming the missing year.
        case refuse = "refuse"
    }

    public let calendar: StatutoryCalendar
    public let uncoveredYears: UncoveredYears

    public init(calendar: StatutoryCalendar, uncoveredYears: UncoveredYears = .estimate) {
        self.calendar = calendar
        self.uncoveredYears = uncoveredYears
    }

    /// The obligations `trigger` creates, one per affected target (none for a decision of a kind
    /// with no publication time limit, such as an inspection). `makeID` supplies the ids, so tests
    /// and replays can pin them.
    public func obligations(for trigger: ObligationTrigger, makeID: () -> UUID = { UUID() }) -> [Obligation] {
        func make(_ kind: ObligationKind, _ date: CivilDate, _ target: ObligationTarget) -> Obligation {
            Obligation(
                id: makeID(), kind: kind, subject: target.subject, title: target.title, triggerDate: date,
                due: due(kind, triggeredOn: date), responsibility: target.responsibility)
        }
        switch trigger {
        case .decisionMade(let kind, let date, let decision):
            let obligationKind: ObligationKind
            switch kind {
            case .penalty: obligationKind = .publishPenaltyDecision
            case .coercion: obligationKind = .publishCoercionDecision
            case .licensing: obligationKind = .publishLicensingDecision
            case .inspection, .levyRequisition: return []
            }
            return [make(obligationKind, date, decision)]
        case .lawChanged(let date, let affected):
            return affected.map { make(.updateAfterLawChange, date, $0) }
        case .organisationChanged(let date, let affected):
            return affected.map { make(.updateAfterOrganisationChange, date, $0) }
        case .certificateChanged(let date, let affected):
            return affected.map { make(.updateAfterCertificateChange, date, $0) }
        case .decisionChanged(let date, let affected):
            return affected.map { make(.updateAfterDecisionChange, date, $0) }
        case .correctionRequestReceived(let date, let request):
            return [make(.answerCorrectionRequest, date, request)]
        case .decisionRevoked(let date, _, let affected):
            return affected.map { make(.withdrawDecision, date, $0) }
        case .inspectionConcluded(let date, let inspection):
            return [make(.publishRandomInspectionResult, date, inspection)]
        case .yearEnded(let year, let responsibility):
            // The duty arises when the year is over; it is due on 31 January of the next year.
            guard let firstDay = CivilDate(year: year + 1, month: 1, day: 1) else { return [] }
            let target = ObligationTarget(
                subject: .yearlyFigures(year: year), title: "\(year)年度行政执法数据", responsibility: responsibility)
            return [make(.publishYearlyFigures, firstDay, target)]
        }
    }

    /// When an obligation of `kind` arising on `date` is due.
    public func due(_ kind: ObligationKind, triggeredOn date: CivilDate) -> ObligationDue {
        guard let workdays = kind.workdays else {
            // P7.4: figures for year Y arise on Y+1-01-01 and are due on Y+1-01-31.
            guard let deadline = CivilDate(year: date.year, month: 1, day: 31) else { return .unknown(missingYear: date.year) }
            return .date(deadline)
        }
        switch uncoveredYears {
        case .estimate:
            do {
                let result = try calendar.addWorkdaysAllowingEstimate(date, workdays)
                return result.isEstimate ? .estimate(result.date, estimatedYears: result.estimatedYears) : .date(result.date)
            } catch {
                return .unknown(missingYear: date.year)
            }
        case .refuse:
            do {
                return .date(try calendar.addWorkdays(date, workdays))
            } catch {
                if case .yearNotCovered(let year) = error { return .unknown(missingYear: year) }
                return .unknown(missingYear: date.year)
            }
        }
    }

    /// `obligation` with its due day computed again on this calendar — after an administrator imports
    /// a newly announced year, an estimate becomes exact (or moves) and an unknown becomes known.
    public func refreshed(_ obligation: Obligation) -> Obligation {
        obligation.with(due: due(obligation.kind, triggeredOn: obligation.triggerDate), metOn: obligation.metOn)
    }
}
