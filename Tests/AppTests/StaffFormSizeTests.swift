import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 10 item 1: staff forms of realistic length reach their handler. Sent over a real socket,
/// because through the router a body always arrives whole and the defect does not show.
@Suite struct StaffFormSizeTests {
    typealias Browser = StaffWebTests.Browser

    /// About 20 KB once URL-encoded: 2,200 Chinese characters at 9 bytes each.
    static let longText = String(repeating: "经查，该单位未按规定对重大危险源进行辨识评估。", count: 100)

    @Test("issue 10 item 1: a 20 KB body on every staff form passes the CSRF check and reaches its handler", arguments: TestDatabase.all)
    func everyStaffFormTakesTwentyKilobytes(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let routes = app.routes.all.filter {
                $0.userInfo[RouteAction.staffKey] as? Bool == true && $0.method == .POST
                    && $0.path.map(\.description) != ["staff", "sign-out"]
            }
            #expect(routes.count >= 10)
            for route in routes {
                let action = route.userInfo[RouteAction.key] as? Action
                let role = action.flatMap { action in Role.allCases.first { Permissions.allows($0, action) } } ?? .supervisor
                let browser = Browser(app, live: true)
                _ = try await browser.signIn(try await StaffWebTests.user(role, app: app), StaffWebTests.password)
                let token = try #require(Browser.csrf(try await browser.send(.GET, "/staff/password").body.string))
                let path = "/" + route.path.map { $0.description.hasPrefix(":") ? UUID().uuidString : $0.description }.joined(separator: "/")
                let refusalsBefore = try await AccessRefusalModel.query(on: app.db).count()

                let response = try await browser.send(.POST, path, form: ["csrf": token, "text": Self.longText, "reason": Self.longText])

                // Reached the handler: neither the guard's 401/403 nor 413, and no refusal logged
                // (a wrong id then gives 400/404, missing fields 422, a finished step 303).
                #expect(![.unauthorized, .forbidden, .payloadTooLarge].contains(response.status),
                        "POST \(path) as \(role): \(response.status) \(response.body.string.prefix(200))")
                #expect(try await AccessRefusalModel.query(on: app.db).count() == refusalsBefore,
                        "POST \(path) was refused by the staff guard")
            }
            await Browser.stopLiveServer(app)
        }
    }

    @Test("issue 10 item 1: a staff form over the stated limit gets a Chinese 413 page and stores nothing")
    func overTheLimitIsRefusedClearly() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app, live: true)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let activity = try #require(try await ActivityModel.query(on: app.db).first())
            let base = "/staff/activities/\(activity.id!.uuidString.lowercased())/documents"
            let token = try #require(Browser.csrf(try await browser.send(.GET, base + "/new?template=inquiry-record").body.string))
            let before = try await RecordModel.query(on: app.db).count()

            // 300 KB of form: more than the 256 KB a staff form may carry.
            let response = try await browser.send(.POST, base, form: [
                "csrf": token, "templateId": "inquiry-record", "f.content": String(repeating: "询", count: 34_000),
            ])

            await Browser.stopLiveServer(app)
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("内容过多") && response.body.string.contains("256 KB"))
            #expect(try await RecordModel.query(on: app.db).count() == before)
        }
    }

    @Test("issue 10 item 1: a full-length 询问笔录 typed in the browser becomes a record with every character kept")
    func longDocumentIsStoredWhole() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app, live: true)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let activity = try #require(try await ActivityModel.query(on: app.db).first())
            let base = "/staff/activities/\(activity.id!.uuidString.lowercased())/documents"
            let token = try #require(Browser.csrf(try await browser.send(.GET, base + "/new?template=inquiry-record").body.string))
            let template = try #require(DocumentTemplate.named("inquiry-record"))
            var fields = ["csrf": token, "templateId": template.id]
            let long = try #require(template.fields.first { $0.kind == .multiline })
            for field in template.fields where field.required || field.key == long.key {
                fields["f." + field.key] = switch field.kind {
                case .date: "2026-11-20"
                case .dateTime: "2026-11-20T09:00"
                case .number: "1"
                default: field.key == long.key ? Self.longText : "询问内容"
                }
            }
            let before = try await RecordModel.query(on: app.db).count()

            let response = try await browser.send(.POST, base, form: fields)
            await Browser.stopLiveServer(app)

            #expect(response.status == .seeOther, "\(response.status) \(response.body.string.prefix(300))")
            #expect(try await RecordModel.query(on: app.db).count() == before + 1)
            let stored = try #require(try await RecordModel.query(on: app.db).sort(\.$createdAt, .descending).first()?.domain())
            #expect(stored.documentValues?[long.key] == Self.longText)
        }
    }
}
