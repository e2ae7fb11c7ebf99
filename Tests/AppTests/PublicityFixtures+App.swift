import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// A clock the tests set and move (the app reads "today" from `AppConfig.now`).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ date: Date) { current = date }

    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// 10:00 Asia/Shanghai on `iso`.
    static func shanghai(_ iso: String, hour: Int = 10) -> Date {
        CivilDate(iso: iso)!.startInstant().addingTimeInterval(Double(hour) * 3600)
    }
}

/// Helpers for the publicity API and portal tests (issue 5).
extension APIClient {
    struct Staff {
        let officer: String
        let brigadeLeader: String
        let legalA: String
        let legalB: String
        let supervisor: String
    }

    func staff() async throws -> Staff {
        Staff(
            officer: try await token(.officer), brigadeLeader: try await token(.brigadeLeader),
            legalA: try await token(.legalSection), legalB: try await token(.legalSection),
            supervisor: try await token(.supervisor))
    }

    /// The demo's brigade unit and one of its officers, as the responsible unit and person.
    func brigadeResponsibility() async throws -> (unitID: UUID, personID: UUID) {
        let brigade = try #require(try await UnitModel.query(on: app.db).filter(\.$kind == "enforcement-brigade").first())
        let officer = try #require(try await OfficerModel.query(on: app.db).filter(\.$unit.$id == brigade.id!).first())
        return (brigade.id!, officer.id!)
    }

    static func uscc(_ first17: String) -> String { first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!) }

    /// Complete 双公示 penalty fields.
    static func penaltyFields(name: String, code: String, number: String, decided: String) -> [String: String] {
        [
            "counterpartyName": name, "counterpartyCategory": "法人及非法人组织", "usccCode": code,
            "legalRepresentative": "王建国", "decisionNumber": number, "violationType": "未按规定进行安全生产教育和培训",
            "violationFacts": "该公司3名新进从业人员未经安全生产教育和培训上岗作业。",
            "penaltyBasis": "《中华人民共和国安全生产法》第九十七条", "penaltyCategory": "罚款",
            "penaltyContent": "罚款人民币2万元", "fineAmount": "2", "decisionDate": decided,
            "authority": "上海市普陀区应急管理局", "authorityUSCC": uscc("11310107000000000"),
            "dataSource": "上海市普陀区应急管理局", "dataSourceUSCC": uscc("11310107000000000"),
        ]
    }

    struct ContentJSON: Encodable, Sendable {
        struct Disclosure: Encodable, Sendable { let legalBasis: String }
        let title: String
        let fields: [String: String]
        let disclosure: Disclosure
        let unitId: UUID
        let personId: UUID
        var counterpartyId: UUID?
        var correctionReason: String?
    }

    struct DraftJSON: Encodable, Sendable {
        let kind: String
        let content: ContentJSON
    }

    func content(_ fields: [String: String], title: String, correctionReason: String? = nil) async throws -> ContentJSON {
        let responsible = try await brigadeResponsibility()
        return ContentJSON(
            title: title, fields: fields, disclosure: .init(legalBasis: "《中华人民共和国行政处罚法》第四十八条"),
            unitId: responsible.unitID, personId: responsible.personID, correctionReason: correctionReason)
    }

    /// A penalty decision drafted by the officer, approved by legal A and published by the brigade leader.
    func publishedPenalty(_ staff: Staff, fields: [String: String], title: String) async throws -> Publication {
        let drafted = try await send(.POST, "/api/v1/publications", token: staff.officer,
                                     json: DraftJSON(kind: "penalty-decision", content: try await content(fields, title: title)))
        #expect(drafted.status == .created, "\(drafted.body.string)")
        let id = try decode(Publication.self, drafted).id
        for (path, token) in [("submit", staff.officer), ("approve", staff.legalA), ("publish", staff.brigadeLeader)] {
            let response = try await send(.POST, "/api/v1/publications/\(id)/\(path)", token: token)
            #expect(response.status == .ok, "\(path): \(response.body.string)")
        }
        return try decode(Publication.self, try await send(.GET, "/api/v1/publications/\(id)", token: staff.officer))
    }

    /// A public page's body (no token).
    func page(_ path: String) async throws -> (status: HTTPStatus, body: String) {
        let response = try await send(.GET, path, token: nil)
        return (response.status, response.body.string)
    }
}
