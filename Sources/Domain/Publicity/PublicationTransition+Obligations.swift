extension PublicationTransition.Kind {
    /// The obligations this step meets (SPEC X2): publishing meets the duty to publish; applying a
    /// correction meets the duties to update (P8); a withdrawal or an early end meets the duty to
    /// withdraw (P9.3) and any pending update, since the item is no longer shown. Answering a
    /// correction request (P9.2) is met by the answer, not by a step.
    public var obligationsMet: Set<ObligationKind> {
        let updates: Set<ObligationKind> = [
            .updateAfterLawChange, .updateAfterOrganisationChange, .updateAfterCertificateChange, .updateAfterDecisionChange,
        ]
        switch self {
        case .published:
            return [
                .publishPenaltyDecision, .publishCoercionDecision, .publishLicensingDecision, .publishYearlyFigures,
                .publishRandomInspectionResult,
            ]
        case .corrected: return updates
        case .withdrawn, .endedEarly: return updates.union([.withdrawDecision])
        default: return []
        }
    }
}
