import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import Vapor
import VaporTesting

/// Issue 15 item 2 in the browser (SPEC R12, R13): the review page of a closed case with its
/// checklist and evidence, a refused form that keeps what was typed, the submitted review, the
/// responsible unit's rectification form, the legal section's acceptance, and who may see what.
@Suite struct CaseReviewPagesTests {
    typealias Browser = StaffWebTests.Browser

    @Test("R12: review a case, keep typed values when refused, rectify as the unit, close as the legal section", arguments: TestDatabase.all)
    func reviewInTheBrowser(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-24", hour: 16))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let p = try await CaseReviewFlowTests.prepare(app, clock: clock)
            clock.now = TestClock.shanghai("2026-12-07")
            let legal = Browser(app)
            _ = try await legal.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            let path = "/staff/case-reviews/cases/\(p.caseID.uuidString.lowercased())"

            let form = try await legal.send(.GET, path)
            #expect(form.status == .ok)
            let html = form.body.string
            #expect(html.contains("评查表") && html.contains("结果公示（P7）") && html.contains("已逾期"))
            let token = try #require(Browser.csrf(html))
            // The publication item's index in the form, found by its hidden key.
            let indexMatch = try #require(html.firstMatch(of: /name="k(\d+)" value="publication:/))
            let index = String(indexMatch.1)

            // Overriding without a reason is refused; the typed comment and findings stay.
            var fields = ["csrf": token, "comment": "程序基本规范", "extraFindings": "卷内目录缺失"]
            for match in html.matches(of: /name="k(\d+)" value="([^"]+)"><input type="hidden" name="a\d+" value="([^"]+)"/) {
                fields["k\(match.1)"] = String(match.2)
                fields["a\(match.1)"] = String(match.3)
                fields["o\(match.1)"] = String(match.3)
            }
            fields["o\(index)"] = "met"
            let refused = try await legal.send(.POST, path, form: fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("须说明理由"))
            #expect(refused.body.string.contains("卷内目录缺失") && refused.body.string.contains("程序基本规范"))
            #expect(refused.body.string.contains("<option value=\"met\" selected>"))

            fields["o\(index)"] = "not-met"
            let submitted = try await legal.send(.POST, path, form: fields)
            #expect(submitted.status == .seeOther, "\(submitted.body.string.prefix(300))")
            let reviewed = try await legal.send(.GET, path)
            #expect(reviewed.body.string.contains("90 分"))
            let findingIDs = reviewed.body.string.matches(of: /\/staff\/review-findings\/([0-9a-f-]{36})/).map { String($0.1) }
            #expect(Set(findingIDs).count == 2)
            let firstFinding = try #require(findingIDs.first)
            let findingPath = "/staff/review-findings/\(firstFinding)"

            // The responsible unit's staff answer; another unit's may not even look.
            let unitUser = "brigade-\(UUID().uuidString.prefix(6))".lowercased()
            _ = try await AccountService.createUser(
                username: unitUser, displayName: unitUser, role: .brigadeLeader, password: StaffWebTests.password, unitID: p.unitID,
                on: app.db, hasher: app.password.sync)
            let unit = Browser(app)
            _ = try await unit.signIn(unitUser, StaffWebTests.password)
            let list = try await unit.send(.GET, "/staff/review-findings")
            #expect(list.status == .ok && list.body.string.contains(firstFinding))
            let page = try await unit.send(.GET, findingPath)
            #expect(page.status == .ok && page.body.string.contains("报送整改情况"))
            let unitToken = try #require(Browser.csrf(page.body.string))
            let empty = try await unit.send(.POST, findingPath, form: ["csrf": unitToken, "text": "  "])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("请填写整改情况"))
            let answered = try await unit.send(.POST, findingPath, form: ["csrf": unitToken, "text": "已补充公示"])
            #expect(answered.status == .seeOther)

            let stranger = Browser(app)
            _ = try await stranger.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            #expect(try await stranger.send(.GET, findingPath).status == .forbidden)

            // The legal section accepts: closed.
            let decide = try await legal.send(.GET, findingPath)
            #expect(decide.body.string.contains("验收通过"))
            let closed = try await legal.send(.POST, findingPath + "/step", form: ["csrf": token, "decision": "close", "comment": "整改到位"])
            #expect(closed.status == .seeOther)
            #expect(try await legal.send(.GET, findingPath).body.string.contains("已销号"))

            // The desk lists the review; the supervisor sees it too.
            let supervisor = Browser(app)
            _ = try await supervisor.signIn(try await StaffWebTests.user(.supervisor, app: app), StaffWebTests.password)
            let desk = try await supervisor.send(.GET, "/staff/case-reviews")
            #expect(desk.status == .ok && desk.body.string.contains("90"))
            #expect(try await supervisor.send(.GET, path).status == .ok)
        }
    }

    @Test("sampling refusals at the form: a share over 100 % and an empty period, with the typed values kept", arguments: TestDatabase.all)
    func sampleFormRefusals(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let legal = Browser(app)
            _ = try await legal.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            let form = try await legal.send(.GET, "/staff/case-reviews/samples/new")
            let token = try #require(Browser.csrf(form.body.string))

            let tooMuch = try await legal.send(.POST, "/staff/case-reviews/samples/new", form: [
                "csrf": token, "from": "2026-01-01", "to": "2026-12-31", "share": "150", "party0": "法制宣传科", "digest0": "ab12"])
            #expect(tooMuch.status == .unprocessableEntity)
            #expect(tooMuch.body.string.contains("抽查比例不能超过 100%") && tooMuch.body.string.contains("value=\"150\""))
            #expect(tooMuch.body.string.contains("value=\"ab12\""))
            let empty = try await legal.send(.POST, "/staff/case-reviews/samples/new", form: ["csrf": token, "from": "2001-01-01", "to": "2001-12-31", "share": "10"])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("没有已结案的案件"))
        }
    }

    @Test("R13 in the browser: a legal-section account that is an officer of the case sees why it may not review, and its POST is refused and logged",
          arguments: TestDatabase.all)
    func ownCaseInTheBrowser(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-24", hour: 16))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let p = try await CaseReviewFlowTests.prepare(app, clock: clock)
            let username = "legal-own-\(UUID().uuidString.prefix(6))".lowercased()
            _ = try await AccountService.createUser(
                username: username, displayName: username, role: .legalSection, password: StaffWebTests.password,
                officerID: p.officers[0], on: app.db, hasher: app.password.sync)
            let browser = Browser(app)
            _ = try await browser.signIn(username, StaffWebTests.password)
            let path = "/staff/case-reviews/cases/\(p.caseID.uuidString.lowercased())"

            let page = try await browser.send(.GET, path)

            #expect(page.status == .ok)
            #expect(page.body.string.contains("不能评查本人办理的案件") && !page.body.string.contains("提交评查结果"))
            let token = try #require(Browser.csrf(page.body.string))
            let before = try await AccessRefusalModel.query(on: app.db).count()
            let refused = try await browser.send(.POST, path, form: ["csrf": token, "comment": "自评"])
            #expect(refused.status == .forbidden)
            #expect(try await AccessRefusalModel.query(on: app.db).count() == before + 1)
            #expect(try await CaseReviewQueries(database: app.db).review(caseID: p.caseID) == nil)
        }
    }
}
