import Foundation

/// When an obligation is due (SPEC X1, X2): an exact date, a flagged estimate, or unknown.
///
/// SPEC X1: "a deadline that falls in a year with no data is an explicit error or an explicit flagged
/// estimate — never a silent guess". An estimate counts the missing year's Monday–Friday as working
/// days (`StatutoryCalendar.addWorkdaysAllowingEstimate`), which is usually *earlier* than the real
/// deadline — the safe side for a duty the bureau itself must meet; it is always shown as provisional.
public enum ObligationDue: Hashable, Sendable, Codable {
    /// The due day, from loaded holiday notices only.
    case date(CivilDate)
    /// A provisional due day: `estimatedYears` had no holiday notice loaded.
    case estimate(CivilDate, estimatedYears: [Int])
    /// Not computed: `missingYear` has no holiday notice and estimates are turned off.
    case unknown(missingYear: Int)

    /// The due day, exact or estimated; nil when unknown.
    public var date: CivilDate? {
        switch self {
        case .date(let date), .estimate(let date, _): date
        case .unknown: nil
        }
    }

    public var isEstimate: Bool {
        if case .estimate = self { return true }
        return false
    }

    /// For pages and reports: `2026年2月28日`, `2027年1月6日（估算：2027年节假日安排尚未导入）`,
    /// `无法计算（缺少2027年节假日安排）`.
    public var chineseDescription: String {
        switch self {
        case .date(let date):
            date.chinese
        case .estimate(let date, let years):
            "\(date.chinese)（估算：\(years.map { "\($0)年" }.joined(separator: "、"))节假日安排尚未导入）"
        case .unknown(let year):
            "无法计算（缺少\(year)年节假日安排）"
        }
    }
}
