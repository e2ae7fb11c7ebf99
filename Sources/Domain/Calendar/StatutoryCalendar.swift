import Foundation

/// The mainland China statutory working-day calendar that every time limit counts on (SPEC X1).
///
/// A day is a working day when a loaded State Council notice lists it as an adjusted working day
/// (调休上班), or when it is Monday–Friday and not listed as a day off. A day is *covered* when the
/// notice for its year is loaded. The notice for Y + 1 may still move days in late December of Y
/// (it did for 2005, 2006, 2007, 2011 and 2018); until it is imported those days follow Y's notice,
/// as every published calendar and the State Council's own Y notice do, and importing Y + 1 updates
/// them (see `missingYear`). Exact questions about an uncovered day throw
/// `CalendarError.yearNotCovered`, so a deadline is never a silent weekends-only guess; the
/// `…AllowingEstimate` call answers with a flagged estimate.
///
/// Deadlines (SPEC X1): the day of the triggering event is not counted; the deadline is the end of
/// the n-th working day after it: `addWorkdays(eventDay, n)`.
///
/// Lookups are O(1): every day from the first to the last covered year is precomputed into one byte
/// (bit 0: working day, bit 1: covered), so counting a few hundred working days is a short loop.
public struct StatutoryCalendar: Sendable {
    /// The largest working-day count accepted (about 380 years): counts are legal time limits, so a
    /// larger one is a caller's mistake and is refused rather than looped over.
    public static let maximumCount = 100_000

    private static let workdayBit: UInt8 = 1
    private static let coveredBit: UInt8 = 2

    private let byYear: [Int: HolidayArrangement]
    private let holidayNames: [Int: String]
    /// Day number of `flags[0]`.
    private let firstDay: Int
    private let flags: [UInt8]

    /// A calendar from validated arrangements (see `HolidayArrangement.decode`). When two arrangements
    /// have the same year the later one wins, so `bundled + administrator's files` lets an imported
    /// file replace the bundled one. Arrangements whose year is outside 1949…9999 are ignored.
    public init(_ arrangements: [HolidayArrangement] = []) {
        var byYear: [Int: HolidayArrangement] = [:]
        for arrangement in arrangements where HolidayArrangement.validYears.contains(arrangement.year) {
            byYear[arrangement.year] = arrangement
        }
        self.byYear = byYear

        // Later notices win for a day two notices both list (only possible in late December).
        var listed: [Int: Bool] = [:]
        var names: [Int: String] = [:]
        for year in byYear.keys.sorted() {
            guard let arrangement = byYear[year] else { continue }
            for day in arrangement.daysOff {
                listed[day.date.dayNumber] = false
                names[day.date.dayNumber] = day.holiday
            }
            for day in arrangement.adjustedWorkdays {
                listed[day.date.dayNumber] = true
                names[day.date.dayNumber] = day.holiday
            }
        }
        holidayNames = names

        guard let minYear = byYear.keys.min(), let maxYear = byYear.keys.max(),
              let first = HolidayArrangement.listableDays(forYear: minYear)?.lowerBound,
              let last = CivilDate(year: maxYear, month: 12, day: 31) else {
            firstDay = 0
            flags = []
            return
        }
        firstDay = first.dayNumber
        var flags = [UInt8](repeating: 0, count: last.dayNumber - first.dayNumber + 1)
        for index in flags.indices {
            let date = CivilDate(dayNumber: firstDay + index)
            let workday = listed[firstDay + index] ?? !date.isWeekend
            let covered = Self.missingYear(for: date, in: byYear) == nil
            flags[index] = (workday ? Self.workdayBit : 0) | (covered ? Self.coveredBit : 0)
        }
        self.flags = flags
    }

    /// The bundled arrangements (2004 on) from `Resources/calendar`, then every `<year>.json` in
    /// `overrides` (the administrator's `DATA_DIR/calendar`), which replace bundled years. A missing
    /// `overrides` directory means no overrides; a bad file in either place is refused.
    public static func bundled(overrides directory: URL? = nil) throws(CalendarImportError) -> StatutoryCalendar {
        guard let resources = Bundle.module.url(forResource: "calendar", withExtension: nil) else {
            throw .unreadable("bundled resource calendar/ is missing")
        }
        var arrangements = try HolidayArrangement.loadDirectory(resources)
        if let directory, FileManager.default.fileExists(atPath: directory.path) {
            arrangements += try HolidayArrangement.loadDirectory(directory)
        }
        return StatutoryCalendar(arrangements)
    }

    /// This calendar with `arrangement` added, replacing any arrangement for the same year.
    public func adding(_ arrangement: HolidayArrangement) -> StatutoryCalendar {
        adding(contentsOf: [arrangement])
    }

    /// This calendar with `arrangements` added, each replacing any arrangement for its year.
    public func adding(contentsOf arrangements: [HolidayArrangement]) -> StatutoryCalendar {
        StatutoryCalendar(self.arrangements + arrangements)
    }

    /// Years whose notice is loaded, ascending.
    public var coveredYears: [Int] { byYear.keys.sorted() }

    /// The covered years as ranges for messages, e.g. `2004–2026` or `2004–2026, 2028`; `none` when empty.
    public var coverageSummary: String {
        var ranges: [ClosedRange<Int>] = []
        for year in coveredYears {
            if let last = ranges.last, last.upperBound + 1 == year {
                ranges[ranges.count - 1] = last.lowerBound...year
            } else {
                ranges.append(year...year)
            }
        }
        if ranges.isEmpty { return "none" }
        return ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
            .joined(separator: ", ")
    }

    /// The loaded arrangements, ascending by year.
    public var arrangements: [HolidayArrangement] { coveredYears.compactMap { byYear[$0] } }

