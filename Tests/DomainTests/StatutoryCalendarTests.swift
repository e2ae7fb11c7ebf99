import Foundation
import Testing
@testable import Domain

// SPEC X1: time limits count working days on the statutory calendar; the event day is not counted;
// a year without data is an explicit error or a flagged estimate. Expected dates below are worked out
// by hand from the notices (reasoning in the comments), not computed by the code under test.

fileprivate func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

fileprivate func dayRange(_ first: String, _ last: String) -> [CivilDate] {
    (day(first).dayNumber...day(last).dayNumber).map { CivilDate(dayNumber: $0) }
}

@Suite("StatutoryCalendar — SPEC X1 working-day deadlines")
struct StatutoryCalendarTests {
    let calendar: StatutoryCalendar

    init() throws {
        calendar = try StatutoryCalendar.bundled()
    }

    // MARK: Concrete deadlines

    @Test("SPEC X1: decision 2026-09-28 + 7 working days = 2026-10-13 (National Day 2026)")
    func nationalDay2026() throws {
        // 2026 notice: 10-01…10-07 off; 09-20 (Sun) and 10-10 (Sat) worked. From Mon 09-28:
        // 09-29 (1), 09-30 (2), 10-01…07 off, 10-08 (3), 10-09 (4), 10-10 Sat worked (5),
        // 10-11 Sun off, 10-12 (6), 10-13 (7).
        #expect(try calendar.addWorkdays(day("2026-09-28"), 7) == day("2026-10-13"))
    }

    @Test("SPEC X1: 2026-09-24 + 7 crosses Mid-Autumn and National Day = 2026-10-12")
    func midAutumnAndNationalDay2026() throws {
        // Mid-Autumn 09-25 (Fri)…09-27 off. From Thu 09-24: 09-28 (1), 09-29 (2), 09-30 (3),
        // 10-08 (4), 10-09 (5), 10-10 Sat worked (6), 10-12 (7).
        #expect(try calendar.addWorkdays(day("2026-09-24"), 7) == day("2026-10-12"))
        // Fri 09-18 + 1: Sat 09-19 is off, Sun 09-20 is an adjusted working day.
        #expect(try calendar.addWorkdays(day("2026-09-18"), 1) == day("2026-09-20"))
    }

    @Test("SPEC X1: decision 2026-02-12 + 7 working days = Saturday 2026-02-28 (Spring Festival 2026)")
    func springFestival2026() throws {
        // 2026 notice: 02-15…02-23 off; 02-14 (Sat) and 02-28 (Sat) worked. From Thu 02-12:
        // 02-13 (1), 02-14 Sat worked (2), 02-15…23 off, 02-24 (3), 02-25 (4), 02-26 (5), 02-27 (6),
        // 02-28 Sat worked (7): the deadline falls on an adjusted Saturday.
        #expect(try calendar.addWorkdays(day("2026-02-12"), 7) == day("2026-02-28"))
    }

    @Test("SPEC X1: decision 2025-01-24 + 5 working days = 2025-02-07 (Spring Festival 2025)")
    func springFestival2025() throws {
        // 2025 notice: 01-28…02-04 off; 01-26 (Sun) and 02-08 (Sat) worked. From Fri 01-24:
        // 01-25 Sat off, 01-26 Sun worked (1), 01-27 (2), 01-28…02-04 off, 02-05 (3), 02-06 (4), 02-07 (5).
        #expect(try calendar.addWorkdays(day("2025-01-24"), 5) == day("2025-02-07"))
    }

    @Test("SPEC X1: National Day 2025 (merged with Mid-Autumn, 10-01…10-08)")
    func nationalDay2025() throws {
        // 09-28 (Sun) and 10-11 (Sat) worked. Fri 09-26 + 3: 09-27 Sat off, 09-28 (1), 09-29 (2), 09-30 (3).
        #expect(try calendar.addWorkdays(day("2025-09-26"), 3) == day("2025-09-30"))
        // 09-30 + 1: the whole 10-01…10-08 block is off, so 10-09 (Thu).
        #expect(try calendar.addWorkdays(day("2025-09-30"), 1) == day("2025-10-09"))
        // 09-30 + 3: 10-09 (1), 10-10 (2), 10-11 Sat worked (3).
        #expect(try calendar.addWorkdays(day("2025-09-30"), 3) == day("2025-10-11"))
    }

