import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import VaporTesting

/// Issue 10 item 4: a recording session is made in the browser from the activity's clips.
@Suite struct SessionBuilderPageTests {
    typealias Browser = StaffWebTests.Browser

    @Test("the officer chooses clips; they are put in capture order; a clip without capture times cannot be chosen", arguments: TestDatabase.all)
    func buildFromClips(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let start = fixture.activity.startedAt
            func clip(_ offset: Double?, _ label: String) async throws -> UUID {
                let record = Record(
                    activityID: fixture.activity.id, caseID: fixture.enforcementCase.id, counterpartyID: fixture.enforcementCase.counterpartyID,
                    kind: .video, blobSHA256: try app.lawTrail.blobStore.store(Data(label.utf8)).digest, byteCount: Int64(label.utf8.count),
                    mimeType: "video/mp4", captureStart: offset.map { start.addingTimeInterval($0) },
                    captureEnd: offset.map { start.addingTimeInterval($0 + 1200) }, createdBy: officer.userID)
                try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
                return record.id
            }
            let later = try await clip(1800, "second")   // uploaded first, recorded second
            let earlier = try await clip(0, "first")
            let untimed = try await clip(nil, "untimed")
            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let path = "/staff/activities/\(fixture.activity.id.uuidString.lowercased())"
            let page = try await browser.send(.GET, path)
            let html = page.body.string
            let token = try #require(Browser.csrf(html))
            #expect(html.contains("id=\"build-session\""))
            #expect(html.contains("value=\"\(untimed.uuidString.lowercased())\" disabled"))
            #expect(!html.contains("name=\"told\" value=\"1\" checked"))

            let none = try await browser.send(.POST, path + "/recording-sessions", form: ["csrf": token])
            let built = try await browser.send(.POST, path + "/recording-sessions", form: [
                "csrf": token, "recordIds[0]": later.uuidString.lowercased(), "recordIds[1]": earlier.uuidString.lowercased(), "told": "1"])

            #expect(none.status == .unprocessableEntity && none.body.string.contains("请至少选择一段录像"))
            #expect(built.status == .seeOther, "\(built.body.string.prefix(400))")
            let sessions = try await ActivityQueries(database: app.db).sessions(activityID: fixture.activity.id)
            let session = try #require(sessions.first)
            #expect(session.segments.map(\.recordID) == [earlier, later])
            #expect(session.counterpartyToldRecordingStarted)
            #expect(session.gaps().count == 1)
            let after = try await browser.send(.GET, path)
            #expect(after.body.string.contains("class=\"explain-form\""))
        }
    }
}
