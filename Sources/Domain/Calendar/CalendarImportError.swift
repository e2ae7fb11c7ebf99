import Foundation

/// Why a holiday-arrangement file was refused (SPEC X1).
///
/// An administrator imports a newly announced year with `lawtrail calendar import FILE`; a wrong file
/// would silently move every deadline that crosses the year, so the importer refuses it and says which
/// date is wrong. Descriptions are one line, Chinese first, then English, for the CLI and the staff UI.
public enum CalendarImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not JSON, a missing or mistyped field, or a date not in `YYYY-MM-DD` form; the text says where.
    case malformed(String)
    /// `year` is outside 1949…9999.
    case yearOutOfRange(Int)
    /// A listed day is neither in the notice's year nor in the last week of December before it.
    case dateOutsideYear(CivilDate, year: Int)
    /// The same day is listed twice in one list.
    case duplicateDate(CivilDate)
    /// The same day is listed both as a day off and as an adjusted working day.
    case offAndWorking(CivilDate)
    /// An adjusted working day (调休上班) that is not a Saturday or Sunday.
    case adjustedWorkdayNotWeekend(CivilDate)
    /// 1 January (元旦) is not among the days off, so the file cannot be a whole year's arrangement.
    case missingNewYearsDay(Int)
    /// An empty notice title or holiday name.
    case emptyText(String)
    /// A file named `<year>.json` whose `year` field says another year.
    case fileYearMismatch(file: String, year: Int)
    /// A file or the bundled resource could not be read.
    case unreadable(String)

    public var description: String {
        switch self {
        case .malformed(let detail):
            "节假日安排文件格式错误 (malformed holiday arrangement): \(detail)"
        case .yearOutOfRange(let year):
            "年份 \(year) 不在 1949–9999 之内 (year \(year) is outside 1949–9999)"
        case .dateOutsideYear(let date, let year):
            "日期 \(date) 不属于 \(year) 年的安排（只可为 \(year) 年内或 \(year - 1) 年 12 月 25 日之后）"
                + " (date \(date) is outside the \(year) arrangement: it must lie in \(year) or after \(year - 1)-12-24)"
        case .duplicateDate(let date):
            "日期 \(date) 重复列出 (date \(date) is listed twice)"
        case .offAndWorking(let date):
            "日期 \(date) 既列为放假又列为调休上班 (date \(date) is listed both as a day off and as an adjusted working day)"
        case .adjustedWorkdayNotWeekend(let date):
            "调休上班日 \(date) 不是星期六或星期日 (adjusted working day \(date) is not a Saturday or Sunday)"
        case .missingNewYearsDay(let year):
            "放假日期中没有 \(year)-01-01（元旦），不是完整的年度安排 (days off lack \(year)-01-01, New Year's Day: not a whole year's arrangement)"
        case .emptyText(let field):
            "\(field) 为空 (\(field) is empty)"
        case .fileYearMismatch(let file, let year):
            "文件 \(file) 的年份是 \(year)，与文件名不符 (file \(file) holds the arrangement for \(year), not the year in its name)"
        case .unreadable(let detail):
            "无法读取节假日安排 (cannot read holiday arrangement): \(detail)"
        }
    }
}
