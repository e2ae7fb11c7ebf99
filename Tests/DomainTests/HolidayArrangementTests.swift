import Foundation
import Testing
@testable import Domain

// SPEC X1: an administrator imports a newly announced year as a file; a wrong file is refused with the
// offending date named. Each rule of HolidayArrangement.validate has a failing file here, and the
// bundled data is checked against the same rules and against the notices.

fileprivate func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

/// An import file as an administrator would write it.
fileprivate func file(
    year: Any = 2026, notice: String = "国务院办公厅关于2026年部分节假日安排的通知",
    daysOff: [[String: String]] = [["date": "2026-01-01", "holiday": "元旦"]],
    adjustedWorkdays: [[String: String]] = [["date": "2026-01-04", "holiday": "元旦"]]
) -> Data {
    let object: [String: Any] = [
        "year": year, "notice": notice, "daysOff": daysOff, "adjustedWorkdays": adjustedWorkdays,
    ]
    // Dictionaries of strings and numbers always serialize.
    return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
}

fileprivate func entry(_ date: String, _ holiday: String = "测试") -> [String: String] {
    ["date": date, "holiday": holiday]
}

@Suite("HolidayArrangement import — SPEC X1")
struct HolidayArrangementTests {
    // MARK: Accepted files

    @Test("SPEC X1: a well-formed file is accepted with every field")
    func accepts() throws {
        let text = """
        {"year": 2026, "notice": "国务院办公厅关于2026年部分节假日安排的通知", "noticeNumber": "国办发明电〔2025〕7号",
         "notes": ["n"], "source": "s",
         "daysOff": [{"date": "2026-01-01", "holiday": "元旦"}, {"date": "2026-01-02", "holiday": "元旦"}],
         "adjustedWorkdays": [{"date": "2026-01-04", "holiday": "元旦"}]}
        """
        let arrangement = try HolidayArrangement.decode(Data(text.utf8))
        #expect(arrangement.year == 2026)
        #expect(arrangement.noticeNumber == "国办发明电〔2025〕7号")
        #expect(arrangement.daysOff.map(\.date) == [day("2026-01-01"), day("2026-01-02")])
        #expect(arrangement.adjustedWorkdays == [.init(day("2026-01-04"), holiday: "元旦")])
    }

    @Test("SPEC X1: optional fields may be left out")
    func optionalFields() throws {
        let arrangement = try HolidayArrangement.decode(file())
        #expect(arrangement.noticeNumber == nil && arrangement.notes == nil && arrangement.source == nil)
    }

    @Test("SPEC X1: a New Year block may start in the last week of the year before")
    func precedingDecember() throws {
        // As in the 2019 notice: 2018-12-29 (Sat) worked, 2018-12-30/31 off.
        let data = file(
            year: 2019, notice: "国务院办公厅关于2019年部分节假日安排的通知",
            daysOff: [entry("2018-12-30", "元旦"), entry("2018-12-31", "元旦"), entry("2019-01-01", "元旦")],
            adjustedWorkdays: [entry("2018-12-29", "元旦")])
        #expect(try HolidayArrangement.decode(data).daysOff.count == 3)
    }

    // MARK: One failing file per rule

