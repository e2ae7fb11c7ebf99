import App
import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting

/// What the OpenAPI document says optional is optional (issue 11 item 7): approve's body
/// (`{category}`, issue 13: the category is fixed at approval) is documented `required: false`, so an empty body works even when the client
/// sends `Content-Type: application/json`, as generated clients do. `OpenAPIOperationWalkTests`
/// checks the same for every operation whose body the document marks optional.
@Suite struct OpenAPIOptionalBodyTests {
    @Test("issue 11, 13: POST …/approve with Content-Type: application/json and an empty body approves under the default category (the body is optional)",
          arguments: TestDatabase.all)
    func publishWithAnEmptyJSONBody(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let fields = APIClient.penaltyFields(
                name: "上海空请求体测试有限公司", code: APIClient.uscc("91310107MA1N0000J"), number: "普应急罚〔2026〕95号", decided: "2026-11-20")
            let drafted = try await client.send(.POST, "/api/v1/publications", token: staff.officer, json: APIClient.DraftJSON(
                kind: "penalty-decision", content: try await client.content(fields, title: "普应急罚〔2026〕95号 行政处罚决定")))
            let id = try client.decode(Publication.self, drafted).id
            #expect(try await client.send(.POST, "/api/v1/publications/\(id)/submit", token: staff.officer).status == .ok)
            var approveHeaders = HTTPHeaders()
            approveHeaders.bearerAuthorization = BearerAuthorization(token: staff.legalA)
            approveHeaders.contentType = .json
            let approved = try await app.testing().sendRequest(
                .POST, "/api/v1/publications/\(id)/approve", headers: approveHeaders, body: ByteBuffer())
            #expect(approved.status == .ok, "\(approved.body.string)")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: staff.brigadeLeader)
            headers.contentType = .json
            let published = try await client.send(.POST, "/api/v1/publications/\(id)/publish", token: staff.brigadeLeader)
            #expect(published.status == .ok, "\(published.body.string)")
            #expect(try client.decode(Publication.self, published).period?.category == .generalPenalty)
            // A required body stays required: an empty one is still refused.
            let withdrawn = try await app.testing().sendRequest(.POST, "/api/v1/publications/\(id)/withdraw", headers: headers, body: ByteBuffer())
            #expect(withdrawn.status.code >= 400, "\(withdrawn.body.string)")
        }
    }
}
