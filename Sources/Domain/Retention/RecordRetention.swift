import Foundation

/// The retention class of one record as it stands (SPEC R10; issue 14 item 1): it follows from the
/// record's kind, its act's kind, its facts and whether its case has been archived.
public enum RecordRetention {
    /// Only video of a 行政检查 act may stay out of the archive (全过程记录办法 第十条).
    public static func isInspectionVideo(_ record: Record, activityKind: EnforcementKind) -> Bool {
        record.kind == .video && activityKind == .inspection
    }

    /// The policy for `record`. `capturedOn` is the day it was made (its capture day, else the day
    /// it was stored); `archive` is its case's archiving: the period and the day the case was
    /// closed, from which archived periods count.
    public static func policy(
        _ record: Record, activityKind: EnforcementKind, capturedOn: CivilDate, facts: RetentionFacts,
        archive: (period: RetentionPeriod, caseClosedOn: CivilDate)?
    ) -> RetentionPolicy {
        RetentionRules.policy(
            capturedOn: archive?.caseClosedOn ?? capturedOn,
            isInspectionVideo: isInspectionVideo(record, activityKind: activityKind),
            isEvidence: facts.isEvidence, disputed: facts.disputed, archived: archive?.period)
    }
}
