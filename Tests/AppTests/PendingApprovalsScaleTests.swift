import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 12: the approver's list of undecided requests is one statement, whatever the
/// number of decided ones — it used to bind every decided id and broke past SQLite's 32,766.
@Suite struct PendingApprovalsScaleTests {
    @Test("issue 12 item 12: 33,000 decided requests do not break the pending list", arguments: [TestDatabase.sqlite])
    func manyDecided(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let approver = try await client.token(.supervisor)
            let sql = app.db as! any SQLDatabase
            // Synthetic rows straight into the tables (the ledger is not what is tested here).
            try await sql.raw("""
                INSERT INTO retrieval_requests (id, created_at, record_id, requester_id, content)
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 33000)
                SELECT randomblob(16), 0, (SELECT id FROM records LIMIT 1), (SELECT id FROM users LIMIT 1), '{}' FROM n
                """).run()
            try await sql.raw("""
                INSERT INTO retrieval_decisions (id, created_at, request_id, decided_by, content)
                SELECT randomblob(16), 0, id, requester_id, '{}' FROM retrieval_requests
                """).run()
            let pending = try await client.send(.GET, "/api/v1/retrieval-requests", token: approver)
            #expect(pending.status == .ok, "\(pending.body.string)")
            struct PageJSON: Decodable { let total: Int }
            #expect(try client.decode(PageJSON.self, pending).total == 0)
        }
    }
}
