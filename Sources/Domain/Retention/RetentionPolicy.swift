import Foundation

/// How long one record must be kept, and from when it may first be put up for disposal
/// (SPEC R10).
///
/// "Disposal" here is the archive procedure — appraisal at expiry (到期鉴定), then destruction only
/// by decision, recorded in the ledger (SPEC X3) — never a delete route: no one deletes a record
/// (SPEC R9.5). A date is the first day on which that procedure may start, not a day on which
/// anything happens by itself.
public enum RetentionPolicy: Hashable, Sendable {
    /// Archived for `period`; `earliestDisposal` nil when permanent.
    case archived(RetentionPeriod, earliestDisposal: CivilDate?)
    /// Must be archived and has not been yet (evidence, disputed, or not inspection video): kept
    /// without a disposal date until the archive gives it a period.
    case mustArchive
    /// Inspection video, not evidence, no dispute: need not be archived, kept at least 6 months
    /// (全过程记录办法 第十条).
    case keptUnarchived(earliestDisposal: CivilDate)

    /// The first day the record may be put up for disposal; nil when it may not be (permanent, or
    /// waiting to be archived).
    public var earliestDisposal: CivilDate? {
        switch self {
        case .archived(_, let date): date
        case .mustArchive: nil
        case .keptUnarchived(let date): date
        }
    }

    /// The last day the record must still be kept (the day before `earliestDisposal`).
    public var lastDayKept: CivilDate? { earliestDisposal?.adding(days: -1) }

    /// Whether the record may be put up for disposal on `day`.
    public func isDisposable(on day: CivilDate) -> Bool {
        guard let earliestDisposal else { return false }
        return !(day < earliestDisposal)
    }

    /// One line, Simplified Chinese, for the record's page.
    public var message: String {
        switch self {
        case .archived(let period, nil):
            "已归档，保管期限\(period.chineseName)"
        case .archived(let period, let date?):
            "已归档，保管期限\(period.chineseName)，\(date.chinese)起可进行到期鉴定"
        case .mustArchive:
            "应当归档，尚未归档"
        case .keptUnarchived(let date):
            "行政检查视音频记录，不作为证据且未发生争议，可不归档；保存至少6个月，至\(date.adding(days: -1).chinese)（含），\(date.chinese)起可进行到期鉴定"
        }
    }
}
