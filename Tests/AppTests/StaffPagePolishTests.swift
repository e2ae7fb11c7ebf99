import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 10 item 9: the smaller things staff met in a day's work.
@Suite struct StaffPagePolishTests {
    typealias Browser = StaffWebTests.Browser

    @Test("every link on each role's work page opens for that role; no SPEC id is shown")
    func dashboardLinksOpen() async throws {
        try await withTestApp(demo: true) { app in
            for role in Role.allCases {
                let browser = Browser(app)
                _ = try await browser.signIn(try await StaffWebTests.user(role, app: app), StaffWebTests.password)
                let html = try await browser.send(.GET, "/staff").body.string
                #expect(html.firstMatch(of: /\b[PRX]\d+(\.\d+)?\b/) == nil, "\(role) sees a SPEC id")
                let main = String(html[(html.range(of: "<main")?.lowerBound ?? html.startIndex)...])
                let links = Set(main.matches(of: /href="(\/staff[^"#]*)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") })
                for link in links {
                    let page = try await browser.send(.GET, link)
                    #expect(page.status == .ok, "\(role): \(link) answers \(page.status)")
                }
            }
        }
    }

    @Test("the publication history says who took each step, and the desk confirms a step", arguments: TestDatabase.all)
    func historyNamesPeople(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let published = try #require(try await PublicationQueries(database: app.db).staffList(state: "published", kind: nil, offset: 0, limit: 1).items.first)
            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            let page = try await browser.send(.GET, "/staff/publications/\(published.id.uuidString.lowercased())?done=withdraw")
            let html = page.body.string
            // The demo's steps were taken by its demo accounts, shown by name and role.
            #expect(html.contains("（法制宣传科）") || html.contains("（执法人员）") || html.contains("（执法大队负责人）"))
            #expect(html.contains("已完成：撤下。"))
            let forged = try await browser.send(.GET, "/staff/publications/\(published.id.uuidString.lowercased())?done=%3Cscript%3E")
            #expect(!forged.body.string.contains("id=\"done\""))
        }
    }

    @Test("counterparty search takes several words in any order and says how many it found")
    func searchByWords() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let found = try await browser.send(.GET, "/staff/counterparties?q=%E5%8C%96%E5%B7%A5%20%E5%8D%8E%E5%AE%87")  // "化工 华宇"
            #expect(found.body.string.contains("上海华宇精细化工有限公司"))
            #expect(found.body.string.contains("找到 1 个行政相对人"))
            let none = try await browser.send(.GET, "/staff/counterparties?q=%E5%8D%8E%E5%AE%87%20%E4%B8%8D%E5%AD%98%E5%9C%A8")  // "华宇 不存在"
            #expect(none.body.string.contains("找到 0 个行政相对人"))
            let activities = try await browser.send(.GET, "/staff/activities")
            #expect(activities.body.string.contains("共 ") && activities.body.string.contains(" 项，第 1 页"))
        }
    }
}