    @Test("SPEC X1: Spring Festival 2024 — Sundays 02-04 and 02-18 worked")
    func springFestival2024() throws {
        // 2024 notice: 02-10…02-17 off; Fri 02-09 (eve) is a working day. Thu 02-08 + 2: 02-09 (1),
        // 02-10…17 off, Sun 02-18 worked (2).
        #expect(try calendar.addWorkdays(day("2024-02-08"), 2) == day("2024-02-18"))
        #expect(try calendar.isWorkday(day("2024-02-04")))
        #expect(try calendar.isWorkday(day("2024-02-09")))
        // Fri 09-13 + 2: Sat 09-14 worked (1), Mid-Autumn 09-15…17 off, Wed 09-18 (2).
        #expect(try calendar.addWorkdays(day("2024-09-13"), 2) == day("2024-09-18"))
    }

    @Test("SPEC X1: special notices — 2015 anniversary holiday and 2020 Spring Festival extension")
    func specialNotices() throws {
        // 国发明电〔2015〕1号: 09-03 (Thu), 09-04 off, Sun 09-06 worked. Wed 09-02 + 2: 09-06 (1), 09-07 (2).
        #expect(try calendar.addWorkdays(day("2015-09-02"), 2) == day("2015-09-07"))
        // 国办发明电〔2020〕1号 extended the holiday to 02-02, so Sat 02-01 (originally worked) is off
        // and Thu 01-23 + 1 is Mon 02-03.
        #expect(try calendar.isWorkday(day("2020-02-01")) == false)
        #expect(try calendar.addWorkdays(day("2020-01-23"), 1) == day("2020-02-03"))
    }

    // MARK: Every Spring Festival and National Day

    /// 正月初一 of each year 2004–2026.
    static let lunarNewYear: [Int: String] = [
        2004: "2004-01-22", 2005: "2005-02-09", 2006: "2006-01-29", 2007: "2007-02-18", 2008: "2008-02-07",
        2009: "2009-01-26", 2010: "2010-02-14", 2011: "2011-02-03", 2012: "2012-01-23", 2013: "2013-02-10",
        2014: "2014-01-31", 2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16",
        2019: "2019-02-05", 2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22",
        2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17",
    ]

    @Test("SPEC X1: every year 2004–2026, 初一–初三 and 10-01–10-03 are rest days", arguments: 2004...2026)
    func statutoryCoreIsRest(year: Int) throws {
        let newYear = try #require(Self.lunarNewYear[year].map(day))
        for offset in 0..<3 {
            #expect(try calendar.isWorkday(newYear.adding(days: offset)) == false, "\(newYear.adding(days: offset))")
        }
        for dayOfMonth in 1...3 {
            let date = try #require(CivilDate(year: year, month: 10, day: dayOfMonth))
            #expect(try calendar.isWorkday(date) == false, "\(date)")
        }
        #expect(try calendar.isWorkday(try #require(CivilDate(year: year, month: 1, day: 1))) == false)
    }

    @Test("SPEC X1: every year, adjusted weekends are worked and listed weekdays are rest", arguments: 2004...2026)
    func listedDaysBehave(year: Int) throws {
        let arrangement = try #require(calendar.arrangement(for: year))
        for listed in arrangement.adjustedWorkdays {
            #expect(listed.date.isWeekend, "\(listed.date) should be a weekend day")
            #expect(try calendar.isWorkday(listed.date), "\(listed.date) is an adjusted working day")
        }
        for listed in arrangement.daysOff {
            #expect(try calendar.isWorkday(listed.date) == false, "\(listed.date) is a day off")
        }
    }

    @Test("SPEC X1: 2024–2026 Spring Festival and National Day blocks exactly as in the notices")
    func recentBlocksExactly() throws {
        // (weekday days off, adjusted working days) from the notice texts.
        let blocks: [(off: [CivilDate], worked: [String])] = [
            (dayRange("2024-02-12", "2024-02-16"), ["2024-02-04", "2024-02-18"]),
            (dayRange("2024-10-01", "2024-10-04") + dayRange("2024-10-07", "2024-10-07"), ["2024-09-29", "2024-10-12"]),
            (dayRange("2025-01-28", "2025-01-31") + dayRange("2025-02-03", "2025-02-04"), ["2025-01-26", "2025-02-08"]),
            (dayRange("2025-10-01", "2025-10-03") + dayRange("2025-10-06", "2025-10-08"), ["2025-09-28", "2025-10-11"]),
            (dayRange("2026-02-16", "2026-02-20") + dayRange("2026-02-23", "2026-02-23"), ["2026-02-14", "2026-02-28"]),
            (dayRange("2026-10-01", "2026-10-02") + dayRange("2026-10-05", "2026-10-07"), ["2026-09-20", "2026-10-10"]),
        ]
        for block in blocks {
            for date in block.off {
                #expect(!date.isWeekend, "\(date)")
                #expect(try calendar.isWorkday(date) == false, "\(date)")
            }
            for text in block.worked {
                #expect(day(text).isWeekend, "\(text)")
                #expect(try calendar.isWorkday(day(text)), "\(text)")
            }
        }
    }

