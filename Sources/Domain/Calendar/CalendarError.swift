import Foundation

/// Why a working-day question has no answer (SPEC X1).
///
/// SPEC X1: a deadline that falls in a year with no holiday arrangement is an explicit error or an
/// explicit flagged estimate — never a silent weekends-only guess. This is the error.
public enum CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The State Council notice for this year has not been loaded. The last week of December of year Y
    /// also needs the notice for Y + 1, because that notice may move the New Year block into it (the
    /// 2019 notice made 2018-12-29 a working Saturday), so a date there can name the following year.
    case yearNotCovered(Int)
    /// A working-day count beyond ±`StatutoryCalendar.maximumCount`, or a result outside years 1…9999.
    case countOutOfRange(Int)

    public var description: String {
        switch self {
        case .yearNotCovered(let year):
            "没有 \(year) 年的节假日安排，无法计算工作日；请导入《国务院办公厅关于\(year)年部分节假日安排的通知》"
                + " (no holiday arrangement for \(year): import the State Council notice for \(year))"
        case .countOutOfRange(let count):
            "工作日数 \(count) 超出可计算范围 (working-day count \(count) is out of range)"
        }
    }
}
