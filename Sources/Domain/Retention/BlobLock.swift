import Foundation

/// Until when a blob written to an object-lock store must be protected from deletion and overwrite
/// (issue 17 item 1: S3 Object Lock in compliance mode, "a retain-until date from the record's
/// retention class"; SPEC R9.5, R10).
///
/// A compliance-mode lock can be lengthened but never shortened or removed, by anyone, so the date
/// set when the blob is written must be one the record is certain to need: the shortest keeping the
/// record's retention class can end up with.
///
/// - Unarchived inspection video (`keptUnarchived`): to its earliest disposal day (capture + 6
///   months, 民法典 counting; `RetentionRules`).
/// - Must be archived, not yet archived (`mustArchive`): the shortest archive period (定期10年)
///   counted from the capture day, the earliest a case closed that day could reach appraisal —
///   10 years from 1 January of the following year. Archiving with a longer period does not shorten
///   it; lengthening the lock then is work for the archive step (not done yet).
/// - Archived for a period: to its earliest disposal day. Permanent: `permanentYears` ahead.
///
/// Dates are whole days in Asia/Shanghai; the lock ends at the start of that day (UTC+8).
public enum BlobLock {
    /// What "permanent" becomes where a store wants a date.
    public static let permanentYears = 100

    /// The first day on which the blob may be removed.
    public static func retainUntil(_ policy: RetentionPolicy, capturedOn: CivilDate) -> CivilDate {
        switch policy {
        case .keptUnarchived(let earliestDisposal):
            return earliestDisposal
        case .mustArchive:
            return RetentionRules.policy(
                capturedOn: capturedOn, isInspectionVideo: false, isEvidence: false, disputed: false,
                archived: .tenYears
            ).earliestDisposal ?? capturedOn
        case .archived(_, let earliestDisposal?):
            return earliestDisposal
        case .archived(_, nil):
            return CivilDate(year: capturedOn.year + permanentYears, month: 1, day: 1) ?? capturedOn
        }
    }

    /// The instant the lock ends: the start of `retainUntil`'s day in Asia/Shanghai.
    public static func retainUntilInstant(_ policy: RetentionPolicy, capturedOn: CivilDate) -> Date {
        retainUntil(policy, capturedOn: capturedOn).startInstant()
    }
}
