import App
import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting

/// Registering counterparties through the API (SPEC X4).
@Suite struct CounterpartyAPITests {
    @Test("SPEC X4: a wrong check character is refused with what is wrong", arguments: TestDatabase.all)
    func invalidIdentifierIsRefused(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let token = try await client.token(.officer)
            let response = try await client.send(.POST, "/api/v1/counterparties", token: token, json: [
                "kind": "legal-person", "name": "上海测试有限公司", "identifier": "91310000132260250Y", "address": "普陀区"])
            #expect(response.status == .unprocessableEntity)
            let problem = try client.problem(response)
            #expect(problem.errors?["identifier"]?.contains("校验码") == true)
        }
    }

    @Test("SPEC X4: a natural person's number is shown in full only to roles that need it")
    func naturalPersonMasking() async throws {
        try await withTestApp(demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let created = try await client.send(.POST, "/api/v1/counterparties", token: officer, json: [
                "kind": "natural-person", "name": "李四", "identifier": "11010519491231002X", "address": "普陀区"])
            #expect(created.status == .created, "\(created.body.string)")
            let entitled = Role.allCases.first { Permissions.allows($0, .viewCounterpartyIdentity) && Permissions.allows($0, .viewActivity) }
            let notEntitled = Role.allCases.first { !Permissions.allows($0, .viewCounterpartyIdentity) && Permissions.allows($0, .viewActivity) }
            if let notEntitled {
                let masked = try await client.send(.GET, "/api/v1/counterparties?q=11010519491231002X", token: try await client.token(notEntitled))
                #expect(masked.body.string.contains("李四"))
                #expect(!masked.body.string.contains("11010519491231002X"))
                #expect(!masked.body.string.contains("19491231"))
            }
            if let entitled {
                let full = try await client.send(.GET, "/api/v1/counterparties?q=11010519491231002X", token: try await client.token(entitled))
                #expect(full.body.string.contains("11010519491231002X"))
            }
            #expect(entitled != nil || notEntitled != nil)
        }
    }
}
