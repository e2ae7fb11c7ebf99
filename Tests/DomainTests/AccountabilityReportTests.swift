import Domain
import Foundation
import Testing

// SPEC P10, X2: obligations overdue or met late over a period, per unit and per person, with working
// days late; exported as CSV (UTF-8 with BOM, Chinese header, RFC 4180 quoting).

@Suite("AccountabilityReport — SPEC P10 late obligations and their CSV")
struct AccountabilityReportTests {
    typealias F = PublicityFixtures
    let rules = ObligationRules(calendar: PublicityFixtures.calendar)

    static let wang = Responsibility(unitID: F.id(201), unitName: "执法大队", personID: F.id(111), personName: "王强")
    static let zhou = Responsibility(unitID: F.id(202), unitName: "法制宣传科", personID: F.id(103), personName: "周敏")

    func penalty(_ n: Int, decided: String, _ who: Responsibility) -> Obligation {
        rules.obligations(for: .decisionMade(
            kind: .penalty, on: F.day(decided),
            decision: ObligationTarget(subject: .decision(F.id(800 + n)), title: "普应急罚〔2026〕\(n)号", responsibility: who)))[0]
    }

    /// Due 2026-02-28 (decided 02-12), due 2026-03-02 (decided 02-13), due 2026-10-14 (decided 09-29).
    func sample() -> [Obligation] {
        [
            penalty(1, decided: "2026-02-12", Self.wang).met(on: F.day("2026-03-04")),  // 2 working days late
            penalty(2, decided: "2026-02-13", Self.wang).met(on: F.day("2026-03-02")),  // on time
            penalty(3, decided: "2026-02-13", Self.zhou),                             // overdue
            penalty(4, decided: "2026-09-29", Self.wang),                             // due after the period
        ]
    }

    @Test("SPEC P10: overdue and met-late obligations in the period, with working days late")
    func entries() {
        let report = AccountabilityReport(
            obligations: sample(), from: F.day("2026-02-01"), to: F.day("2026-03-31"), asOf: F.day("2026-03-06"),
            calendar: F.calendar)
        #expect(report.entries.count == 2)
        let late = report.entries.first { $0.obligation.title == "普应急罚〔2026〕1号" }
        // Due Sat 02-28 (adjusted working day), met Wed 03-04: 03-02 (1), 03-03 (2), 03-04 (3) — 3 working
        // days late, 4 calendar days.
        #expect(late?.status == .metLate)
        #expect(late?.workdaysLate == 3)
        #expect(late?.calendarDaysLate == 4)
        let overdue = report.entries.first { $0.obligation.title == "普应急罚〔2026〕3号" }
        // Due Mon 03-02, not met by Fri 03-06: 03-03, 03-04, 03-05, 03-06 — 4 working days.
        #expect(overdue?.status == .overdue)
        #expect(overdue?.workdaysLate == 4)
    }

    @Test("SPEC P10: grouped per unit and per person, most late first")
    func groups() {
        let report = AccountabilityReport(
            obligations: sample(), from: F.day("2026-02-01"), to: F.day("2026-03-31"), asOf: F.day("2026-03-06"),
            calendar: F.calendar)
        #expect(report.byUnit.map(\.name) == ["法制宣传科", "执法大队"])  // both 1; 4 working days before 3
        #expect(report.byUnit.map(\.overdue) == [1, 0])
        #expect(report.byUnit.map(\.metLate) == [0, 1])
        #expect(report.byPerson.map(\.name) == ["周敏", "王强"])
        #expect(report.byPerson.map(\.workdaysLate) == [4, 3])
        #expect(report.byPerson.last?.unitName == "执法大队")
    }