    @Test("SPEC X1: working days per year match an independent count (2025 by hand: 248)")
    func workingDaysPerYear() throws {
        // 2025 by hand: 365 days, 104 weekend days → 261 weekdays; weekday days off: 01-01; 01-28…31,
        // 02-03, 02-04 (6); 04-04; 05-01, 05-02, 05-05 (3); 06-02; 10-01…03, 10-06…08 (6) = 18;
        // adjusted working days 5 → 261 − 18 + 5 = 248. Other years: independent Python count over the
        // same JSON files (scripts/generate-calendar.py output).
        let expected: [Int: Int] = [
            2004: 252, 2005: 251, 2006: 251, 2007: 249, 2008: 251, 2009: 250, 2010: 250, 2011: 250,
            2012: 249, 2013: 250, 2014: 250, 2015: 249, 2016: 250, 2017: 249, 2018: 250, 2019: 250,
            2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248,
        ]
        for (year, count) in expected {
            let start = try #require(CivilDate(year: year - 1, month: 12, day: 31))
            let end = try #require(CivilDate(year: year, month: 12, day: 31))
            #expect(try calendar.workdaysBetween(start, end) == count, "\(year)")
        }
    }

    // MARK: Year ends and missing years

    @Test("SPEC X1: across 31 December into a covered year")
    func acrossYearEndCovered() throws {
        // Tue 2025-12-30 + 3: Wed 12-31 (1), 2026-01-01…03 off, Sun 01-04 worked (2), Mon 01-05 (3).
        #expect(try calendar.addWorkdays(day("2025-12-30"), 3) == day("2026-01-05"))
        // 2019 notice: Sat 2018-12-29 worked, Mon 2018-12-31 off (New Year block began 12-30).
        #expect(try calendar.isWorkday(day("2018-12-29")))
        #expect(try calendar.isWorkday(day("2018-12-31")) == false)
        // 2006 notice: Sat 2005-12-31 worked (missing from chinesecalendar 1.11.0, restored from the notice).
        #expect(try calendar.addWorkdays(day("2005-12-30"), 1) == day("2005-12-31"))
    }

