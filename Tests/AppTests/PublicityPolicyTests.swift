import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 13 item 4 through the app, on both databases: the legal section sets the publicity periods
/// with an effective date (API and staff page), each change a ledger event in an append-only table;
/// the next publication uses it without a restart; the category is chosen at approval, and a minor
/// penalty (轻微失信, 原则上不予公示) is listed nowhere.
@Suite struct PublicityPolicyTests {
    struct OverviewJSON: Decodable {
        struct Version: Decodable {
            let effectiveFrom: String?
            let durations: [String: Duration]
        }
        struct Duration: Decodable, Equatable {
            let type: String
            let minimum: Int?
            let maximum: Int?
        }
        let inForce: Version
        let versions: [Version]
    }

    @Test("issue 13: a policy change by the legal section applies from its effective date without a restart; others are refused",
          arguments: TestDatabase.all)
    func policyChangeTakesEffect(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            var staff = try await client.staff()
            // The start-up default is in force while nothing is stored.
            let before = try client.decode(OverviewJSON.self, try await client.send(.GET, "/api/v1/publicity/policy", token: staff.officer))
            #expect(before.inForce.effectiveFrom == nil && before.versions.isEmpty)
            #expect(before.inForce.durations["minor-penalty"]?.type == "not-listed")
            #expect(before.inForce.durations["general-penalty"] == .init(type: "months", minimum: 3, maximum: 12))

            struct Body: Encodable, Sendable {
                struct D: Encodable, Sendable { let type: String; let minimum: Int?; let maximum: Int? }
                let effectiveFrom: String
                let reason: String
                let durations: [String: D]
            }
            let body = Body(effectiveFrom: "2026-12-01", reason: "本市安全生产领域行政处罚信息公示期限不少于6个月",
                            durations: ["general-penalty": .init(type: "months", minimum: 6, maximum: 6)])
            // Only the legal section; a past effective date and a bad duration are refused with field errors.
            #expect(try await client.send(.POST, "/api/v1/publicity/policy", token: staff.brigadeLeader, json: body).status == .forbidden)
            let past = try await client.send(.POST, "/api/v1/publicity/policy", token: staff.legalA, json: Body(
                effectiveFrom: "2026-11-29", reason: "x", durations: [:]))
            let pastErrors = try client.problem(past).errors
            #expect(past.status == .unprocessableEntity && pastErrors?["effectiveFrom"] != nil)
            let unpublished = try await client.send(.POST, "/api/v1/publicity/policy", token: staff.legalA, json: Body(
                effectiveFrom: "2026-12-01", reason: "x", durations: ["serious-penalty": .init(type: "not-listed", minimum: nil, maximum: nil)]))
            let unpublishedErrors = try client.problem(unpublished).errors
            #expect(unpublished.status == .unprocessableEntity && unpublishedErrors?["serious-penalty"] != nil)

            let ledgerBefore = try await LedgerReader(database: app.db).size()
            let created = try await client.send(.POST, "/api/v1/publicity/policy", token: staff.legalA, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(try await LedgerReader(database: app.db).size() == ledgerBefore + 1)
            let sql = app.db as! any SQLDatabase
            // Not yet in force on 2026-11-30; a penalty published today keeps the old period.
            let today = try client.decode(OverviewJSON.self, try await client.send(.GET, "/api/v1/publicity/policy", token: staff.officer))
            #expect(today.inForce.effectiveFrom == nil && today.versions.count == 1)
            let first = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海期限测试一有限公司", code: APIClient.uscc("91310107MA1N0001A"), number: "普应急罚〔2026〕131号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕131号 行政处罚决定")
            #expect(first.period?.lastDay == CivilDate(iso: "2027-11-20"))
            // From 2026-12-01 on, with no restart: six months.
            clock.now = TestClock.shanghai("2026-12-01")
            staff = try await client.staff()  // bearer tokens last 8 hours by the app's clock
            let second = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海期限测试二有限公司", code: APIClient.uscc("91310107MA1N0002A"), number: "普应急罚〔2026〕132号", decided: "2026-11-25"),
                title: "普应急罚〔2026〕132号 行政处罚决定")
            #expect(second.period?.lastDay == CivilDate(iso: "2027-05-25"))
            #expect(second.period?.earliestEarlyEnd == CivilDate(iso: "2027-05-26"))
            let now = try client.decode(OverviewJSON.self, try await client.send(.GET, "/api/v1/publicity/policy", token: staff.officer))
            #expect(now.inForce.effectiveFrom == "2026-12-01")
            // Insert-only: the stored version cannot be changed or deleted (SPEC X3).
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE publicity_policy_versions SET effective_from = '2026-01-01'").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM publicity_policy_versions").run()
            }
        }
    }

    @Test("issue 13: the approver chooses the category; a minor penalty is published (duty met) but in no list, search, open data or channel",
          arguments: TestDatabase.all)
    func categoryAtApprovalAndMinorTier(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            func draftedAndSubmitted(_ name: String, _ code: String, _ number: String) async throws -> UUID {
                let drafted = try await client.send(.POST, "/api/v1/publications", token: staff.officer, json: APIClient.DraftJSON(
                    kind: "penalty-decision", content: try await client.content(APIClient.penaltyFields(
                        name: name, code: APIClient.uscc(code), number: number, decided: "2026-11-20"), title: "\(number) 行政处罚决定")))
                let id = try client.decode(Publication.self, drafted).id
                #expect(try await client.send(.POST, "/api/v1/publications/\(id)/submit", token: staff.officer).status == .ok)
                return id
            }
            let serious = try await draftedAndSubmitted("上海严重失信测试有限公司", "91310107MA1N0003A", "普应急罚〔2026〕133号")
            // An unknown slug is refused; the approver's choice is recorded on the approval.
            let unknown = try await client.send(.POST, "/api/v1/publications/\(serious)/approve", token: staff.legalA, json: ["category": "severe"])
            #expect(unknown.status == .badRequest)
            let approved = try await client.send(.POST, "/api/v1/publications/\(serious)/approve", token: staff.legalA,
                                                 json: ["category": "serious-penalty"])
            #expect(approved.status == .ok, "\(approved.body.string)")
            #expect(try client.decode(Publication.self, approved).approvedCategory == .seriousPenalty)
            let published = try client.decode(Publication.self, try await client.send(
                .POST, "/api/v1/publications/\(serious)/publish", token: staff.brigadeLeader))
            #expect(published.period?.category == .seriousPenalty && published.period?.lastDay == CivilDate(iso: "2029-11-20"))

            let minor = try await draftedAndSubmitted("上海轻微失信测试有限公司", "91310107MA1N0004A", "普应急罚〔2026〕134号")
            #expect(try await client.send(.POST, "/api/v1/publications/\(minor)/approve", token: staff.legalA,
                                          json: ["category": "minor-penalty"]).status == .ok)
            let minorPublished = try await client.send(.POST, "/api/v1/publications/\(minor)/publish", token: staff.brigadeLeader)
            #expect(minorPublished.status == .ok, "\(minorPublished.body.string)")
            #expect(try client.decode(Publication.self, minorPublished).period?.isEmpty == true)
            // The publish duty (SPEC P7.1) is met by the step; nothing public shows the item.
            let list = try await client.page("/publications?kind=penalty-decision")
            #expect(list.body.contains("严重失信测试") && !list.body.contains("轻微失信测试"))
            let detail = try await client.page("/publications/\(minor.uuidString.lowercased())")
            #expect(!detail.body.contains("轻微失信测试") && detail.body.contains("不予公示"))
            let csv = try await client.page("/open-data/penalty-decision.csv")
            #expect(csv.body.contains("严重失信测试") && !csv.body.contains("轻微失信测试"))
            let handover = try await client.send(.POST, "/api/v1/channels/credit-shanghai/handover", token: staff.legalA)
            let result = try client.decode(PortalPublicityTests.HandoverJSON.self, handover)
            let file = try String(contentsOf: app.lawTrail.dataDirectory.outbox.appendingPathComponent("credit-shanghai")
                .appendingPathComponent(try #require(result.file)), encoding: .utf8)
            #expect(file.contains("严重失信测试") && !file.contains("轻微失信测试"))
            // The sweep records the expiry of the empty period.
            #expect(try await client.send(.POST, "/api/v1/publicity/expire", token: staff.legalA).status == .ok)
            let after = try client.decode(Publication.self, try await client.send(.GET, "/api/v1/publications/\(minor)", token: staff.officer))
            #expect(after.state == .expired)
        }
    }
}