    @Test("SPEC X1: lateness counted into a year without holiday data is marked as an estimate")
    func estimatedLateness() throws {
        let obligation = penalty(5, decided: "2026-12-21", Self.wang)  // 12-22…12-30: due Wed 2026-12-30
        #expect(obligation.due == .date(F.day("2026-12-30")))
        let report = AccountabilityReport(
            obligations: [obligation], from: F.day("2026-12-01"), to: F.day("2026-12-31"), asOf: F.day("2027-01-05"),
            calendar: F.calendar)
        let entry = try #require(report.entries.first)
        // 12-31 (1), 2027-01-01 Fri counted as working in the estimate (2), 01-04 (3), 01-05 (4).
        #expect(entry.workdaysLate == 4)
        #expect(entry.estimatedYears == [2027])
        let text = String(decoding: report.csv().dropFirst(3), as: UTF8.self)
        #expect(text.contains("含估算：2027年节假日安排尚未导入"))
        // Issue 13 item 7: the summary says how many of each group's counts rest on an estimate.
        let summary = String(decoding: report.summaryCSV().dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(summary[1].hasSuffix(",1,0,1,4,1"))
    }

    @Test("issue 13 item 7: a decision nobody drafted is marked 应公示未公示 in the report")
    func undraftedDecisionIsMarked() throws {
        let obligation = penalty(5, decided: "2026-02-12", Self.wang)
        let report = AccountabilityReport(
            obligations: [obligation], from: F.day("2026-02-01"), to: F.day("2026-03-31"), asOf: F.day("2026-03-06"),
            calendar: F.calendar, undrafted: [obligation.id])
        #expect(report.entries.first?.undrafted == true)
        #expect(String(decoding: report.csv().dropFirst(3), as: UTF8.self).contains("应公示未公示：尚未起草公示信息"))
        let drafted = AccountabilityReport(
            obligations: [obligation], from: F.day("2026-02-01"), to: F.day("2026-03-31"), asOf: F.day("2026-03-06"),
            calendar: F.calendar)
        #expect(!String(decoding: drafted.csv().dropFirst(3), as: UTF8.self).contains("应公示未公示"))
    }

    @Test("SPEC P10: the CSV starts with a UTF-8 BOM, has a Chinese header and CRLF records")
    func csvShape() throws {
        let report = AccountabilityReport(
            obligations: sample(), from: F.day("2026-02-01"), to: F.day("2026-03-31"), asOf: F.day("2026-03-06"),
            calendar: F.calendar)
        let data = report.csv()
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "责任单位,责任人,依据,义务,时限,事项,触发日期,应完成日期,完成日期,状态,逾期工作日数,逾期自然日数,备注")
        #expect(lines.count == 4)  // header, two rows, and the empty string after the last CRLF
        #expect(lines.last == "")
        #expect(lines[1] == "执法大队,王强,公示办法 七（SPEC P7.1）,公示行政处罚决定,7个工作日内,普应急罚〔2026〕1号,2026-02-12,2026-02-28,2026-03-04,逾期完成,3,4,")
        #expect(lines[2] == "法制宣传科,周敏,公示办法 七（SPEC P7.1）,公示行政处罚决定,7个工作日内,普应急罚〔2026〕3号,2026-02-13,2026-03-02,,逾期未完成,4,4,")
        let summary = String(decoding: report.summaryCSV().dropFirst(3), as: UTF8.self)
        #expect(summary.hasPrefix("分组,责任单位,责任人,逾期未完成,逾期完成,合计,逾期工作日数合计,其中含估算\r\n"))
    }

    @Test("SPEC P10: RFC 4180 quoting — commas, quotes and line breaks are quoted, quotes doubled")
    func csvQuoting() {
        #expect(CSVDocument.field("普通文本") == "普通文本")
        #expect(CSVDocument.field("a,b") == "\"a,b\"")
        #expect(CSVDocument.field("他说\"好\"") == "\"他说\"\"好\"\"\"")
        #expect(CSVDocument.field("第一行\n第二行") == "\"第一行\n第二行\"")
        #expect(CSVDocument.field("第一行\r\n第二行") == "\"第一行\r\n第二行\"")
        #expect(CSVDocument.field("") == "")
        #expect(CSVDocument.record(["x", "y,z", ""]) == "x,\"y,z\",\r\n")
        let data = CSVDocument.data(header: ["名称"], rows: [["某\"公司\",分厂"]])
        #expect(Array(data) == CSVDocument.byteOrderMark + Array("名称\r\n\"某\"\"公司\"\",分厂\"\r\n".utf8))
    }

    @Test("SPEC P10: a title with a comma and quotes survives the report's CSV intact")
    func csvQuotesTitles() throws {
        let tricky = ObligationTarget(
            subject: .decision(F.id(900)), title: "普应急罚〔2026〕9号,\"补充\"", responsibility: Self.wang)
        let obligation = rules.obligations(for: .decisionMade(kind: .penalty, on: F.day("2026-02-12"), decision: tricky))[0]
        let report = AccountabilityReport(
            obligations: [obligation], from: F.day("2026-02-01"), to: F.day("2026-03-31"), asOf: F.day("2026-03-06"),
            calendar: F.calendar)
        let text = String(decoding: report.csv().dropFirst(3), as: UTF8.self)
        #expect(text.contains(",\"普应急罚〔2026〕9号,\"\"补充\"\"\",2026-02-12,"))
    }
}
