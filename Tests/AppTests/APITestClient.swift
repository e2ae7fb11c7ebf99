import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Small typed helpers for the JSON API tests (STYLE: tests through the router, no socket).
struct APIClient {
    let app: Application

    /// Creates a user with `role` (linked to `officerID` if given) and returns a bearer token.
    func token(_ role: Role, username: String? = nil, officerID: UUID? = nil) async throws -> String {
        let name = username ?? "\(role.rawValue)-\(UUID().uuidString.prefix(6))".lowercased()
        _ = try await AccountService.createUser(
            username: name, displayName: name, role: role, password: "correct horse battery",
            officerID: officerID, on: app.db, hasher: app.password.sync)
        var token = ""
        try await app.testing().test(.POST, "/api/v1/sessions", beforeRequest: { req in
            try req.content.encode(["username": name, "password": "correct horse battery"])
        }) { response in
            #expect(response.status == .created)
            token = try response.content.decode([String: String].self)["token"] ?? ""
        }
        return token
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, token: String?, json: (any Encodable & Sendable)? = nil) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await app.testing().test(method, path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = .init(token: token) }
            if let json {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                req.body = ByteBuffer(data: try encoder.encode(json))
                req.headers.contentType = .json
            }
        }) { result = $0 }
        return try #require(result)
    }

    /// Opens record `id` with `purpose` (POST …/retrievals, SPEC R9.2); the refusal, or the retrieval id.
    func openRecord(_ id: UUID, token: String, purpose: String?, requestID: UUID? = nil) async throws -> (response: TestingHTTPResponse, retrievalID: String?) {
        var body: [String: String] = [:]
        if let purpose { body["purpose"] = purpose }
        if let requestID { body["requestId"] = requestID.uuidString }
        let opened = try await send(.POST, "/api/v1/records/\(id)/retrievals", token: token, json: body)
        guard opened.status == .created else { return (opened, nil) }
        struct Opened: Decodable { let retrievalId: String }
        return (opened, try decode(Opened.self, opened).retrievalId)
    }

    /// Opens record `id` and reads its content: the content, or the refusal of opening it.
    func readRecord(_ id: UUID, token: String, purpose: String?, requestID: UUID? = nil) async throws -> TestingHTTPResponse {
        let opened = try await openRecord(id, token: token, purpose: purpose, requestID: requestID)
        guard let retrievalID = opened.retrievalID else { return opened.response }
        return try await send(.GET, "/api/v1/records/\(id)/content?retrievalId=\(retrievalID)", token: token)
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(response.body.readableBytesView))
    }

    struct ProblemBody: Decodable {
        let type: String
        let status: Int
        let detail: String
        let errors: [String: String]?
    }

    func problem(_ response: TestingHTTPResponse) throws -> ProblemBody {
        try decode(ProblemBody.self, response)
    }

    /// A case and an on-site activity with two demo officers holding valid certificates.
    /// `counterpartyID` names the counterparty; by default a legal person the demo has no case about.
    func caseAndActivity(token: String, situations: [String] = [], kind: String = "inspection",
                         checklistComplete: Bool = true, counterpartyID: UUID? = nil) async throws -> (caseID: UUID, activityID: UUID, officers: [UUID]) {
        let counterparty: CounterpartyModel
        if let counterpartyID {
            counterparty = try #require(try await CounterpartyModel.find(counterpartyID, on: app.db))
        } else {
            // A legal person the demo has no case about, so each test sees only its own case file.
            let taken = Set(try await CaseModel.query(on: app.db).all().map(\.counterpartyID))
            counterparty = try #require(try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person")
                .sort(\.$name).all().first { !taken.contains($0.id!) })
        }
        let brigade = try #require(try await UnitModel.query(on: app.db).filter(\.$kind == "enforcement-brigade").first())
        let officers = try await OfficerModel.query(on: app.db).filter(\.$unit.$id == brigade.id!).sort(\.$name).all().prefix(2).map { $0.id! }
        let caseResponse = try await send(.POST, "/api/v1/cases", token: token, json: [
            "number": "普应急检〔2026〕\(Int.random(in: 100...99999))号", "title": "安全生产监督检查", "kind": kind,
            "counterpartyId": counterparty.id!.uuidString, "unitId": brigade.id!.uuidString, "openedOn": "2026-11-20",
        ])
        #expect(caseResponse.status == .created, "\(caseResponse.body.string)")
        let caseID = try decode(EnforcementCase.self, caseResponse).id
        let activity = ActivityJSON(
            caseId: caseID, kind: kind, procedure: "general",
            site: .init(address: "上海市普陀区真北路1888号", highRisk: false), isOnSite: true, officerIds: Array(officers),
            startedAt: Date(timeIntervalSince1970: 1_795_500_000), endedAt: Date(timeIntervalSince1970: 1_795_503_600),
            situations: situations,
            checklist: checklistComplete ? .init(certificatesShownBy: Array(officers), documentsIssued: ["现场检查记录"],
                                                 reasonTold: true, legalBasisTold: true,
                                                 rightsTold: ["statement", "defence", "hearing", "recusal"], dutyToCooperateTold: true) : nil)
        let activityResponse = try await send(.POST, "/api/v1/activities", token: token, json: activity)
        #expect(activityResponse.status == .created, "\(activityResponse.body.string)")
        return (caseID, try decode(Activity.self, activityResponse).id, Array(officers))
    }

    struct ActivityJSON: Encodable, Sendable {
        struct SiteJSON: Encodable, Sendable { let address: String; let highRisk: Bool }
        struct ChecklistJSON: Encodable, Sendable {
            let certificatesShownBy: [UUID]
            let documentsIssued: [String]
            let reasonTold: Bool
            let legalBasisTold: Bool
            let rightsTold: [String]
            let dutyToCooperateTold: Bool
        }
        let caseId: UUID
        let kind: String
        let procedure: String
        let site: SiteJSON
        let isOnSite: Bool
        let officerIds: [UUID]
        let startedAt: Date
        let endedAt: Date
        let situations: [String]
        let checklist: ChecklistJSON?
    }

    /// Complete values of `template` (a decision form): its number and decision date as given, a
    /// fine of 2,000 yuan where the form has one, every other required field filled as an officer would.
    static func decisionValues(_ template: DocumentTemplate, number: String, decided: String) -> [String: String] {
        var values: [String: String] = ["documentNumber": number, "decidedOn": decided]
        if template.fields.contains(where: { $0.key == "fineAmount" }) { values["fineAmount"] = "2000" }
        for field in template.fields where field.required && values[field.key] == nil {
            values[field.key] = switch field.kind {
            case .date: decided
            case .dateTime: "\(decided)T09:00"
            case .number: "2000"
            default: "\(field.label)（\(number)）"
            }
        }
        return values
    }

    /// Enters the decision of `template` in the activity's case (issue 13 item 1): its duty to
    /// publish starts from `decided`. Returns the record's id.
    @discardableResult
    func enterDecision(
        _ template: DocumentTemplate = .penaltyDecision, activityID: UUID, token: String, number: String, decided: String
    ) async throws -> UUID {
        let response = try await send(.POST, "/api/v1/records/documents", token: token, json: DocumentJSON(
            activityId: activityID, templateId: template.id, values: Self.decisionValues(template, number: number, decided: decided)))
        #expect(response.status == .created, "\(response.body.string)")
        struct Created: Decodable { let record: Record }
        return try decode(Created.self, response).record.id
    }

    /// A complete 现场检查记录 for `activityID`.
    func inspectionRecordValues() -> [String: String] {
        var values: [String: String] = [:]
        for field in DocumentTemplate.onSiteInspectionRecord.fields where field.required {
            values[field.key] = switch field.kind {
            case .date: "2026-11-20"
            case .dateTime: "2026-11-20 09:00"
            case .number: "2"
            default: "检查内容"
            }
        }
        return values
    }

    func ledgerTypes() async throws -> [String] {
        try await LedgerReader(database: app.db).entries(from: 0, limit: 10_000).map(\.eventType)
    }
}
