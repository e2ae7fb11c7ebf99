import Domain
import Foundation
import Testing

// SPEC P7.4, P3; issue 13 item 2: the previous year's figures counted from the records, per unit
// and kind, and the 31 January duty.
@Suite struct YearlyFiguresTests {
    let brigade = BureauUnit(id: UUID(), name: "执法大队", kind: .enforcementBrigade)
    let supervision = BureauUnit(id: UUID(), name: "安全生产监督管理科", kind: .supervision)
    let accidents = BureauUnit(id: UUID(), name: "事故调查部门", kind: .accidentInvestigation)
    let office = BureauUnit(id: UUID(), name: "办公室", kind: .office)

    func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    func figures() -> YearlyFigures {
        YearlyFigures(
            year: 2026, units: [office, accidents, supervision, brigade],
            acts: [
                .init(unitID: brigade.id, kind: .penalty, date: day("2026-01-01")),
                .init(unitID: brigade.id, kind: .penalty, date: day("2026-12-31")),
                .init(unitID: brigade.id, kind: .inspection, date: day("2026-06-01")),
                .init(unitID: brigade.id, kind: .penalty, date: day("2025-12-31")),  // the year before
                .init(unitID: supervision.id, kind: .inspection, date: day("2026-03-03")),
            ],
            decisions: [
                .init(unitID: brigade.id, kind: .penalty, date: day("2026-02-02"), fineYuan: 20_000),
                .init(unitID: brigade.id, kind: .penalty, date: day("2026-03-03"), fineYuan: 1_500.5),
                .init(unitID: brigade.id, kind: .coercion, date: day("2026-03-03")),
                .init(unitID: supervision.id, kind: .licensing, date: day("2026-04-04")),
                .init(unitID: brigade.id, kind: .penalty, date: day("2027-01-02"), fineYuan: 999),  // the year after
            ],
            accidentCases: [(accidents.id, day("2026-05-05")), (accidents.id, day("2025-05-05"))],
            randomInspectionResults: [(supervision.id, day("2026-07-07"))])
    }

    @Test("acts by start, decisions by decision date, only the year's; fines summed; units in the bureau's order")
    func counts() throws {
        let figures = figures()
        #expect(figures.units.map(\.unitName) == ["安全生产监督管理科", "执法大队", "事故调查部门"])  // the office has nothing
        let brigadeRow = try #require(figures.units.first { $0.unitID == brigade.id })
        #expect(brigadeRow.acts == [.penalty: 2, .inspection: 1])
        #expect(brigadeRow.decisions == [.penalty: 2, .coercion: 1])
        #expect(brigadeRow.finesYuan == Decimal(string: "21500.5"))
        #expect(figures.total.accidentInvestigations == 1 && figures.total.randomInspections == 1)
        #expect(figures.total.totalActs == 4)
        let rows = figures.rows()
        #expect(rows.last == ["合计", "2", "2.15005", "1", "2", "1", "1", "0", "1", "4"])
        #expect(rows.count == 4 && rows.allSatisfy { $0.count == YearlyFigures.header.count })
        #expect(figures.publicationFields()["行政处罚（件）"] == "2" && figures.publicationFields()["年度"] == "2026")
    }

    @Test("a confirmation names the figures: a new act changes the unit's digest, another unit's does not")
    func digestFollowsTheFigures() throws {
        let before = figures()
        let more = YearlyFigures(
            year: 2026, units: [office, accidents, supervision, brigade],
            acts: [.init(unitID: brigade.id, kind: .inspection, date: day("2026-08-08"))], decisions: [], accidentCases: [],
            randomInspectionResults: [])
        #expect(before.units.first { $0.unitID == brigade.id }?.sha256 != more.units.first { $0.unitID == brigade.id }?.sha256)
        #expect(before.units.first { $0.unitID == brigade.id }?.sha256 == figures().units.first { $0.unitID == brigade.id }?.sha256)
    }

    @Test("SPEC P7.4: the duty for 2026 arises on 2027-01-01, is on time on 31 January and overdue from 1 February")
    func thirtyFirstOfJanuaryIsOnTime() throws {
        let rules = ObligationRules(calendar: StatutoryCalendar())
        let responsibility = Responsibility(unitID: UUID(), unitName: "法制宣传科", personID: UUID(), personName: "周法")
        let duty = try #require(rules.obligations(for: .yearEnded(year: 2026, responsibility: responsibility)).first)
        #expect(duty.triggerDate == day("2027-01-01") && duty.due == .date(day("2027-01-31")))
        #expect(duty.state(on: day("2027-01-31")) == .open)
        #expect(duty.state(on: day("2027-02-01")) == .overdue)
        #expect(duty.met(on: day("2027-01-31")).wasMetLate == false)
        #expect(duty.uniquenessKey == "publish-yearly-figures|yearly-figures:2026")
    }
}

// Issue 13 item 1: a trigger is a fact that has happened.
@Suite struct TriggerProblemTests {
    @Test("a day after today and a year not yet ended are refused; today and last year are not")
    func impossibleTriggers() {
        let today = CivilDate(iso: "2026-12-06")!
        #expect(ObligationTrigger.problem(date: today, today: today) == nil)
        #expect(ObligationTrigger.problem(date: today.adding(days: 1), today: today)?.field == "date")
        #expect(ObligationTrigger.problem(yearEnded: 2025, today: today) == nil)
        #expect(ObligationTrigger.problem(yearEnded: 2026, today: today)?.field == "year")
        #expect(ObligationTrigger.problem(yearEnded: 2031, today: today)?.message.contains("尚未结束") == true)
    }
}
