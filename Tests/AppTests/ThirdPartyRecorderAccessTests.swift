import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 5: a third-party recorder explains gaps only in an activity they recorded, and no
/// refusal shows them an activity's page (activity ids are on the public ledger).
@Suite struct ThirdPartyRecorderAccessTests {
    /// An officer's activity with a two-clip session (one gap), recorded by `recorder` when given.
    static func sessionWithGap(_ app: Application, client: APIClient, recordedBy recorder: UUID? = nil) async throws -> (sessionID: UUID, activityID: UUID, caseNumber: String) {
        let officer = try await client.token(.officer)
        let made = try await client.caseAndActivity(token: officer)
        let activityCase = try #require(try await CaseModel.find(made.caseID, on: app.db))
        let someone = try #require(try await UserModel.query(on: app.db).filter(\.$role == Role.officer.rawValue).first())
        let start = Date(timeIntervalSince1970: 1_795_500_000)
        var ids: [UUID] = []
        for (offset, length) in [(0.0, 600.0), (1200.0, 600.0)] {
            let blob = try app.lawTrail.blobStore.store(Data("video-\(offset)-\(UUID())".utf8))
            let record = Record(
                activityID: made.activityID, caseID: made.caseID, counterpartyID: activityCase.counterpartyID, kind: .video,
                blobSHA256: blob.digest, byteCount: Int64(blob.size), mimeType: "video/mp4",
                captureStart: start.addingTimeInterval(offset), captureEnd: start.addingTimeInterval(offset + length),
                createdBy: recorder ?? someone.id!)
            try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
            ids.append(record.id)
        }
        let created = try await client.send(.POST, "/api/v1/recording-sessions", token: officer, json: SessionInput(
            activityId: made.activityID, recordIds: ids, counterpartyToldRecordingStarted: true))
        #expect(created.status == .created, "\(created.body.string)")
        struct Saved: Decodable { struct Session: Decodable { let id: UUID }; let session: Session }
        return (try client.decode(Saved.self, created).session.id, made.activityID, activityCase.number)
    }

    static let explanation = ExplanationInput(
        afterSegment: 0, reason: "battery-or-storage", text: "执法记录仪电量耗尽，更换电池后继续记录",
        evidence: .init(kind: "stated-in-recording", at: 5))

    @Test("issue 12 item 5: a recorder may not explain a gap in someone else's activity; the refusal is logged", arguments: TestDatabase.all)
    func notTheirActivity(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let made = try await Self.sessionWithGap(app, client: client)
            let recorder = try await client.token(.thirdPartyRecorder, username: "recorder-a")
            let refused = try await client.send(.POST, "/api/v1/recording-sessions/\(made.sessionID)/explanations", token: recorder, json: Self.explanation)
            #expect(refused.status == .forbidden)
            #expect(try client.problem(refused).type == "not-your-activity")
            #expect(try await AccessRefusalModel.query(on: app.db).filter(\.$reason ~~ "not-your-activity").count() == 1)
        }
    }

    @Test("issue 12 item 5: a recorder explains a gap in an activity they recorded", arguments: [TestDatabase.sqlite])
    func theirActivity(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let recorder = try await client.token(.thirdPartyRecorder, username: "recorder-b")
            let recorderID = try #require(try await UserModel.query(on: app.db).filter(\.$username == "recorder-b").first()?.id)
            let made = try await Self.sessionWithGap(app, client: client, recordedBy: recorderID)
            let explained = try await client.send(.POST, "/api/v1/recording-sessions/\(made.sessionID)/explanations", token: recorder, json: Self.explanation)
            #expect(explained.status == .created, "\(explained.body.string)")
        }
    }

    @Test("issue 12 item 5: the gap form's refusal never shows a recorder the activity's page", arguments: [TestDatabase.sqlite])
    func formRefusalShowsNothing(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let made = try await Self.sessionWithGap(app, client: client)
            let browser = StaffWebTests.Browser(app)
            let name = try await StaffWebTests.user(.thirdPartyRecorder, app: app)
            _ = try await browser.signIn(name, StaffWebTests.password)
            let page = try await browser.send(.GET, "/staff")
            let csrf = try #require(StaffWebTests.Browser.csrf(page.body.string))
            // The old form named the activity to re-render; an incomplete form showed its page.
            for session in [made.sessionID, UUID()] {
                let response = try await browser.send(.POST, "/staff/recording-sessions/\(session)/explanations", form: [
                    "csrf": csrf, "activityId": made.activityID.uuidString, "afterSegment": "0", "reason": "", "at": "", "text": "",
                ])
                #expect(response.status != .ok)
                #expect(!response.body.string.contains(made.caseNumber), "the activity's case number leaked")
            }
            // The session builder answers with the activity's page too: refused outright.
            let build = try await browser.send(.POST, "/staff/activities/\(made.activityID)/recording-sessions", form: ["csrf": csrf])
            #expect(build.status == .forbidden)
            #expect(!build.body.string.contains(made.caseNumber))
        }
    }
}
