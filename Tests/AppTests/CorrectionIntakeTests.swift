import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 9: the public correction form's limits hold under parallel submissions, and a
/// daily limit for everyone bounds the ledger entries and deadlines a flood can create.
@Suite struct CorrectionIntakeTests {
    static func form(_ app: Application, client: APIClient, number: Int) async throws -> (publication: UUID, csrf: String, cookie: String) {
        let staff = try await client.staff()
        let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
            name: "上海限流测试有限公司", code: APIClient.uscc("91310107MA1N00\(number)0"), number: "普应急罚〔2026〕\(number)号", decided: "2026-11-20"),
            title: "普应急罚〔2026〕\(number)号 行政处罚决定")
        let form = try await app.sendRaw(.GET, "/corrections/new?publication=\(published.id)")
        let cookie = try #require(form.headers.setCookie?[CSRFCookie.name]?.string)
        let token = try #require(form.body.string.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1).description
        return (published.id, token, cookie)
    }

    static func submit(_ app: Application, _ form: (publication: UUID, csrf: String, cookie: String)) async throws -> HTTPStatus {
        try await app.sendRaw(.POST, "/corrections", form: [
            "csrf": form.csrf, "publication": form.publication.uuidString, "name": "张先生", "contact": "13800000000",
            "description": "罚款金额与决定书不一致，请核实",
        ], cookie: form.cookie).status
    }

    static func stored(_ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM correction_requests").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test("issue 12 item 9: ten parallel submissions from one client store no more than the hourly limit", arguments: TestDatabase.all)
    func parallel(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.correctionRequestsPerHour = 3 }) { app in
            let form = try await Self.form(app, client: APIClient(app: app), number: 61)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<10 { group.addTask { try await Self.submit(app, form) } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 3, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 7)
            #expect(try await Self.stored(app) == 3)
        }
    }

    @Test("issue 12 item 9: beyond the daily limit for everyone, the form refuses and nothing is stored", arguments: [TestDatabase.sqlite])
    func daily(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.correctionRequestsPerDay = 2 }) { app in
            let form = try await Self.form(app, client: APIClient(app: app), number: 62)
            #expect(try await Self.submit(app, form) == .created)
            #expect(try await Self.submit(app, form) == .created)
            let refused = try await app.sendRaw(.POST, "/corrections", form: [
                "csrf": form.csrf, "publication": form.publication.uuidString, "name": "李女士", "contact": "13900000000",
                "description": "处罚决定日期有误，请核实",
            ], cookie: form.cookie)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("今日在线受理的更正申请已满"))
            // What was typed is kept.
            #expect(refused.body.string.contains("处罚决定日期有误"))
            #expect(try await Self.stored(app) == 2)
        }
    }
}
