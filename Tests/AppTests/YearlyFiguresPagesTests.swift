import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import VaporTesting

/// Issue 13 item 2 (SPEC P3, P7.4): the yearly duty raised by itself, the sections confirm their
/// parts, the legal section drafts the publication, and publishing it meets the duty; the figures
/// agree with what the test entered. On both databases, through the staff pages and the API.
@Suite struct YearlyFiguresPagesTests {
    typealias Browser = StaffWebTests.Browser

    func browser(_ app: Application, _ role: Role, unit: UnitKind? = nil) async throws -> Browser {
        let unitID = try await unit.asyncMap { kind in try await UnitModel.query(on: app.db).filter(\.$kind == kind.rawValue).first()?.id }
        let name = "\(role.rawValue)-\(UUID().uuidString.prefix(6))".lowercased()
        _ = try await AccountService.createUser(
            username: name, displayName: name, role: role, password: StaffWebTests.password, unitID: unitID ?? nil,
            on: app.db, hasher: app.password.sync)
        let browser = Browser(app)
        _ = try await browser.signIn(name, StaffWebTests.password)
        return browser
    }

    @Test("the yearly duty is met by publishing the figures, which agree with the records the test entered", arguments: TestDatabase.all)
    func yearlyFiguresMeetTheDuty(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2027-01-04"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let context = app.lawTrail.serviceContext(on: app.db)
            let before = try await YearlyFiguresQueries(database: app.db).figures(2026).total

            // Entered by the test: four acts in 2026, two penalties with fines, a coercion, and a penalty decided in 2027.
            for number in ["普应急罚〔2026〕301号", "普应急罚〔2026〕302号"] {
                let (_, activityID, _) = try await client.caseAndActivity(token: staff.officer, kind: "penalty")
                try await client.enterDecision(activityID: activityID, token: staff.officer, number: number, decided: "2026-12-15")
            }
            let (_, coercionActivity, _) = try await client.caseAndActivity(token: staff.officer, kind: "coercion")
            try await client.enterDecision(.coercionDecision, activityID: coercionActivity, token: staff.officer, number: "普应急强〔2026〕9号", decided: "2026-12-16")
            let (_, lateActivity, _) = try await client.caseAndActivity(token: staff.officer, kind: "penalty")
            try await client.enterDecision(activityID: lateActivity, token: staff.officer, number: "普应急罚〔2027〕1号", decided: "2027-01-04")

            let after = try await YearlyFiguresQueries(database: app.db).figures(2026).total
            #expect(after.totalActs == before.totalActs + 4)
            #expect(after.decisions[.penalty, default: 0] == before.decisions[.penalty, default: 0] + 2)
            #expect(after.decisions[.coercion, default: 0] == before.decisions[.coercion, default: 0] + 1)
            #expect(after.finesYuan == before.finesYuan + 4000)  // the form's 罚款金额 is 2000 each

            // Raised by itself on 1 January (the hourly job), once.
            let duty = try #require(try await YearlyFiguresService(context).raiseYearlyDuty())
            #expect(duty.subject == .yearlyFigures(year: 2026) && duty.due == .date(CivilDate(iso: "2027-01-31")!))
            #expect(try await YearlyFiguresService(context).raiseYearlyDuty() == nil)

            let legal = try await browser(app, .legalSection)
            let page = try await legal.send(.GET, "/staff/yearly-figures?year=2026")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("待确认"))
            let token = try #require(Browser.csrf(page.body.string))
            let early = try await legal.send(.POST, "/staff/yearly-figures/publication", form: ["csrf": token, "year": "2026"])
            #expect(early.status == .conflict && early.body.string.contains("尚未确认"))
            let report = try await legal.send(.GET, "/staff/yearly-figures/report.csv?year=2026")
            #expect(report.status == .ok)
            let totalLine = try #require(report.body.string.split(separator: "\r\n").last { $0.hasPrefix("合计") })
            #expect(totalLine.split(separator: ",").last.map(String.init) == "\(after.totalActs)")
            #expect(try await legal.send(.GET, "/staff/yearly-figures?year=2027").body.string.contains("尚未结束"))

            // Each reporting section confirms its part; an officer may not.
            for (role, unit) in [(Role.supervisionSection, UnitKind.supervision), (.brigadeLeader, .enforcementBrigade),
                                 (.accidentInvestigation, .accidentInvestigation)] {
                let section = try await browser(app, role, unit: unit)
                let own = try await section.send(.GET, "/staff/yearly-figures?year=2026")
                let sectionToken = try #require(Browser.csrf(own.body.string))
                let confirmed = try await section.send(.POST, "/staff/yearly-figures/confirm", form: ["csrf": sectionToken, "year": "2026"])
                #expect(confirmed.status == .seeOther, "\(role): \(confirmed.body.string.prefix(300))")
            }
            #expect(try await client.ledgerTypes().filter { $0 == "yearly_figures.confirmed" }.count == 3)
            let officer = try await browser(app, .officer)
            #expect(try await officer.send(.GET, "/staff/yearly-figures").status == .forbidden)

            let drafted = try await legal.send(.POST, "/staff/yearly-figures/publication", form: ["csrf": token, "year": "2026"])
            #expect(drafted.status == .seeOther, "\(drafted.body.string.prefix(300))")
            let location = try #require(drafted.headers.first(name: .location))
            let publicationID = try #require(UUID(uuidString: String(location.split(separator: "/").last ?? "")))
            let publication = try #require(try await PublicationQueries(database: app.db).publication(publicationID))
            #expect(publication.kind == .yearlyFigures)
            #expect(publication.latestVersion.fields["执法活动合计（次）"] == "\(after.totalActs)")
            #expect(try await ObligationQueries(database: app.db).linkedPublication(duty.id) == publicationID)

            for (step, token) in [("submit", staff.legalA), ("approve", staff.legalB), ("publish", staff.legalA)] {
                let response = try await client.send(.POST, "/api/v1/publications/\(publicationID)/\(step)", token: token)
                #expect(response.status == .ok, "\(step): \(response.body.string)")
            }
            let met = try #require(try await ObligationQueries(database: app.db).find(duty.id))
            #expect(met.metOn == CivilDate(iso: "2027-01-04"))
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
