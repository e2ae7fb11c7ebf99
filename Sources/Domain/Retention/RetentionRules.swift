import Foundation

/// How long records are kept (SPEC R10; 全过程记录办法 第十条).
///
/// The rule: 对行政检查采用视音频记录的，符合下列情形之一，可不对视音频记录资料进行归档，但保存时间不少于
/// 6个月：（一）不作为案件证据的；（二）未与行政相对人发生争议的。
///
/// Read with SPEC R10 ("not evidence **and** had no dispute"): a recording may stay out of the
/// archive only when both hold. The measure's words "符合下列情形之一" would let evidence without a
/// dispute stay out too; that would put case evidence on a 6-month clock, so the stricter reading
/// of the SPEC is kept on purpose. Everything else is archived and kept for its period.
public enum RetentionRules {
    /// The minimum keeping time of unarchived inspection video, in months.
    public static let unarchivedMinimumMonths = 6

    /// The last day unarchived inspection video captured on `capturedOn` must still be kept, counted
    /// as 民法典 counts periods: 第二百零一条 — the day of the event is not counted, counting starts
    /// the next day; 第二百零二条 — a period in months ends on the corresponding day of the last month,
    /// or on that month's last day when it has no such day. So video of 2026-03-15 is kept to
    /// 2026-09-15 inclusive, video of 2026-08-31 to 2027-02-28; the day after is the first on which
    /// it may be put up for disposal (issue 14 item 1: those two days used to be the same).
    public static func lastDayKept(capturedOn: CivilDate) -> CivilDate? {
        capturedOn.adding(months: unarchivedMinimumMonths)
    }

    /// The policy for one record.
    ///
    /// - `capturedOn`: the day the record was made (for a case file, the day it was closed).
    /// - `isInspectionVideo`: video or audio-video of a 行政检查 act — the only records the
    ///   6-month exception covers (photos, text and other acts' recordings are always archived).
    /// - `archived`: the period the archive gave it; once archived, that period governs.
    ///
    /// Archived periods count from 1 January of the year after `capturedOn`, the counting usual in
    /// archive appraisal (a 10-year record made in 2026 reaches appraisal on 2037-01-01); the
    /// bureau's own archive rules may say otherwise, and then this is where to change it.
    public static func policy(
        capturedOn: CivilDate, isInspectionVideo: Bool, isEvidence: Bool, disputed: Bool,
        archived: RetentionPeriod?
    ) -> RetentionPolicy {
        if let archived {
            guard let years = archived.years else { return .archived(archived, earliestDisposal: nil) }
            return .archived(archived, earliestDisposal: CivilDate(year: capturedOn.year + years + 1, month: 1, day: 1))
        }
        guard isInspectionVideo, !isEvidence, !disputed, let lastDay = lastDayKept(capturedOn: capturedOn)
        else { return .mustArchive }
        return .keptUnarchived(earliestDisposal: lastDay.adding(days: 1))
    }

    /// For inspection video (the R10 case): the first day it may be put up for disposal — the day
    /// after captured on + 6 months when not evidence, not disputed and not archived; per its period when
    /// archived; nil when permanent or when it must be archived and has not been.
    public static func earliestDisposal(
        capturedOn: CivilDate, isEvidence: Bool, disputed: Bool, archived retention: RetentionPeriod?
    ) -> CivilDate? {
        policy(
            capturedOn: capturedOn, isInspectionVideo: true, isEvidence: isEvidence, disputed: disputed,
            archived: retention
        ).earliestDisposal
    }
}
