import App
import Domain
import Foundation
import Testing
import TestSupport
import Fluent
import Persistence
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

/// Officers and certificates through the API (SPEC P5, P6).
@Suite struct OfficerAPITests {
    @Test("SPEC P6: a newly registered officer with a valid certificate can act; an expired one cannot", arguments: TestDatabase.all)
    func registeredOfficerCanAct(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let legal = try await client.token(.legalSection)
            // In the supervision section, so the brigade officers the fixtures pick stay the demo's.
            let unit = try #require(try await UnitModel.query(on: app.db).filter(\.$kind == "supervision").first())
            let created = try await client.send(.POST, "/api/v1/officers", token: legal, json: NewOfficer(
                name: "周新", unitId: unit.id!, certificates: [
                    .init(number: "31010723999001", issuer: "上海市人民政府", scope: "普陀区 安全生产", validFrom: "2025-01-01", validTo: "2026-11-20"),
                ]))
            #expect(created.status == .created, "\(created.body.string)")
            let officer = try client.decode(Officer.self, created)
            #expect(try await client.ledgerTypes().contains("officer.created"))

            // Expired on 2026-11-20; the test activity is on 2026-11-24: refused until renewed.
            let officerToken = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: officerToken)
            func activity() -> APIClient.ActivityJSON {
                .init(caseId: made.caseID, kind: "inspection", procedure: "general", site: .init(address: "普陀区", highRisk: false),
                      isOnSite: true, officerIds: [made.officers[0], officer.id],
                      startedAt: Date(timeIntervalSince1970: 1_795_500_000), endedAt: Date(timeIntervalSince1970: 1_795_503_600),
                      situations: [], checklist: nil)
            }
            #expect(try await client.send(.POST, "/api/v1/activities", token: officerToken, json: activity()).status == .unprocessableEntity)
            let renewed = try await client.send(.POST, "/api/v1/officers/\(officer.id)/certificates", token: legal, json: NewOfficer.Cert(
                number: "31010723999001", issuer: "上海市人民政府", scope: "普陀区 安全生产", validFrom: "2026-11-21", validTo: "2031-11-20"))
            #expect(renewed.status == .created, "\(renewed.body.string)")
            #expect(try await client.send(.POST, "/api/v1/activities", token: officerToken, json: activity()).status == .created)
            #expect(try await CertificateModel.query(on: app.db).filter(\.$officer.$id == officer.id).count() == 2)
        }
    }
}

struct NewOfficer: Encodable, Sendable {
    struct Cert: Encodable, Sendable {
        let number: String
        let issuer: String
        let scope: String
        let validFrom: String
        let validTo: String
    }
    let name: String
    let unitId: UUID
    let certificates: [Cert]
}
