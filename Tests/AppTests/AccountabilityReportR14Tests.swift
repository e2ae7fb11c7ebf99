import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 13 item 7 (SPEC P10, R14): the accountability report lists undrafted decisions, refused
/// deletions and alterations, and recording findings still open past a set number of working days,
/// each with the unit and people responsible; the leaders' monthly page shows them with charts.
@Suite struct AccountabilityReportR14Tests {
    @Test("undrafted decision, refused deletion and a finding open 9 working days: in the CSVs and the monthly page",
          arguments: TestDatabase.all)
    func reportNamesWhoIsResponsible(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))  // Monday; the act was Tue 2026-11-24
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            // An inquiry after filing with no video: SPEC R5 (五), a finding nobody puts right.
            let (_, activityID, officers) = try await client.caseAndActivity(
                token: staff.officer, situations: ["inquiry-after-filing"], kind: "penalty")
            let decisionID = try await client.enterDecision(
                activityID: activityID, token: staff.officer, number: "普应急罚〔2026〕401号", decided: "2026-11-24")
            let deleted = try await client.send(.DELETE, "/api/v1/records/\(decisionID)", token: staff.officer)
            #expect(deleted.status.code >= 400)

            func csv(_ format: String, _ extra: String = "") async throws -> String {
                let response = try await client.send(
                    .GET, "/api/v1/accountability?from=2026-11-01&to=2026-12-31&format=\(format)\(extra)", token: staff.supervisor)
                #expect(response.status == .ok, "\(format): \(response.body.string)")
                return response.body.string
            }
            let deadlines = try await csv("csv")
            #expect(deadlines.contains("普应急罚〔2026〕401号 行政处罚决定书") && deadlines.contains("应公示未公示：尚未起草公示信息"))
            let refusals = try await csv("refusals-csv")
            #expect(refusals.contains("行政处罚决定书（普应急检") && refusals.contains("DELETE") && refusals.contains("执法大队"))
            #expect(refusals.contains(decisionID.uuidString.lowercased()))
            let officerName = try #require(try await OfficerModel.find(officers[0], on: app.db)).name
            let findings = try await csv("findings-csv")
            #expect(findings.contains("应全程音视频记录而未录像") && findings.contains(officerName) && findings.contains(",9\r\n"))
            #expect(!(try await csv("findings-csv", "&findingDays=20")).contains("应全程音视频记录而未录像"))
            let refused = try await client.send(.GET, "/api/v1/accountability?format=findings-csv&findingDays=99", token: staff.supervisor)
            #expect(refused.status == .badRequest)

            let browser = StaffWebTests.Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.supervisor, app: app), StaffWebTests.password)
            let monthly = try await browser.send(.GET, "/staff/accountability/monthly?month=2026-11")
            #expect(monthly.status == .ok)
            let page = monthly.body.string
            #expect(page.contains("<svg") && page.contains("2026年11月"))
            #expect(page.contains("应全程音视频记录而未录像"))  // the act's month
            let december = try await browser.send(.GET, "/staff/accountability/monthly?month=2026-12")
            #expect(december.body.string.contains("应公示未公示"))  // due 2026-12-03
            #expect(december.body.string.contains("DELETE"))  // refused today
        }
    }
}
