import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 13 item 3: a holiday year imported into the running server takes effect without a restart,
/// every stored estimate it settles is counted again, and each change is on the ledger (SPEC X1, X2).
@Suite struct HolidayYearLiveTests {
    typealias Browser = StaffWebTests.Browser
    typealias ObligationItemJSON = PublicityAPITests.ObligationItemJSON
    typealias Page = PublicityAPITests.Page

    /// A 2027 arrangement for the test (the real notice is what the administrator will paste):
    /// 1–3 January off, Saturday 2 January not worked, Sunday 10 January worked.
    static let arrangement2027 = """
        {"year": 2027, "notice": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
         "daysOff": [{"date": "2027-01-01", "holiday": "元旦"}, {"date": "2027-01-04", "holiday": "元旦"}],
         "adjustedWorkdays": [{"date": "2027-01-10", "holiday": "元旦"}]}
        """

    func duty(_ client: APIClient, token: String, decision: UUID) async throws -> Obligation? {
        let page = try client.decode(Page<ObligationItemJSON>.self, try await client.send(.GET, "/api/v1/obligations?per=100", token: token))
        return page.items.first { $0.obligation.subject == .decision(decision) }?.obligation
    }

    @Test("2026→2027: a due day counted as an estimate becomes exact when the administrator imports 2027; no restart",
          arguments: TestDatabase.all)
    func importSettlesEstimates(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-28"))  // a Monday
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let (_, activityID, _) = try await client.caseAndActivity(token: staff.officer, kind: "penalty")
            let decisionID = try await client.enterDecision(
                activityID: activityID, token: staff.officer, number: "普应急罚〔2026〕199号", decided: "2026-12-28")
            // 12-29, 12-30, 12-31, then 2027 counted Monday to Friday: 01-01, 01-04, 01-05, 01-06.
            let estimated = try #require(try await duty(client, token: staff.legalA, decision: decisionID))
            #expect(estimated.due == .estimate(CivilDate(iso: "2027-01-06")!, estimatedYears: [2027]))
            let shelved = try await client.send(.GET, "/api/v1/accountability?from=2027-01-01&to=2027-01-31&format=csv", token: staff.legalA)
            #expect(shelved.status == .ok)

            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.administrator, app: app), StaffWebTests.password)
            let before = try await browser.send(.GET, "/staff/calendar")
            #expect(before.status == .ok)
            #expect(before.body.string.contains("尚未导入：2027年"))
            let token = try #require(Browser.csrf(before.body.string))
            let bad = try await browser.send(.POST, "/staff/calendar", form: ["csrf": token, "arrangement": "{\"year\": 2027}"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("未导入") && bad.body.string.contains("{&quot;year&quot;: 2027}"))  // kept, escaped

            let imported = try await browser.send(.POST, "/staff/calendar", form: ["csrf": token, "arrangement": Self.arrangement2027])
            #expect(imported.status == .ok)
            #expect(imported.body.string.contains("已导入2027年节假日安排"), "\(imported.body.string)")
            #expect(imported.body.string.contains("普应急罚〔2026〕199号"))
            // 01-01 and 01-04 off: 12-29, 12-30, 12-31, 01-05, 01-06, 01-07, 01-08.
            let exact = try #require(try await duty(client, token: staff.legalA, decision: decisionID))
            #expect(exact.due == .date(CivilDate(iso: "2027-01-08")!))
            #expect(try await client.ledgerTypes().filter { $0 == "calendar.imported" }.count == 1)
            #expect(try await client.ledgerTypes().contains("obligation.rescheduled"))
            // A new duty is counted on the new calendar at once.
            #expect(try app.lawTrail.calendar.isWorkday(CivilDate(iso: "2027-01-10")!))

            // The same file again changes nothing.
            let again = try await browser.send(.POST, "/staff/calendar", form: ["csrf": token, "arrangement": Self.arrangement2027])
            #expect(again.body.string.contains("无需重新计算"))
            #expect(try await client.ledgerTypes().filter { $0 == "calendar.imported" }.count == 1)
            #expect(try await CalendarWatch.check(app).recordedYears.isEmpty)

            // The officer may not import.
            let officer = Browser(app)
            _ = try await officer.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            #expect(try await officer.send(.GET, "/staff/calendar").status == .forbidden)
        }
    }

    @Test("a file `lawtrail calendar import` installs is taken in by the watch, on the ledger, without a restart", arguments: TestDatabase.all)
    func commandLineImportIsTakenIn(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-28"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let (_, activityID, _) = try await client.caseAndActivity(token: staff.officer, kind: "penalty")
            let decisionID = try await client.enterDecision(
                activityID: activityID, token: staff.officer, number: "普应急罚〔2026〕200号", decided: "2026-12-28")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("lawtrail-2027-\(UUID().uuidString).json")
            try Data(Self.arrangement2027.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            _ = try CalendarQueries.importArrangement(from: file, dataDirectory: app.lawTrail.config.dataDirectory)

            let outcome = try await CalendarWatch.check(app)
            #expect(outcome.recordedYears == [2027])
            #expect(try await duty(client, token: staff.legalA, decision: decisionID)?.due == .date(CivilDate(iso: "2027-01-08")!))
            #expect(try await CalendarWatch.check(app).recordedYears.isEmpty)  // once
        }
    }
}
