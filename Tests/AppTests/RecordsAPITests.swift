import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Testing
import TestSupport
import VaporTesting

/// The records API on both databases (issue 4 "Done when").
@Suite struct RecordsAPITests {
    @Test("SPEC X5: every protected API route refuses no token and a wrong role")
    func routeTableRefusesNoTokenAndWrongRole() async throws {
        try await withTestApp(demo: true) { app in
            let client = APIClient(app: app)
            var tokens: [Role: String] = [:]
            for role in Role.allCases { tokens[role] = try await client.token(role) }
            let routes = app.routes.all.filter { $0.path.first?.description == "api" }
            #expect(routes.count > 15)
            var checked = 0
            for route in routes {
                let path = "/" + route.path.map { $0.description.hasPrefix(":") ? UUID().uuidString : $0.description }.joined(separator: "/")
                let isPublic = route.userInfo[RouteAction.protectedKey] as? Bool != true
                if isPublic {
                    // Only sign-in and the API description are public.
                    #expect(["/api/v1/sessions", "/api/v1/openapi.yaml"].contains(path), "unprotected API route \(route.method) \(path)")
                    continue
                }
                let anonymous = try await client.send(route.method, path, token: nil)
                #expect(anonymous.status == .unauthorized, "\(route.method) \(path) without a token answered \(anonymous.status)")
                if let action = route.userInfo[RouteAction.key] as? Action,
                   let wrongRole = Role.allCases.first(where: { !Permissions.allows($0, action) }) {
                    let refused = try await client.send(route.method, path, token: tokens[wrongRole])
                    #expect(refused.status == .forbidden, "\(route.method) \(path) as \(wrongRole) answered \(refused.status)")
                    checked += 1
                }
            }
            #expect(checked > 10)
            // A huge page number is answered, not a crash (offset arithmetic is capped).
            let farPage = try await client.send(.GET, "/api/v1/devices?page=9223372036854775807&per=100", token: tokens[.office])
            #expect(farPage.status == .ok)
            // Every refusal is logged (SPEC X5).
            #expect(try await AccessRefusalModel.query(on: app.db).count() >= routes.count)
        }
    }

