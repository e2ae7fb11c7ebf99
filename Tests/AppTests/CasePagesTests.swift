import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 10 item 3 and issue 11 item 3 through the staff pages: a refused first activity leaves
/// no case and the same form sent again succeeds; a second activity is added from the case's page.
@Suite struct CasePagesTests {
    typealias Browser = StaffWebTests.Browser

    @Test("open a case in the browser, add a second activity from its page", arguments: TestDatabase.all)
    func secondActivityFromTheCasePage(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let blank = try await browser.send(.GET, "/staff/activities/new")
            let token = try #require(Browser.csrf(blank.body.string))
            let officers = try await OfficerModel.query(on: app.db).sort(\.$name).limit(2).all().map { $0.id!.uuidString.lowercased() }
            let counterparty = try #require(try await CounterpartyModel.query(on: app.db).first()?.id).uuidString.lowercased()
            let unit = try #require(try await UnitModel.query(on: app.db).first()?.id).uuidString.lowercased()
            let number = "普应急检〔2026〕\(Int.random(in: 1000...9999))号"
            var form: [String: String] = [
                "csrf": token, "caseNumber": number, "caseTitle": "危险化学品储存场所检查", "kind": "inspection",
                "counterpartyId": counterparty, "unitId": unit, "procedure": "general", "address": "上海市普陀区真北路1888号",
                "onSite": "on", "startedAt": "2026-03-02T09:00", "endedAt": "2026-03-02T10:30", "officerIds[0]": officers[0],
            ]

            let refused = try await browser.send(.POST, "/staff/activities", form: form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(number))  // what was typed is kept
            #expect(try await CaseModel.query(on: app.db).filter(\.$number == number).count() == 0)
            form["officerIds[1]"] = officers[1]
            let created = try await browser.send(.POST, "/staff/activities", form: form)
            #expect(created.status == .seeOther, "\(created.body.string.prefix(400))")
            let enforcementCase = try #require(try await CaseModel.query(on: app.db).filter(\.$number == number).first())
            let casePath = "/staff/cases/\(enforcementCase.id!.uuidString.lowercased())"
            let activityPage = try await browser.send(.GET, try #require(created.headers.first(name: .location)))
            #expect(activityPage.body.string.contains("href=\"\(casePath)\""))

            let casePage = try await browser.send(.GET, casePath)
            let addURL = try #require(casePage.body.string.firstMatch(of: /id="add-activity" href="([^"]+)"/).map { String($0.1) })
            let second = try await browser.send(.GET, addURL.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.body.string.contains("id=\"existing-case\"") && second.body.string.contains(number))
            #expect(!second.body.string.contains("id=\"caseNumber\""))
            let added = try await browser.send(.POST, "/staff/activities", form: [
                "csrf": token, "caseId": enforcementCase.id!.uuidString.lowercased(), "kind": "inspection", "procedure": "general",
                "address": "上海市普陀区真北路1888号", "onSite": "on", "startedAt": "2026-03-16T09:00", "endedAt": "2026-03-16T10:00",
                "officerIds[0]": officers[0], "officerIds[1]": officers[1],
            ])
            #expect(added.status == .seeOther, "\(added.body.string.prefix(400))")
            #expect(try await ActivityModel.query(on: app.db).filter(\.$caseID == enforcementCase.id!).count() == 2)
            #expect(try await CaseModel.query(on: app.db).filter(\.$number == number).count() == 1)
            let listed = try await browser.send(.GET, casePath)
            #expect(listed.body.string.components(separatedBy: "/staff/activities/").count - 1 >= 2)
        }
    }
}
