import Domain
import Foundation
import Testing

// SPEC X1, X2, P7–P9: each trigger creates its obligations with due days on the statutory calendar.
// Expected due days are worked out by hand from the bundled 2026 notice (国办发明电〔2025〕7号), with
// the reasoning in each test, not computed by the code under test. The day of the event is not
// counted (SPEC X1).
//
// 2026 notice, the parts used here: 春节 02-15…02-23 off, Saturdays 02-14 and 02-28 worked;
// 劳动节 05-01…05-05 off, Saturday 05-09 worked; 端午 06-19…06-21 off; 中秋 09-25…09-27 off;
// 国庆 10-01…10-07 off, Sunday 09-20 and Saturday 10-10 worked.

@Suite("ObligationRules — SPEC X1/X2 deadlines for P7–P9")
struct ObligationRulesTests {
    typealias F = PublicityFixtures
    let rules = ObligationRules(calendar: PublicityFixtures.calendar)

    func decision(_ n: Int = 1) -> ObligationTarget {
        ObligationTarget(subject: .decision(F.id(400 + n)), title: "普应急罚〔2026〕\(n)号", responsibility: F.brigade)
    }

    func penaltyDue(_ date: String) -> ObligationDue? {
        rules.obligations(for: .decisionMade(kind: .penalty, on: F.day(date), decision: decision())).first?.due
    }

    // MARK: P7.1 — 7 working days, around Spring Festival and National Day 2026

    @Test("SPEC P7.1: penalty decided Thu 2026-02-12 is due Sat 2026-02-28 (Spring Festival, adjusted Saturday)")
    func penaltyBeforeSpringFestivalThursday() {
        // 02-13 Fri (1), 02-14 Sat worked (2), 02-15…23 off, 02-24 (3), 02-25 (4), 02-26 (5),
        // 02-27 (6), 02-28 Sat worked (7).
        #expect(penaltyDue("2026-02-12") == .date(F.day("2026-02-28")))
    }

    @Test("SPEC P7.1: penalty decided Fri 2026-02-13 is due Mon 2026-03-02 (Spring Festival)")
    func penaltyBeforeSpringFestivalFriday() {
        // 02-14 Sat worked (1), 02-15…23 off, 02-24 (2), 02-25 (3), 02-26 (4), 02-27 (5),
        // 02-28 Sat worked (6), 03-01 Sun off, 03-02 Mon (7).
        #expect(penaltyDue("2026-02-13") == .date(F.day("2026-03-02")))
    }

    @Test("SPEC P7.1: penalty decided Tue 2026-09-29 is due Wed 2026-10-14 (National Day)")
    func penaltyBeforeNationalDayTuesday() {
        // 09-30 Wed (1), 10-01…07 off, 10-08 Thu (2), 10-09 Fri (3), 10-10 Sat worked (4), 10-11 Sun off,
        // 10-12 (5), 10-13 (6), 10-14 (7).
        #expect(penaltyDue("2026-09-29") == .date(F.day("2026-10-14")))
    }

    @Test("SPEC P7.1: penalty decided Wed 2026-09-30 is due Thu 2026-10-15 (National Day)")
    func penaltyBeforeNationalDayWednesday() {
        // 10-01…07 off, 10-08 (1), 10-09 (2), 10-10 Sat worked (3), 10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7).
        #expect(penaltyDue("2026-09-30") == .date(F.day("2026-10-15")))
    }

    // MARK: P7.2 — 20 working days

    @Test("SPEC P7.2: coercion decided Mon 2026-09-28 is due Fri 2026-10-30 (20 working days across National Day)")
    func coercionAcrossNationalDay() throws {
        // 09-29 (1), 09-30 (2), 10-01…07 off, 10-08 (3), 10-09 (4), 10-10 Sat worked (5),
        // 10-12…16 (6–10), 10-19…23 (11–15), 10-26…30 (16–20).
        let obligations = rules.obligations(
            for: .decisionMade(kind: .coercion, on: F.day("2026-09-28"), decision: decision()))
        let obligation = try #require(obligations.first)
        #expect(obligations.count == 1)
        #expect(obligation.kind == .publishCoercionDecision)
        #expect(obligation.specID == "P7.2")
        #expect(obligation.due == .date(F.day("2026-10-30")))
    }

