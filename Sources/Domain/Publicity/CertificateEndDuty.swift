import Foundation

/// SPEC P8 (三) (公示办法 八（三）"行政执法人员执法证件信息变化的"): a certificate reaching the end of its
/// validity changes what the officer's published certificate item says, so it raises the same
/// update duty as a new certificate (issue 13 item 5 (b)), by itself — a daily job finds the ended
/// certificates.
///
/// - A certificate valid to day D is valid through D; on D + 1 it has ended, and that is the day of
///   the change the duty counts from (the day itself not counted, SPEC X1). The job runs on any day
///   from D + 1 on; the trigger day is D + 1 whatever day it runs, so a late run (a server that was
///   down) gives the same due day.
/// - Only items that show the certificate are affected: published items made from the officer's
///   record that were published on or before D. An item published later was drafted when the
///   certificate had already ended, so nothing in it changed.
/// - One duty set per certificate and end date (the storage key), however often the job runs.
public enum CertificateEndDuty {
    /// The day the change happened: the first day the certificate is no longer valid.
    public static func triggerDate(validTo: CivilDate) -> CivilDate { validTo.adding(days: 1) }

    /// Whether the certificate valid to `validTo` has ended by `today` (it ended yesterday or earlier).
    public static func hasEnded(validTo: CivilDate, today: CivilDate) -> Bool { validTo < today }

    /// The published items the end of a certificate valid to `validTo` makes out of date: those
    /// public now and published on or before `validTo` (Asia/Shanghai).
    public static func affected(_ publications: [Publication], validTo: CivilDate) -> [Publication] {
        publications.filter { publication in
            guard publication.state.isPublic, let publishedAt = publication.publishedAt else { return false }
            return CivilDate(publishedAt) <= validTo
        }
    }
}
