@testable import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 16: the publicity desk's tab counts come from `publication_state_counts`, kept by triggers
/// on the `publications` read model (migration 021) — one read instead of nine COUNTs over a million
/// rows. The counts must equal a real count after every kind of change, on both databases.
@Suite struct DeskCountsTests {
    static func counted(_ db: any Database) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await (db as! any SQLDatabase).raw("SELECT state, COUNT(*) AS n FROM publications GROUP BY state").all() {
            counts[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// The kept counts without the states that dropped to zero.
    static func kept(_ db: any Database) async throws -> [String: Int] {
        try await PublicationQueries(database: db).stateCounts().filter { $0.value != 0 }
    }

    @Test("issue 16: kept tab counts equal real counts after drafting, publishing, withdrawing and a read-model rebuild; the desk shows them",
          arguments: TestDatabase.all)
    func countsFollowEveryChange(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            #expect(try await Self.kept(app.db) == Self.counted(app.db))
            #expect(!(try await Self.counted(app.db)).isEmpty)
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await ChannelCursorTests.publish(client, staff, 20)
            #expect(try await Self.kept(app.db) == Self.counted(app.db))
            #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/withdraw", token: staff.legalA,
                                          json: ["reason": "决定被撤销"]).status == .ok)
            let afterWithdrawal = try await Self.counted(app.db)
            #expect((afterWithdrawal["withdrawn"] ?? 0) >= 1)
            #expect(try await Self.kept(app.db) == afterWithdrawal)
            try await PublicationStore.rebuildReadModel(on: app.db)
            #expect(try await Self.kept(app.db) == afterWithdrawal)

            // The desk: every tab's badge is the count, "全部" the total; the list's total agrees.
            let browser = StaffWebTests.Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            let page = try await browser.send(.GET, "/staff/publications?state=withdrawn")
            #expect(page.status == .ok)
            let html = page.body.string
            let total = afterWithdrawal.values.reduce(0, +)
            #expect(html.contains("全部</a> <span class=\"badge\">\(total)</span>"))
            #expect(html.contains("已撤下</a> <span class=\"badge\">\(afterWithdrawal["withdrawn"] ?? 0)</span>"))
            #expect(html.contains("已公示</a> <span class=\"badge\">\(afterWithdrawal["published"] ?? 0)</span>"))
            let (_, listed) = try await PublicationQueries(database: app.db).staffList(state: "withdrawn", kind: nil, offset: 0, limit: 20)
            #expect(listed == afterWithdrawal["withdrawn"])
        }
    }
}