    @Test("SPEC P7.2: licensing decided 2026-09-28 has the same 20-working-day limit as coercion")
    func licensingTwentyDays() throws {
        let obligation = try #require(rules.obligations(
            for: .decisionMade(kind: .licensing, on: F.day("2026-09-28"), decision: decision())).first)
        #expect(obligation.kind == .publishLicensingDecision)
        #expect(obligation.specID == "P7.2")
        #expect(obligation.due == .date(F.day("2026-10-30")))
    }

    @Test("SPEC P7: inspection and levy decisions carry no publication time limit, so no obligation")
    func noLimitNoObligation() {
        for kind in [EnforcementKind.inspection, .levyRequisition] {
            #expect(rules.obligations(for: .decisionMade(kind: kind, on: F.day("2026-03-02"), decision: decision())).isEmpty)
        }
    }

    // MARK: P8 — 20 working days, one obligation per affected publication

    @Test("SPEC P8: a law change on Thu 2026-06-18 makes every affected publication due for update on Fri 2026-07-17")
    func lawChangedAcrossDragonBoat() {
        // 端午 06-19…21 off. 06-22…26 (1–5), 06-29…07-03 (6–10), 07-06…10 (11–15), 07-13…17 (16–20).
        let affected = (1...3).map { n in
            ObligationTarget(subject: .publication(F.id(500 + n)), title: "权力事项\(n)", responsibility: F.legalUnit)
        }
        let obligations = rules.obligations(for: .lawChanged(on: F.day("2026-06-18"), affected: affected))
        #expect(obligations.map(\.subject) == affected.map(\.subject))
        #expect(obligations.allSatisfy { $0.kind == .updateAfterLawChange && $0.specID == "P8" })
        #expect(obligations.allSatisfy { $0.due == .date(F.day("2026-07-17")) })
        #expect(obligations.allSatisfy { $0.responsibility == F.legalUnit && $0.triggerDate == F.day("2026-06-18") })
        #expect(Set(obligations.map(\.id)).count == 3)
    }

    @Test("SPEC P8: organisation, certificate and decision changes each create their own 20-day update obligation")
    func otherChangeTriggers() {
        let target = ObligationTarget(subject: .publication(F.id(510)), title: "执法证 陈明", responsibility: F.legalUnit)
        let date = F.day("2026-09-28")  // + 20 working days = 2026-10-30, worked out above
        let cases: [(ObligationTrigger, ObligationKind)] = [
            (.organisationChanged(on: date, affected: [target]), .updateAfterOrganisationChange),
            (.certificateChanged(on: date, affected: [target]), .updateAfterCertificateChange),
            (.decisionChanged(on: date, affected: [target]), .updateAfterDecisionChange),
        ]
        for (trigger, kind) in cases {
            let obligations = rules.obligations(for: trigger)
            #expect(obligations.count == 1)
            #expect(obligations.first?.kind == kind)
            #expect(obligations.first?.specID == "P8")
            #expect(obligations.first?.due == .date(F.day("2026-10-30")))
        }
        #expect(rules.obligations(for: .lawChanged(on: date, affected: [])).isEmpty)
    }

    @Test("SPEC P8 (三): a changed officer record triggers the certificate update; an unchanged one does not")
    func certificateChangeFromOfficerRecord() throws {
        let certificate = Certificate(
            number: "31070020001", issuer: "上海市人民政府", scope: "普陀区 安全生产",
            validFrom: F.day("2024-01-01"), validTo: F.day("2028-12-31"))
        let old = Officer(id: F.id(120), name: "陈明", unitID: F.id(201), certificates: [certificate])
        var renewed = old
        renewed.certificates = [Certificate(
            number: "31070020001", issuer: "上海市人民政府", scope: "普陀区 安全生产",
            validFrom: F.day("2024-01-01"), validTo: F.day("2030-12-31"))]
        let target = ObligationTarget(subject: .publication(F.id(511)), title: "执法证 陈明", responsibility: F.legalUnit)

        #expect(ObligationTrigger.certificateChange(from: old, to: old, on: F.day("2026-09-28"), affected: [target]) == nil)
        let trigger = try #require(ObligationTrigger.certificateChange(
            from: old, to: renewed, on: F.day("2026-09-28"), affected: [target]))
        let obligations = rules.obligations(for: trigger)
        #expect(obligations.map(\.kind) == [.updateAfterCertificateChange])
        #expect(obligations.first?.due == .date(F.day("2026-10-30")))
    }

    // MARK: P9.2, P9.3

    @Test("SPEC P9.2: a correction request received Wed 2026-09-30 is answered by Tue 2026-10-13")
    func correctionRequestFiveDays() throws {
        // 10-01…07 off, 10-08 (1), 10-09 (2), 10-10 Sat worked (3), 10-12 (4), 10-13 (5).
        let request = ObligationTarget(subject: .correctionRequest(F.id(601)), title: "更正申请 GZ-001", responsibility: F.legalUnit)
        let obligation = try #require(rules.obligations(
            for: .correctionRequestReceived(on: F.day("2026-09-30"), request: request)).first)
        #expect(obligation.kind == .answerCorrectionRequest)
        #expect(obligation.specID == "P9.2")
        #expect(obligation.due == .date(F.day("2026-10-13")))
    }

    @Test("SPEC P9.2: a request received Fri 2026-11-27 is due Fri 2026-12-04 (an ordinary week)")
    func correctionRequestOrdinaryWeek() {
        // 11-28/29 weekend, 11-30 Mon (1), 12-01 (2), 12-02 (3), 12-03 (4), 12-04 (5).
        #expect(rules.due(.answerCorrectionRequest, triggeredOn: F.day("2026-11-27")) == .date(F.day("2026-12-04")))
    }

    @Test("SPEC P9.3: a decision revoked Thu 2026-04-30 is withdrawn by Wed 2026-05-13 (Labour Day)")
    func revocationSevenDays() {
        // 05-01…05 off, 05-06 Wed (1), 05-07 (2), 05-08 (3), 05-09 Sat worked (4), 05-11 (5), 05-12 (6), 05-13 (7).
        let affected = [ObligationTarget(subject: .publication(F.id(701)), title: "普应急罚〔2026〕3号", responsibility: F.brigade)]
        for ground in RevocationGround.allCases {
            let obligations = rules.obligations(
                for: .decisionRevoked(on: F.day("2026-04-30"), ground: ground, affected: affected))
            #expect(obligations.count == 1)
            #expect(obligations.first?.kind == .withdrawDecision)
            #expect(obligations.first?.specID == "P9.3")
            #expect(obligations.first?.due == .date(F.day("2026-05-13")))
        }
    }

    // MARK: P7.4 — a calendar date

    @Test("SPEC P7.4: the 2025 figures are due on 2026-01-31 even though it is a Saturday (a date, not working days)")
    func yearlyFigures() throws {
        let obligation = try #require(rules.obligations(for: .yearEnded(year: 2025, responsibility: F.legalUnit)).first)
        #expect(obligation.kind == .publishYearlyFigures)
        #expect(obligation.specID == "P7.4")
        #expect(obligation.subject == .yearlyFigures(year: 2025))
        #expect(obligation.triggerDate == F.day("2026-01-01"))
        #expect(obligation.due == .date(F.day("2026-01-31")))
    }

    @Test("SPEC P7.4: the 2026 figures are due 2027-01-31 exactly, though 2027 has no holiday data")
    func yearlyFiguresNeedNoCalendar() throws {
        let refusing = ObligationRules(calendar: F.calendar, uncoveredYears: .refuse)
        let obligation = try #require(refusing.obligations(for: .yearEnded(year: 2026, responsibility: F.legalUnit)).first)
        #expect(obligation.due == .date(F.day("2027-01-31")))
    }

    // MARK: X1 — a deadline in a year without data

    @Test("SPEC X1: a penalty decided Mon 2026-12-28 runs into 2027: a flagged estimate 2027-01-06, or unknown")
    func deadlineIntoUncoveredYear() throws {
        // 12-29 (1), 12-30 (2), 12-31 (3); 2027 has no notice, so Monday–Friday are counted:
        // 2027-01-01 Fri (4, the estimate knows no New Year holiday), 01-04 (5), 01-05 (6), 01-06 (7).
        let estimated = try #require(penaltyDue("2026-12-28"))
        #expect(estimated == .estimate(F.day("2027-01-06"), estimatedYears: [2027]))
        #expect(estimated.isEstimate)
        #expect(estimated.chineseDescription.contains("估算"))

        let refusing = ObligationRules(calendar: F.calendar, uncoveredYears: .refuse)
        let unknown = try #require(refusing.obligations(
            for: .decisionMade(kind: .penalty, on: F.day("2026-12-28"), decision: decision())).first)
        #expect(unknown.due == .unknown(missingYear: 2027))
        #expect(unknown.due.date == nil)
        #expect(unknown.state(on: F.day("2027-06-01")) == .open)  // never overdue on a guess
    }

    @Test("SPEC X1: once the 2027 notice is imported, refreshing turns the estimate into an exact date")
    func refreshAfterImport() throws {
        let estimated = try #require(rules.obligations(
            for: .decisionMade(kind: .penalty, on: F.day("2026-12-28"), decision: decision())).first)
        // A hypothetical 2027 notice with 01-01…01-03 off (元旦): 12-29 (1), 12-30 (2), 12-31 (3),
        // 2027-01-04 (4), 01-05 (5), 01-06 (6), 01-07 (7).
        let notice = try HolidayArrangement.decode(Data("""
            {"year": 2027, "notice": "测试", "noticeNumber": "测试", "source": "测试",
             "daysOff": [{"date": "2027-01-01", "holiday": "元旦"}, {"date": "2027-01-02", "holiday": "元旦"},
                         {"date": "2027-01-03", "holiday": "元旦"}],
             "adjustedWorkdays": []}
            """.utf8))
        let refreshed = ObligationRules(calendar: F.calendar.adding(notice)).refreshed(estimated)
        #expect(refreshed.id == estimated.id)
        #expect(refreshed.due == .date(F.day("2027-01-07")))
    }

    // MARK: X2 — state with a pinned today

    @Test("SPEC X2: due 2026-02-28 — open through the due day, overdue the day after")
    func overdueWithPinnedToday() throws {
        let obligation = try #require(rules.obligations(
            for: .decisionMade(kind: .penalty, on: F.day("2026-02-12"), decision: decision())).first)
        #expect(obligation.state(on: F.day("2026-02-20")) == .open)
        #expect(obligation.state(on: F.day("2026-02-28")) == .open)
        #expect(obligation.state(on: F.day("2026-03-01")) == .overdue)
    }

    @Test("SPEC X2: met on the due day is on time; met after it is late; unmet has no lateness")
    func metLateVersusOnTime() throws {
        let obligation = try #require(rules.obligations(
            for: .decisionMade(kind: .penalty, on: F.day("2026-02-12"), decision: decision())).first)
        #expect(obligation.wasMetLate == nil)

        let onTime = obligation.met(on: F.day("2026-02-28"))
        #expect(onTime.state(on: F.day("2026-03-10")) == .met(on: F.day("2026-02-28")))
        #expect(onTime.wasMetLate == false)

        let late = obligation.met(on: F.day("2026-03-02"))
        #expect(late.state(on: F.day("2026-03-10")) == .met(on: F.day("2026-03-02")))
        #expect(late.wasMetLate == true)
        // Before the day it was met, it was overdue.
        #expect(late.state(on: F.day("2026-03-01")) == .overdue)
        // Meeting it again does not move the day it was met.
        #expect(late.met(on: F.day("2026-03-05")).metOn == F.day("2026-03-02"))
    }
}
