import Foundation

/// One year's State Council holiday arrangement (国务院办公厅关于YYYY年部分节假日安排的通知), SPEC X1.
///
/// This is both the bundled data (`Resources/calendar/<year>.json`, written by
/// `scripts/generate-calendar.py`) and the file an administrator imports when a new year is announced,
/// so that both go through the same validating parser (`decode(_:)`). JSON fields:
///
/// - `year`: the year in the notice title.
/// - `notice`: the notice title; `noticeNumber` (文号) and `notes` (supplementary notices such as the
///   2020 Spring Festival extension, corrections) are optional; `source` says where the facts came from.
/// - `daysOff`: `[{"date": "YYYY-MM-DD", "holiday": "春节"}]` — days off, weekend days inside a
///   holiday block may be listed or not (a weekend is off either way).
/// - `adjustedWorkdays`: the same shape — Saturdays and Sundays that are worked (调休上班).
///
/// A notice for year Y may list days from Y−1-12-25 on: the New Year block can start in the last week
/// of December (the 2019 notice gave 2018-12-30/31 off and worked Saturday 2018-12-29).
public struct HolidayArrangement: Hashable, Sendable, Codable {
    /// One listed day and the holiday it belongs to (Chinese name, as in the notice).
    public struct Day: Hashable, Sendable, Codable {
        public var date: CivilDate
        public var holiday: String

        public init(_ date: CivilDate, holiday: String) {
            self.date = date
            self.holiday = holiday
        }
    }

    public var year: Int
    public var notice: String
    public var noticeNumber: String?
    public var notes: [String]?
    public var source: String?
    public var daysOff: [Day]
    public var adjustedWorkdays: [Day]

    public init(
        year: Int, notice: String, noticeNumber: String? = nil, notes: [String]? = nil,
        source: String? = nil, daysOff: [Day], adjustedWorkdays: [Day]
    ) {
        self.year = year
        self.notice = notice
        self.noticeNumber = noticeNumber
        self.notes = notes
        self.source = source
        self.daysOff = daysOff
        self.adjustedWorkdays = adjustedWorkdays
    }

    /// Years a file may describe: from the founding of the PRC to the last year `CivilDate` holds.
    public static let validYears = 1949...9999

    /// The first day of December of the year before that a notice may list (the New Year block).
    public static let precedingDecemberFirstDay = 25

    /// The range of days a notice for `year` may list: `year−1`-12-25 through `year`-12-31.
    public static func listableDays(forYear year: Int) -> ClosedRange<CivilDate>? {
        guard let first = CivilDate(year: year - 1, month: 12, day: precedingDecemberFirstDay),
              let last = CivilDate(year: year, month: 12, day: 31) else { return nil }
        return first...last
    }

    /// The arrangement as pretty JSON with sorted keys, the form `lawtrail calendar import` stores.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, integers and arrays cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}
