import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import VaporTesting

/// Issue 11 "Done when": the desk offers exactly the steps the workflow accepts — walked through
/// every state a publication passes, for a person in every role.
@Suite struct PublicityDeskStepsTests {
    typealias Browser = StaffWebTests.Browser

    /// The steps a rendered desk page offers: its step buttons and its two content forms.
    static func offered(_ html: String) -> Set<PublicationStep> {
        var steps = Set(html.matches(of: /name="action" value="([a-z-]+)"/).compactMap { PublicationStep(rawValue: String($0.1)) })
        if html.contains("aria-label=\"编辑公示内容\"") { steps.insert(.revise) }
        if html.contains("<summary>更正已公示的内容</summary>") { steps.insert(.proposeCorrection) }
        return steps
    }

    @Test("issue 11: the desk's buttons are exactly the workflow's available steps, every state × role", arguments: TestDatabase.all)
    func deskOffersWhatTheWorkflowAccepts(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let api = APIClient(app: app)
            let staff = try await api.staff()
            var people: [(Role, UUID, Browser)] = []
            for role in Role.allCases {
                let name = try await StaffWebTests.user(role, app: app)
                let browser = Browser(app)
                _ = try await browser.signIn(name, StaffWebTests.password)
                let id = try #require(try await UserModel.query(on: app.db).filter(\.$username == name).first()?.id)
                people.append((role, id, browser))
            }
            let fields = APIClient.penaltyFields(
                name: "上海某某化工有限公司", code: APIClient.uscc("91310107MA1G00002"), number: "普应急罚〔2026〕31号", decided: "2026-11-20")
            let drafted = try await api.send(.POST, "/api/v1/publications", token: staff.officer,
                                             json: APIClient.DraftJSON(kind: "penalty-decision", content: try await api.content(fields, title: "普应急罚〔2026〕31号")))
            let id = try api.decode(Publication.self, drafted).id
            let correction = try await api.content(fields, title: "普应急罚〔2026〕31号（更正）", correctionReason: "标题有误")
            // Each stage, then the API call that moves to the next.
            let walk: [(String, String?, String, (any Encodable & Sendable)?)] = [
                ("draft", "submit", staff.officer, nil), ("submitted", "approve", staff.legalA, nil),
                ("approved", "publish", staff.brigadeLeader, nil), ("published", "corrections", staff.legalA, correction),
                ("correction pending", nil, "", nil),
            ]
            let services = app.lawTrail.serviceContext(on: app.db)
            var checked = 0
            for (stage, next, token, body) in walk {
                let publication = try await PublicationService(services).publication(id)
                for (role, userID, browser) in people {
                    let page = try await browser.send(.GET, "/staff/publications/\(id.uuidString.lowercased())")
                    let expected = Set(try await PublicationService(services).availableSteps(publication, for: StaffMember(id: userID, role: role)))
                    if page.status == .forbidden {
                        #expect(expected.isEmpty, "\(stage) as \(role): the desk is closed but the workflow offers \(expected)")
                        continue
                    }
                    #expect(page.status == .ok)
                    #expect(Self.offered(page.body.string) == expected, "\(stage) as \(role): offered \(Self.offered(page.body.string)), workflow \(expected)")
                    checked += 1
                }
                if let next {
                    let response = try await api.send(.POST, "/api/v1/publications/\(id)/\(next)", token: token, json: body)
                    #expect(response.status == .ok, "\(next): \(response.body.string)")
                }
            }
            #expect(checked >= 15)
        }
    }
}