    @Test("SPEC P6: an on-site act needs two officers each with a certificate valid that day", arguments: TestDatabase.all)
    func onSiteActNeedsTwoCertifiedOfficers(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let token = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: token)
            let one = APIClient.ActivityJSON(
                caseId: made.caseID, kind: "inspection", procedure: "general",
                site: .init(address: "普陀区", highRisk: false), isOnSite: true, officerIds: [made.officers[0]],
                startedAt: Date(timeIntervalSince1970: 1_795_500_000), endedAt: Date(timeIntervalSince1970: 1_795_503_600),
                situations: [], checklist: nil)
            let refused = try await client.send(.POST, "/api/v1/activities", token: token, json: one)
            #expect(refused.status == .unprocessableEntity)
            let problem = try client.problem(refused)
            #expect(problem.type == "invalid-activity")
            // Field errors name the input field (`officerIds`), as the staff form does (issue 11).
            #expect(problem.errors?["officerIds"] != nil)
            #expect(problem.detail.contains("两名") || problem.detail.contains("2"))
        }
    }

    @Test("SPEC R4, R9.5: a document is checked against its template; delete is refused, logged and on the ledger; a correction keeps both", arguments: TestDatabase.all)
    func documentDeleteAndCorrection(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let token = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: token)

            var incomplete = client.inspectionRecordValues()
            let firstRequired = try #require(DocumentTemplate.onSiteInspectionRecord.requiredFields.first)
            incomplete[firstRequired.key] = "  "
            let refused = try await client.send(.POST, "/api/v1/records/documents", token: token, json: DocumentJSON(
                activityId: made.activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: incomplete))
            #expect(refused.status == .unprocessableEntity)
            #expect(try client.problem(refused).errors?[firstRequired.key] != nil)

            let created = try await client.send(.POST, "/api/v1/records/documents", token: token, json: DocumentJSON(
                activityId: made.activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues()))
            #expect(created.status == .created, "\(created.body.string)")
            let record = try client.decode(RecordJSON.self, created).record
            #expect(try await client.ledgerTypes().contains("record.ingested"))

            for method in [HTTPMethod.DELETE, .PUT, .PATCH] {
                let attempt = try await client.send(method, "/api/v1/records/\(record.id)", token: token)
                #expect(attempt.status == .methodNotAllowed)
                #expect(try client.problem(attempt).type == "record-immutable")
            }
            #expect(try await client.ledgerTypes().filter { $0 == "record.delete_refused" }.count == 3)
            #expect(try await AccessRefusalModel.query(on: app.db).count() >= 3)
            #expect(try await RecordModel.find(record.id, on: app.db) != nil)

            var changed = client.inspectionRecordValues()
            changed[firstRequired.key] = "更正后的内容"
            let correction = try await client.send(.POST, "/api/v1/records/\(record.id)/corrections", token: token,
                                                   json: CorrectionJSON(values: changed, reason: "笔误"))
            #expect(correction.status == .created, "\(correction.body.string)")
            let corrected = try client.decode(RecordJSON.self, correction).record
            #expect(corrected.supersedes == record.id)
            #expect(try await RecordModel.query(on: app.db).filter(\.$activityID == made.activityID).count() == 2)
            let old = try client.decode(RecordJSON.self, try await client.send(.GET, "/api/v1/records/\(record.id)", token: token))
            #expect(old.supersededBy == corrected.id)
            // Metadata never carries a document's values (SPEC R9.2): they are opened with a purpose.
            #expect(old.record.documentValues == nil)
            let content = try await client.readRecord(record.id, token: token, purpose: "case-handling")
            #expect(try client.decode([String: String].self, content)[firstRequired.key] == "检查内容")
        }
    }

    @Test("SPEC R9.2: retrieval needs a purpose; sensitive records need approval by someone else", arguments: TestDatabase.all)
    func supervisedRetrieval(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let leader = try await client.token(.brigadeLeader)
            let supervisor = try await client.token(.supervisor)
            let made = try await client.caseAndActivity(token: officer)
            let open = try client.decode(RecordJSON.self, try await client.send(.POST, "/api/v1/records/documents", token: officer, json: DocumentJSON(
                activityId: made.activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues())))
            let secret = try client.decode(RecordJSON.self, try await client.send(.POST, "/api/v1/records/documents", token: officer, json: DocumentJSON(
                activityId: made.activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues(),
                sensitivity: "commercial-secret")))

            let noPurpose = try await client.readRecord(open.record.id, token: leader, purpose: nil)
            #expect(noPurpose.status == .badRequest)
            #expect(try client.problem(noPurpose).type == "purpose-required")

            let allowed = try await client.readRecord(open.record.id, token: leader, purpose: "case-review")
            #expect(allowed.status == .ok)
            #expect(allowed.headers.first(name: "LawTrail-Retrieval-Id") != nil)
            #expect(try await RetrievalModel.query(on: app.db).count() == 1)
            #expect(try await client.ledgerTypes().contains("retrieval.logged"))

            let needsApproval = try await client.readRecord(secret.record.id, token: leader, purpose: "case-review")
            #expect(needsApproval.status == .forbidden)
            #expect(try client.problem(needsApproval).type == "approval-required")

            let asked = try await client.send(.POST, "/api/v1/retrieval-requests", token: leader, json: [
                "recordId": secret.record.id.uuidString, "purpose": "case-review", "purposeText": "案卷评查"])
            #expect(asked.status == .created, "\(asked.body.string)")
            let request = try client.decode(RetrievalRequest.self, asked)
            let selfApproval = try await client.send(.POST, "/api/v1/retrieval-requests/\(request.id)/decision", token: leader,
                                                     json: DecisionJSON(approve: true, reason: nil))
            #expect(selfApproval.status == .forbidden)
            let approval = try await client.send(.POST, "/api/v1/retrieval-requests/\(request.id)/decision", token: supervisor,
                                                 json: DecisionJSON(approve: true, reason: nil))
            #expect(approval.status == .ok, "\(approval.body.string)")
            let approved = try await client.readRecord(secret.record.id, token: leader, purpose: "case-review", requestID: request.id)
            #expect(approved.status == .ok)

            let log = try await client.send(.GET, "/api/v1/retrievals?recordId=\(secret.record.id)", token: supervisor)
            #expect(log.status == .ok)
            #expect(log.body.string.contains("case-review"))
        }
    }

    @Test("SPEC R5: a coercive measure without video is a finding; the report counts it", arguments: TestDatabase.all)
    func complianceThroughTheAPI(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let supervisor = try await client.token(.supervisor)
            let made = try await client.caseAndActivity(
                token: officer, situations: ["coercive-measure-or-evidence-preservation"], kind: "coercion")
            struct Compliance: Decodable {
                struct Finding: Decodable { let kind: String; let specID: String }
                let findings: [Finding]
            }
            let own = try await client.send(.GET, "/api/v1/activities/\(made.activityID)/compliance", token: officer)
            #expect(own.status == .ok, "\(own.body.string)")
            let findings = try client.decode(Compliance.self, own).findings
            #expect(findings.contains { $0.kind == "mandatory-video-missing" && $0.specID == "R5" })

            let other = try await client.token(.officer)
            #expect(try await client.send(.GET, "/api/v1/activities/\(made.activityID)/compliance", token: other).status == .forbidden)

            // The test's activity is on 2026-11-24 (the demo's own is today).
            let report = try await client.send(.GET, "/api/v1/compliance?from=2026-11-24&to=2026-11-24", token: supervisor)
            #expect(report.status == .ok, "\(report.body.string)")
            struct Report: Decodable { let activities: Int; let byKind: [String: Int] }
            let decoded = try client.decode(Report.self, report)
            #expect(decoded.activities == 1)
            #expect(decoded.byKind["mandatory-video-missing", default: 0] >= 1)
        }
    }

    @Test("SPEC R9.4: everything about one counterparty on one answer")
    func counterpartyFile() async throws {
        try await withTestApp(demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: officer)
            _ = try await client.send(.POST, "/api/v1/records/documents", token: officer, json: DocumentJSON(
                activityId: made.activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues()))
            let activityCase = try #require(try await CaseModel.find(made.caseID, on: app.db))
            let counterparty = try #require(try await CounterpartyModel.find(activityCase.counterpartyID, on: app.db))
            let search = try await client.send(.GET, "/api/v1/counterparties?q=\(counterparty.identifier)", token: officer)
            #expect(search.body.string.contains(counterparty.identifier))
            struct Records: Decodable { let items: [Record]; let total: Int }
            struct File: Decodable { let cases: [EnforcementCase]; let activities: [Activity]; let records: Records }
            let file = try client.decode(File.self, try await client.send(.GET, "/api/v1/counterparties/\(counterparty.id!)", token: officer))
            #expect(file.cases.map(\.id) == [made.caseID])
            #expect(file.activities.map(\.id) == [made.activityID])
            #expect(file.records.items.count == 1)
            #expect(file.records.total == 1)
        }
    }
}

struct DocumentJSON: Encodable, Sendable {
    let activityId: UUID
    let templateId: String
    let values: [String: String]
    var sensitivity: String? = nil
}

struct CorrectionJSON: Encodable, Sendable {
    let values: [String: String]
    let reason: String
}

struct DecisionJSON: Encodable, Sendable {
    let approve: Bool
    let reason: String?
}

struct RecordJSON: Decodable {
    let record: Record
    let supersededBy: UUID?
}
