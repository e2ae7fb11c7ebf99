import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 12: reading a record's content changes nothing; opening it (the purpose, the log
/// row, the ledger event) is a POST. A link, a prefetcher or a crawler holding a token cannot log a
/// retrieval in someone's name.
@Suite struct RecordContentReadOnlyTests {
    @Test("issue 12 item 12: GET content never writes a retrieval; only its opener may read with its id", arguments: TestDatabase.all)
    func getIsReadOnly(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let leader = try await client.token(.brigadeLeader)
            let made = try await client.caseAndActivity(token: officer)
            let document = try client.decode(RecordJSON.self, try await client.send(.POST, "/api/v1/records/documents", token: officer, json: DocumentJSON(
                activityId: made.activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues())))
            let id = document.record.id
            // The old way — a purpose in the GET's query — opens nothing.
            let byLink = try await client.send(.GET, "/api/v1/records/\(id)/content?purpose=case-review", token: leader)
            #expect(byLink.status == .badRequest)
            #expect(try client.problem(byLink).type == "retrieval-required")
            #expect(try await RetrievalModel.query(on: app.db).count() == 0)

            let opened = try await client.openRecord(id, token: leader, purpose: "case-review")
            #expect(opened.response.status == .created)
            #expect(opened.response.headers.first(name: .location)?.lowercased().hasPrefix("/api/v1/records/\(id.uuidString.lowercased())/content?retrievalid=") == true)
            let retrievalID = try #require(opened.retrievalID)
            #expect(try await RetrievalModel.query(on: app.db).count() == 1)
            for _ in 0..<3 {
                #expect(try await client.send(.GET, "/api/v1/records/\(id)/content?retrievalId=\(retrievalID)", token: leader).status == .ok)
            }
            #expect(try await RetrievalModel.query(on: app.db).count() == 1)
            // Someone else's retrieval id is refused, and the refusal logged.
            let borrowed = try await client.send(.GET, "/api/v1/records/\(id)/content?retrievalId=\(retrievalID)", token: officer)
            #expect(borrowed.status == .forbidden)
            #expect(try client.problem(borrowed).type == "retrieval-not-valid")
            #expect(try await AccessRefusalModel.query(on: app.db).filter(\.$reason ~~ "record content refused").count() == 1)
        }
    }
}
