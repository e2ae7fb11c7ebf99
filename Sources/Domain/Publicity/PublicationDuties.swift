import Foundation

/// Which duties a publication's draft creates (SPEC P7.1, P7.2; X1): a decision must be published
/// within 7 (penalty) or 20 (other decisions) working days of the day it was made.
public enum PublicationDuties {
    /// The duties created when `version` is drafted at `at`. The decision day is the version's
    /// 决定日期 when it has one, else the drafting day.
    public static func onDraft(_ version: PublicationVersion, rules: ObligationRules, at: Date) -> [Obligation] {
        guard let enforcementKind = version.kind.enforcementKind else { return [] }
        let decided = version.fields["decisionDate"].flatMap(DoublePublicityFields.date) ?? CivilDate(at)
        let target = ObligationTarget(
            subject: .publication(version.publicationID), title: version.title, responsibility: version.responsibility)
        return rules.obligations(for: .decisionMade(kind: enforcementKind, on: decided, decision: target))
    }
}