    /// The loaded arrangement for a notice year.
    public func arrangement(for year: Int) -> HolidayArrangement? { byYear[year] }

    /// Whether exact answers are available for `date` (see the type's note on late December).
    public func isCovered(_ date: CivilDate) -> Bool { flag(date.dayNumber) & Self.coveredBit != 0 }

    /// The holiday a loaded notice lists `date` under (a day off or an adjusted working day), if any.
    public func holidayName(on date: CivilDate) -> String? { holidayNames[date.dayNumber] }

    /// Whether `date` is a working day.
    public func isWorkday(_ date: CivilDate) throws(CalendarError) -> Bool {
        let flag = flag(date.dayNumber)
        guard flag & Self.coveredBit != 0 else { throw .yearNotCovered(missingYear(for: date)) }
        return flag & Self.workdayBit != 0
    }

    /// The n-th working day after `date`, `date` itself not counted (SPEC X1): the due day of a time
    /// limit of n working days triggered on `date`. `n == 0` returns `date` unchanged.
    ///
    /// A negative n counts backwards: the |n|-th working day before `date`, `date` not counted. For a
    /// working day d, `addWorkdays(addWorkdays(d, -k), k) == d`.
    public func addWorkdays(_ date: CivilDate, _ n: Int) throws(CalendarError) -> CivilDate {
        guard n.magnitude <= UInt(Self.maximumCount) else { throw .countOutOfRange(n) }
        let step = n > 0 ? 1 : -1
        var remaining = n.magnitude
        var day = date.dayNumber
        while remaining > 0 {
            day += step
            let flag = flag(day)
            guard flag & Self.coveredBit != 0 else { throw .yearNotCovered(missingYear(for: CivilDate(dayNumber: day))) }
            if flag & Self.workdayBit != 0 { remaining -= 1 }
        }
        return CivilDate(dayNumber: day)
    }

    /// The number of working days d with a < d ≤ b — how many working days of a time limit triggered on
    /// `a` have run by the end of `b`. When b is a working day after a,
    /// `addWorkdays(a, workdaysBetween(a, b)) == b`. Antisymmetric: for b < a the result is
    /// `-workdaysBetween(b, a)`; for a == b it is 0.
    public func workdaysBetween(_ a: CivilDate, _ b: CivilDate) throws(CalendarError) -> Int {
        if b < a { return -(try workdaysBetween(b, a)) }
        var count = 0
        var day = a.dayNumber
        let end = b.dayNumber
        while day < end {
            day += 1
            let flag = flag(day)
            guard flag & Self.coveredBit != 0 else { throw .yearNotCovered(missingYear(for: CivilDate(dayNumber: day))) }
            if flag & Self.workdayBit != 0 { count += 1 }
        }
        return count
    }

    /// `addWorkdays`, except that days in years without a loaded notice are counted as Monday–Friday
    /// working (plus any adjusted days a loaded notice lists there) and the years are reported in
    /// `WorkdayResult.estimatedYears`, so the caller must show the date as provisional. The estimate
    /// knows no holidays of a missing year (1 January counts as a working day), so it is usually earlier
    /// than the real deadline — the safe side for a duty the bureau itself must meet. Throws only
    /// `countOutOfRange` (for |n| > `maximumCount` or a result outside years 1…9999).
    public func addWorkdaysAllowingEstimate(_ date: CivilDate, _ n: Int) throws(CalendarError) -> WorkdayResult {
        guard n.magnitude <= UInt(Self.maximumCount) else { throw .countOutOfRange(n) }
        let step = n > 0 ? 1 : -1
        var remaining = n.magnitude
        var day = date.dayNumber
        var estimated = Set<Int>()
        while remaining > 0 {
            day += step
            let flag = flag(day)
            if flag & Self.coveredBit == 0 { estimated.insert(missingYear(for: CivilDate(dayNumber: day))) }
            if flag & Self.workdayBit != 0 { remaining -= 1 }
        }
        let result = CivilDate(dayNumber: day)
        guard (1...9999).contains(result.year) else { throw .countOutOfRange(n) }
        return WorkdayResult(date: result, estimatedYears: estimated.sorted())
    }

    // MARK: - Lookup

    /// The precomputed byte for a day; outside the table nothing is covered and Monday–Friday work.
    @inline(__always)
    private func flag(_ dayNumber: Int) -> UInt8 {
        let index = dayNumber - firstDay
        if index >= 0, index < flags.count { return flags[index] }
        // 1970-01-01 (day 0) was a Thursday; offsets 2 and 3 from it are Saturday and Sunday.
        let offset = ((dayNumber % 7) + 7) % 7
        return offset == 2 || offset == 3 ? 0 : Self.workdayBit
    }

    /// The notice year whose absence leaves `date` uncovered.
    private func missingYear(for date: CivilDate) -> Int {
        Self.missingYear(for: date, in: byYear) ?? date.year
    }

    /// A date is covered when its own year's notice is loaded. The notice for Y+1 may still move
    /// days in the last week of December of Y (2019's made Sat 2018-12-29 a working day); until it
    /// is imported those days follow Y's notice and the weekday rule, as every published calendar
    /// does, and importing it changes them (docs: README "a new year's holiday arrangement").
    private static func missingYear(for date: CivilDate, in byYear: [Int: HolidayArrangement]) -> Int? {
        byYear[date.year] == nil ? date.year : nil
    }
}

extension StatutoryCalendar: CustomStringConvertible {
    /// Short on purpose: the day table is thousands of bytes and must not flood logs or test output.
    public var description: String { "StatutoryCalendar(\(coverageSummary))" }
}
