import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

// Issue 12 item 6 (SPEC X4, X5): a counterparty search by full ID number is logged (who and when,
// never the number) and limited per person per hour, across requests and servers (a table);
// beyond the limit the API answers 429 `identity-lookup-limit` and the staff page says so in Chinese.

@Suite("Counterparty lookups by ID number — issue 12 item 6")
struct IdentityNumberLookupLimitTests {
    static let number = "31010819881119102X"
    static let limit = IdentityNumberLookupLimit.standard.limit

    static func query(_ text: String) -> String {
        "/api/v1/counterparties?q=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    struct PageJSON: Decodable { let total: Int }

    @Test("the limit holds per person, in any spelling; names and other people are not affected; no number is logged",
          arguments: TestDatabase.all)
    func limitPerPerson(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let other = try await client.token(.officer)
            let registered = try await client.send(.POST, "/api/v1/counterparties", token: officer, json: [
                "kind": "natural-person", "name": "祁安然", "identifier": Self.number, "address": "上海市普陀区真北路1号"])
            #expect(registered.status == .created)

            // Registering a natural person was the first lookup (it tells whether the number is
            // known); the number as people type it still finds the person, and each search counts.
            let spellings = ["31010819881119102x", "３１０１０８１９８８１１１９１０２Ｘ", Self.number]
            for attempt in 1..<Self.limit {
                let response = try await client.send(.GET, Self.query(spellings[attempt % spellings.count]), token: officer)
                #expect(response.status == .ok, "attempt \(attempt + 1)")
                #expect(try client.decode(PageJSON.self, response).total == 1)
            }
            let refused = try await client.send(.GET, Self.query(Self.number), token: officer)
            #expect(refused.status == .tooManyRequests)
            let problem = try client.problem(refused)
            #expect(problem.type == "identity-lookup-limit")
            #expect(problem.detail.contains("身份证号") && problem.detail.contains("\(Self.limit)"))
            // Registering another natural person is refused too: it would answer the same question.
            let registering = try await client.send(.POST, "/api/v1/counterparties", token: officer, json: [
                "kind": "natural-person", "name": "张小龙", "identifier": "110105194912310021", "address": "上海市"])
            #expect(registering.status == .tooManyRequests)
            // A search by name is not a lookup by number; another person has their own allowance.
            #expect(try await client.send(.GET, Self.query("祁安然"), token: officer).status == .ok)
            #expect(try await client.send(.GET, Self.query(Self.number), token: other).status == .ok)

            // The log: one row per attempt, refused ones too, and nothing of the number.
            let sql = app.db as! any SQLDatabase
            let rows = try await sql.raw("SELECT * FROM identity_number_lookups").all()
            #expect(rows.count == Self.limit + 3)
            for row in rows {
                let text = try ["id", "user_id"].map { try row.decode(column: $0, as: String.self) }.joined()
                #expect(!IdentityNumberScanner.fold(text).contains("1010819881119"))
            }
        }
    }

    @Test("parallel lookups never get past the limit (reserved before counting)", arguments: TestDatabase.all)
    func parallelLookups(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<(Self.limit + 6) {
                    group.addTask { try await client.send(.GET, Self.query(Self.number), token: officer).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count <= Self.limit)
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .tooManyRequests })
        }
    }

    @Test("the staff page says why in Chinese and answers 429", arguments: TestDatabase.all)
    func staffPage(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let username = try await StaffWebTests.user(.officer, app: app)
            let browser = StaffWebTests.Browser(app)
            _ = try await browser.signIn(username, StaffWebTests.password)
            let path = "/staff/counterparties?q=" + Self.number
            for _ in 0..<Self.limit {
                #expect(try await browser.send(.GET, path).status == .ok)
            }
            let refused = try await browser.send(.GET, path)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("按身份证号查询行政相对人每人每小时最多"))
        }
    }
}