    @Test("SPEC X1: not JSON is refused")
    func notJSON() {
        #expect(throws: CalendarImportError.malformed("not JSON")) {
            try HolidayArrangement.decode(Data("国务院办公厅关于2027年".utf8))
        }
    }

    @Test("SPEC X1: a missing field is refused, naming it")
    func missingField() {
        let data = Data(#"{"year": 2026, "notice": "n", "daysOff": []}"#.utf8)
        #expect(throws: CalendarImportError.malformed("missing field adjustedWorkdays")) {
            try HolidayArrangement.decode(data)
        }
    }

    @Test("SPEC X1: a mistyped field is refused, naming it")
    func wrongType() {
        do {
            _ = try HolidayArrangement.decode(file(year: "2026"))
            Issue.record("a string year was accepted")
        } catch {
            guard case .malformed(let detail) = error else { Issue.record("\(error)"); return }
            #expect(detail.hasPrefix("year"))
        }
    }

    @Test("SPEC X1: an impossible date is refused, naming where it is")
    func impossibleDate() {
        do {
            _ = try HolidayArrangement.decode(file(daysOff: [entry("2026-01-01"), entry("2026-02-30")]))
            Issue.record("2026-02-30 was accepted")
        } catch {
            guard case .malformed(let detail) = error else { Issue.record("\(error)"); return }
            #expect(detail.contains("daysOff[1].date"))
            #expect(detail.contains("2026-02-30"))
            #expect(error.description.contains("2026-02-30"))
        }
    }

    @Test("SPEC X1: a year outside 1949…9999 is refused", arguments: [1948, 10_000, -1])
    func yearOutOfRange(year: Int) {
        #expect(throws: CalendarImportError.yearOutOfRange(year)) {
            try HolidayArrangement.decode(file(year: year, daysOff: [], adjustedWorkdays: []))
        }
    }

    @Test("SPEC X1: a date outside the stated year is refused", arguments: ["2025-12-24", "2027-01-01", "2024-06-01"])
    func outsideYear(date: String) {
        #expect(throws: CalendarImportError.dateOutsideYear(day(date), year: 2026)) {
            try HolidayArrangement.decode(file(daysOff: [entry("2026-01-01"), entry(date)]))
        }
    }

    @Test("SPEC X1: a day listed twice is refused")
    func duplicate() {
        #expect(throws: CalendarImportError.duplicateDate(day("2026-01-02"))) {
            try HolidayArrangement.decode(file(daysOff: [entry("2026-01-01"), entry("2026-01-02"), entry("2026-01-02")]))
        }
        #expect(throws: CalendarImportError.duplicateDate(day("2026-01-04"))) {
            try HolidayArrangement.decode(file(adjustedWorkdays: [entry("2026-01-04"), entry("2026-01-04")]))
        }
    }

    @Test("SPEC X1: a day both off and worked is refused")
    func offAndWorking() {
        #expect(throws: CalendarImportError.offAndWorking(day("2026-01-03"))) {
            try HolidayArrangement.decode(file(
                daysOff: [entry("2026-01-01"), entry("2026-01-03")], adjustedWorkdays: [entry("2026-01-03")]))
        }
    }

    @Test("SPEC X1: an adjusted working day that is not a weekend day is refused")
    func adjustedWeekday() {
        // 2026-01-05 is a Monday: 调休上班 only ever moves Saturdays and Sundays.
        #expect(throws: CalendarImportError.adjustedWorkdayNotWeekend(day("2026-01-05"))) {
            try HolidayArrangement.decode(file(adjustedWorkdays: [entry("2026-01-04"), entry("2026-01-05")]))
        }
    }

    @Test("SPEC X1: a file without 1 January off is refused (not a whole year)")
    func missingNewYearsDay() {
        #expect(throws: CalendarImportError.missingNewYearsDay(2026)) {
            try HolidayArrangement.decode(file(daysOff: [entry("2026-10-01", "国庆节")]))
        }
    }

    @Test("SPEC X1: an empty notice title or holiday name is refused")
    func emptyText() {
        #expect(throws: CalendarImportError.emptyText("notice")) {
            try HolidayArrangement.decode(file(notice: "  "))
        }
        #expect(throws: CalendarImportError.emptyText("2026-01-01 holiday")) {
            try HolidayArrangement.decode(file(daysOff: [entry("2026-01-01", "")]))
        }
    }

    @Test("SPEC X1: every refusal is one line naming the date or year")
    func messages() {
        let cases: [(CalendarImportError, String)] = [
            (.yearOutOfRange(1948), "1948"),
            (.dateOutsideYear(day("2027-01-01"), year: 2026), "2027-01-01"),
            (.duplicateDate(day("2026-01-02")), "2026-01-02"),
            (.offAndWorking(day("2026-01-03")), "2026-01-03"),
            (.adjustedWorkdayNotWeekend(day("2026-01-05")), "2026-01-05"),
            (.missingNewYearsDay(2026), "2026-01-01"),
            (.fileYearMismatch(file: "2028.json", year: 2027), "2028.json"),
            (.malformed("daysOff[1].date"), "daysOff[1].date"),
        ]
        for (error, needle) in cases {
            #expect(error.description.contains(needle), "\(error)")
            #expect(!error.description.contains("\n"))
        }
        #expect(CalendarImportError.offAndWorking(day("2026-01-03")).description.contains("既列为放假又列为调休上班"))
    }

    // MARK: The bundled data

    @Test("SPEC X1: the bundled data covers exactly 2004…2026")
    func bundledCoverage() throws {
        #expect(try StatutoryCalendar.bundled().coveredYears == Array(2004...2026))
    }

    @Test("SPEC X1: every year's adjusted workdays are weekend days and never days off")
    func bundledRules() throws {
        let arrangements = try StatutoryCalendar.bundled().arrangements
        var allOff = Set<CivilDate>()
        var allWorked = Set<CivilDate>()
        for arrangement in arrangements {
            try arrangement.validate()
            for listed in arrangement.adjustedWorkdays {
                #expect(listed.date.isWeekend, "\(listed.date)")
                #expect(allWorked.insert(listed.date).inserted, "\(listed.date) in two notices")
            }
            for listed in arrangement.daysOff {
                #expect(allOff.insert(listed.date).inserted, "\(listed.date) in two notices")
            }
            #expect(arrangement.notice == "国务院办公厅关于\(arrangement.year)年部分节假日安排的通知")
            #expect(arrangement.source?.contains("chinesecalendar 1.11.0") == true)
        }
        #expect(allOff.isDisjoint(with: allWorked))
    }

    @Test("SPEC X1: the bundled 2026 arrangement matches 国办发明电〔2025〕7号")
    func bundled2026() throws {
        let arrangement = try #require(try StatutoryCalendar.bundled().arrangement(for: 2026))
        #expect(arrangement.noticeNumber == "国办发明电〔2025〕7号")
        #expect(arrangement.adjustedWorkdays.map(\.date.description)
            == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
        #expect(arrangement.adjustedWorkdays.map(\.holiday) == ["元旦", "春节", "春节", "劳动节", "国庆节", "国庆节"])
        // Weekday days off: 01-01, 01-02; 02-16…20, 02-23; 04-06; 05-01, 05-04, 05-05; 06-19; 09-25;
        // 10-01, 10-02, 10-05, 10-06, 10-07.
        let weekdaysOff = arrangement.daysOff.map(\.date).filter { !$0.isWeekend }.map(\.description)
        #expect(weekdaysOff == [
            "2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
            "2026-02-23", "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19", "2026-09-25",
            "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07",
        ])
    }

    @Test("SPEC X1: special notices and corrections are recorded in the bundled files")
    func bundledNotes() throws {
        let calendar = try StatutoryCalendar.bundled()
        #expect(calendar.arrangement(for: 2015)?.notes?.joined().contains("国发明电〔2015〕1号") == true)
        #expect(calendar.arrangement(for: 2020)?.notes?.joined().contains("国办发明电〔2020〕1号") == true)
        #expect(calendar.arrangement(for: 2019)?.notes?.joined().contains("调整2019年劳动节假期安排") == true)
        // chinesecalendar 1.11.0 omits Sat 2005-12-31, worked under the 2006 notice; the data restores it.
        #expect(calendar.arrangement(for: 2006)?.adjustedWorkdays.contains(.init(day("2005-12-31"), holiday: "元旦")) == true)
        #expect(calendar.holidayName(on: day("2015-09-03")) == "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日")
    }

    @Test("SPEC X1: every bundled arrangement survives export and re-import unchanged")
    func roundTrip() throws {
        for arrangement in try StatutoryCalendar.bundled().arrangements {
            #expect(try HolidayArrangement.decode(arrangement.jsonData()) == arrangement)
        }
    }
}
