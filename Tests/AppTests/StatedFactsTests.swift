import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import VaporTesting

/// Issue 10 item 6: the record holds only facts somebody stated — no pre-ticked 现场告知 boxes, no
/// default position in a recording, no default reason, no default answer outcome.
@Suite struct StatedFactsTests {
    typealias Browser = StaffWebTests.Browser

    @Test("a new activity form ticks nothing as told")
    func nothingPreTicked() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let html = try await browser.send(.GET, "/staff/activities/new").body.string
            let told = html.matches(of: /<input[^>]*name="told\[\]"[^>]*>/).map { String($0.0) }
            #expect(told.count >= 5)
            #expect(told.allSatisfy { !$0.contains("checked") }, "\(told)")
        }
    }

    @Test("a gap explanation without its position in the recording is refused and nothing is saved", arguments: TestDatabase.all)
    func gapNeedsItsPosition(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let context = app.lawTrail.serviceContext(on: app.db)
            let start = fixture.activity.startedAt
            var ids: [UUID] = []
            for (offset, length) in [(0.0, 600.0), (1200.0, 600.0)] {
                let record = Record(
                    activityID: fixture.activity.id, caseID: fixture.enforcementCase.id, counterpartyID: fixture.enforcementCase.counterpartyID,
                    kind: .video, blobSHA256: try app.lawTrail.blobStore.store(Data("clip-\(offset)".utf8)).digest, byteCount: 10,
                    mimeType: "video/mp4", captureStart: start.addingTimeInterval(offset), captureEnd: start.addingTimeInterval(offset + length),
                    createdBy: officer.userID)
                try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
                ids.append(record.id)
            }
            let saved = try await RecordingSessionService(context).create(
                activityID: fixture.activity.id, medium: .video, recordIDs: ids, counterpartyToldRecordingStarted: true,
                by: StaffMember(id: officer.userID, role: .officer))
            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let page = try await browser.send(.GET, "/staff/activities/\(fixture.activity.id.uuidString.lowercased())")
            let token = try #require(Browser.csrf(page.body.string))
            #expect(!page.body.string.contains("value=\"00:00:05\""))
            let path = "/staff/recording-sessions/\(saved.session.id.uuidString.lowercased())/explanations"
            var form = ["csrf": token, "activityId": fixture.activity.id.uuidString.lowercased(), "afterSegment": "0",
                        "reason": "battery-or-storage", "text": "执法记录仪电量不足，更换电池后继续录制"]

            let refused = try await browser.send(.POST, path, form: form)
            form["at"] = "00:09:55"
            form["reason"] = nil
            let noReason = try await browser.send(.POST, path, form: form)

            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("录像中说明的位置"))
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("中断原因"))
            #expect(try await RecordingSessionService(context).session(saved.session.id).version == 1)
            form["reason"] = "battery-or-storage"
            let accepted = try await browser.send(.POST, path, form: form)
            #expect(accepted.status == .seeOther, "\(accepted.status) \(accepted.body.string.prefix(2000))")
            let explained = try await RecordingSessionService(context).session(saved.session.id)
            #expect(explained.version == 2)
            #expect(explained.session.explanation(forGapAfter: 0)?.evidence == .statedInRecording(at: 9 * 60 + 55))
        }
    }

    @Test("a correction request's answer has no default outcome", arguments: TestDatabase.all)
    func answerNeedsAnOutcome(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let html = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/App/Views/staff/corrections.leaf").path, encoding: .utf8)
            #expect(html.contains("<option value=\"\" selected>请选择</option>"))
            // A request as the portal receives it (Portal/CorrectionPages).
            let publication = try #require(try await PublicationQueries(database: app.db).staffList(state: "published", kind: nil, offset: 0, limit: 1).items.first)
            let request = try CorrectionRequest.make(
                publicationID: publication.id, publicationReference: publication.title, requesterName: "张先生", contact: "13800000000",
                description: "公示的罚款金额与决定书不一致。", attachment: nil, receivedAt: app.lawTrail.clock.nowMilliseconds).get()
            let obligation = app.lawTrail.obligationRules.obligations(for: .correctionRequestReceived(
                on: app.lawTrail.today, request: ObligationTarget(subject: .correctionRequest(request.id), title: request.receipt,
                                                                   responsibility: Responsibility(unitID: UUID(), unitName: "法制宣传科", personID: UUID(), personName: "周敏"))))[0]
            try await CorrectionRequestStore(ledger: app.lawTrail.ledger.writer).receive(request, obligation: obligation, clientKey: "test")
            let entry = try #require(try await CorrectionRequestStore(ledger: app.lawTrail.ledger.writer).find(request.id, on: app.db))
            let service = CorrectionRequestService(app.lawTrail.serviceContext(on: app.db))
            let staff = StaffMember(id: UUID(), role: .legalSection)
            let refusal = await #expect(throws: ServiceRefusal.self) {
                try await service.answer(entry.request.id, outcome: nil, reply: "经核查，公示内容与决定书一致。", by: staff)
            }
            #expect(refusal?.errors["outcome"] != nil)
            #expect(try await service.request(entry.request.id).answer == nil)
        }
    }
}