    @Test("SPEC X1: across 31 December into an uncovered year is an error naming 2027")
    func acrossYearEndUncovered() throws {
        #expect(throws: CalendarError.yearNotCovered(2027)) {
            try calendar.addWorkdays(day("2026-12-30"), 3)
        }
        #expect(throws: CalendarError.yearNotCovered(2027)) {
            try calendar.workdaysBetween(day("2026-12-01"), day("2027-01-10"))
        }
        #expect(throws: CalendarError.yearNotCovered(2027)) {
            try calendar.isWorkday(day("2027-03-01"))
        }
    }

    @Test("SPEC X1: late December follows its own year until the next notice moves it")
    func lateDecemberFollowsOwnYearUntilNextNotice() throws {
        // Without the 2027 notice, Mon 2026-12-28 and Thu 12-31 are ordinary working days.
        #expect(try calendar.isWorkday(day("2026-12-28")))
        #expect(try calendar.isWorkday(day("2026-12-31")))
        // A (fictional) 2027 notice that starts the New Year block on 12-31 changes the answer.
        let moved = HolidayArrangement(
            year: 2027, notice: "测试用（非真实通知）",
            daysOff: [.init(day("2026-12-31"), holiday: "元旦"), .init(day("2027-01-01"), holiday: "元旦")],
            adjustedWorkdays: [])
        let extended = calendar.adding(moved)
        #expect(try extended.isWorkday(day("2026-12-31")) == false)
        // Tue 12-29 + 2: Wed 12-30 (1), 12-31 and 01-01 off, Sat/Sun, Mon 2027-01-04 (2).
        #expect(try extended.addWorkdays(day("2026-12-29"), 2) == day("2027-01-04"))
    }

    @Test("SPEC X1: before 2004 is uncovered; the uncounted event day may be")
    func beforeFirstYear() throws {
        #expect(throws: CalendarError.yearNotCovered(2003)) { try calendar.isWorkday(day("2003-12-31")) }
        #expect(throws: CalendarError.yearNotCovered(2003)) { try calendar.addWorkdays(day("2004-01-02"), -2) }
        // The event day is not counted, so 2003-12-31 + 1 needs only 2004: 01-01 off, Fri 01-02.
        #expect(try calendar.addWorkdays(day("2003-12-31"), 1) == day("2004-01-02"))
    }

    @Test("SPEC X1: the missing-year message names the year and the notice to import")
    func missingYearMessage() {
        let text = CalendarError.yearNotCovered(2027).description
        #expect(text.contains("2027"))
        #expect(text.contains("国务院办公厅关于2027年部分节假日安排的通知"))
        #expect(text.contains("import the State Council notice for 2027"))
        #expect(!text.contains("\n"))
    }

    // MARK: Estimates

    @Test("SPEC X1: estimate flags the uncovered year and counts weekdays there")
    func estimateFlagsYear() throws {
        // Wed 2026-12-30 + 3 with 2027 unknown: Thu 12-31 (1), Fri 2027-01-01 counted as a weekday (2),
        // weekend, Mon 01-04 (3). Flagged: 2027.
        let result = try calendar.addWorkdaysAllowingEstimate(day("2026-12-30"), 3)
        #expect(result.date == day("2027-01-04"))
        #expect(result.isEstimate)
        #expect(result.estimatedYears == [2027])
    }

    @Test("SPEC X1: estimate inside covered years is exact and unflagged")
    func estimateCoveredIsExact() throws {
        let result = try calendar.addWorkdaysAllowingEstimate(day("2026-09-28"), 7)
        #expect(result == WorkdayResult(date: day("2026-10-13"), estimatedYears: []))
        #expect(!result.isEstimate)
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        #expect(json.contains("\"isEstimate\":false"))
    }

    @Test("SPEC X1: estimate before 2004 flags 2003")
    func estimateBeforeData() throws {
        // Sat 2003-12-20 + 5: Mon 12-22 … Fri 12-26, all in 2003 (no data).
        let result = try calendar.addWorkdaysAllowingEstimate(day("2003-12-20"), 5)
        #expect(result.date == day("2003-12-26"))
        #expect(result.estimatedYears == [2003])
    }

    // MARK: Counting rules

    @Test("SPEC X1: n == 0 returns the date; negative n counts backwards")
    func zeroAndNegative() throws {
        #expect(try calendar.addWorkdays(day("2026-10-03"), 0) == day("2026-10-03"))
        #expect(try calendar.addWorkdays(day("2030-01-01"), 0) == day("2030-01-01"))
        // Thu 10-08 − 1: 10-07…10-01 off, Wed 09-30.
        #expect(try calendar.addWorkdays(day("2026-10-08"), -1) == day("2026-09-30"))
        // Tue 02-24 − 2: 02-23…02-15 off, Sat 02-14 worked (1), Fri 02-13 (2).
        #expect(try calendar.addWorkdays(day("2026-02-24"), -2) == day("2026-02-13"))
    }

    @Test("SPEC X1: backwards then forwards returns to a working day (all of 2025, k = 1…30)")
    func roundTrip() throws {
        var date = day("2025-01-02")
        while date <= day("2025-12-31") {
            if try calendar.isWorkday(date) {
                for k in [1, 2, 5, 7, 15, 30] {
                    let back = try calendar.addWorkdays(date, -k)
                    #expect(try calendar.addWorkdays(back, k) == date)
                }
            }
            date = date.adding(days: 1)
        }
    }

    @Test("SPEC X1: workdaysBetween counts a < d ≤ b and is antisymmetric")
    func between() throws {
        #expect(try calendar.workdaysBetween(day("2026-09-28"), day("2026-10-13")) == 7)
        #expect(try calendar.workdaysBetween(day("2026-10-13"), day("2026-09-28")) == -7)
        #expect(try calendar.workdaysBetween(day("2026-10-05"), day("2026-10-05")) == 0)
        // Entirely inside the holiday: nothing runs.
        #expect(try calendar.workdaysBetween(day("2026-10-01"), day("2026-10-07")) == 0)
        // addWorkdays(a, workdaysBetween(a, b)) == b when b is a working day.
        let a = day("2025-01-20")
        for b in dayRange("2025-01-21", "2025-03-31") {
            guard try calendar.isWorkday(b) else { continue }
            #expect(try calendar.addWorkdays(a, calendar.workdaysBetween(a, b)) == b)
        }
    }

    @Test("SPEC X1: absurd counts are refused, not looped over")
    func countOutOfRange() {
        #expect(throws: CalendarError.countOutOfRange(Int.max)) { try calendar.addWorkdays(day("2026-01-05"), Int.max) }
        #expect(throws: CalendarError.countOutOfRange(Int.min)) {
            try calendar.addWorkdaysAllowingEstimate(day("2026-01-05"), Int.min)
        }
    }

    // MARK: Adding and overriding years

    /// A made-up 2027 arrangement for tests only (not the real notice): 01-01…01-03 off.
    static let fictional2027 = HolidayArrangement(
        year: 2027, notice: "测试用（非真实通知）",
        daysOff: [.init(day("2027-01-01"), holiday: "元旦"), .init(day("2027-01-02"), holiday: "元旦"),
                  .init(day("2027-01-03"), holiday: "元旦")],
        adjustedWorkdays: [])

    @Test("SPEC X1: an imported year makes the year end computable")
    func addingYear() throws {
        let extended = calendar.adding(Self.fictional2027)
        #expect(extended.coveredYears == Array(2004...2027))
        #expect(extended.coverageSummary == "2004–2027")
        #expect(StatutoryCalendar([Self.fictional2027]).adding(try #require(calendar.arrangement(for: 2025))).coverageSummary
            == "2025, 2027")
        // Wed 2026-12-30 + 3: Thu 12-31 (1), 2027-01-01…03 off, Mon 01-04 (2), Tue 01-05 (3).
        #expect(try extended.addWorkdays(day("2026-12-30"), 3) == day("2027-01-05"))
        #expect(extended.isCovered(day("2026-12-28")))
        // The original calendar value is unchanged.
        #expect(calendar.coveredYears == Array(2004...2026))
    }

    @Test("SPEC X1: a later arrangement for the same year replaces the bundled one")
    func overridingYear() throws {
        var changed = try #require(calendar.arrangement(for: 2026))
        changed.adjustedWorkdays.removeAll { $0.date == day("2026-10-10") }
        let overridden = calendar.adding(changed)
        #expect(try calendar.isWorkday(day("2026-10-10")))
        #expect(try overridden.isWorkday(day("2026-10-10")) == false)
        #expect(overridden.coveredYears == calendar.coveredYears)
    }

    @Test("SPEC X1: DATA_DIR/calendar files override bundled years")
    func directoryOverrides() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("calendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.fictional2027.jsonData().write(to: directory.appendingPathComponent("2027.json"))
        let loaded = try StatutoryCalendar.bundled(overrides: directory)
        #expect(loaded.coveredYears.last == 2027)
        // A missing directory means no overrides.
        let none = try StatutoryCalendar.bundled(overrides: directory.appendingPathComponent("absent"))
        #expect(none.coveredYears == Array(2004...2026))
        // A file whose year differs from its name is refused.
        try Self.fictional2027.jsonData().write(to: directory.appendingPathComponent("2028.json"))
        #expect(throws: CalendarImportError.fileYearMismatch(file: "2028.json", year: 2027)) {
            try StatutoryCalendar.bundled(overrides: directory)
        }
    }

    @Test("SPEC X1: an empty calendar covers nothing and says so")
    func emptyCalendar() {
        let empty = StatutoryCalendar()
        #expect(empty.coveredYears.isEmpty)
        #expect(empty.description == "StatutoryCalendar(none)")
        #expect(throws: CalendarError.yearNotCovered(2026)) { try empty.isWorkday(day("2026-06-01")) }
    }

    // MARK: Performance

    @Test("SPEC X1: 10,000 deadline queries take far under a second")
    func performance() throws {
        let clock = ContinuousClock()
        let start = day("2004-01-05").dayNumber
        var checksum = 0
        let elapsed = try clock.measure {
            for index in 0..<10_000 {
                let date = CivilDate(dayNumber: start + (index * 7919) % 7000)
                let due = try calendar.addWorkdays(date, 1 + index % 300)
                checksum &+= due.dayNumber
                checksum &+= try calendar.isWorkday(date) ? 1 : 0
            }
        }
        #expect(checksum != 0)
        #expect(elapsed < .seconds(1), "10,000 queries took \(elapsed)")
    }
}
