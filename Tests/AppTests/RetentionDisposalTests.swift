@testable import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 14 items 1, 3 and 5 (SPEC R10, X3): retention facts, the 6-month boundary, legal holds,
/// and disposal with four eyes, through the staff pages on SQLite and PostgreSQL.
@Suite struct RetentionDisposalTests {
    typealias Browser = StaffWebTests.Browser

    /// A stored inspection video captured at 10:00 Asia/Shanghai on `day`.
    static func video(_ app: Application, _ fixture: RecordFixtures.ActivityFixture, capturedOn day: String, by userID: UUID) async throws -> Record {
        let bytes = RecordFixtures.mp4(4096)
        let stored = try app.lawTrail.blobStore.store(Data(bytes))
        let start = TestClock.shanghai(day)
        let record = Record(
            activityID: fixture.activity.id, caseID: fixture.enforcementCase.id,
            counterpartyID: fixture.enforcementCase.counterpartyID, kind: .video, blobSHA256: stored.digest,
            byteCount: Int64(stored.size), mimeType: "video/mp4", officerID: fixture.officerIDs[0],
            captureStart: start, captureEnd: start.addingTimeInterval(600), createdBy: userID)
        try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
        return record
    }

    static func signedIn(_ role: Role, _ app: Application) async throws -> (browser: Browser, csrf: String, userID: UUID) {
        let name = try await StaffWebTests.user(role, app: app)
        let browser = Browser(app)
        _ = try await browser.signIn(name, StaffWebTests.password)
        let page = try await browser.send(.GET, "/staff")
        let user = try #require(try await UserModel.query(on: app.db).filter(\.$username == name).first())
        return (browser, try #require(Browser.csrf(page.body.string)), try user.requireID())
    }

    static func count(_ table: String, _ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test("issue 14: facts, the 6-month boundary, holds and four-eyes disposal; nothing blocked is removed",
          arguments: TestDatabase.all)
    func disposalFollowsTheRules(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-06"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let officer = try await Self.signedIn(.officer, app)
            let legal = try await Self.signedIn(.legalSection, app)
            let office = try await Self.signedIn(.office, app)
            let supervisor = try await Self.signedIn(.supervisor, app)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let other = try await RecordFixtures.makeActivity(app, by: officer.userID)
            // Kept to 2026-12-05 inclusive: disposable today. Kept to today: not yet.
            let due = try await Self.video(app, fixture, capturedOn: "2026-06-05", by: officer.userID)
            let lastDay = try await Self.video(app, fixture, capturedOn: "2026-06-06", by: officer.userID)
            let evidence = try await Self.video(app, other, capturedOn: "2026-03-01", by: officer.userID)
            let disputed = try await Self.video(app, other, capturedOn: "2026-03-01", by: officer.userID)
            let held = try await Self.video(app, other, capturedOn: "2026-03-01", by: officer.userID)

            func post(_ who: (browser: Browser, csrf: String, userID: UUID), _ path: String, _ form: [String: String]) async throws -> StaffWebTests.BrowserResponse {
                try await who.browser.send(.POST, path, form: form.merging(["csrf": who.csrf]) { a, _ in a })
            }
            func facts(_ record: Record) -> String { "/staff/records/\(record.id.uuidString.lowercased())/retention-facts" }

            // Item 1: facts are set with a reason; a refusal keeps what was typed.
            let noReason = try await post(officer, facts(evidence), ["fact": "evidence", "holds": "1", "reason": " "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("请说明理由"))
            #expect(try await post(officer, facts(evidence), ["fact": "evidence", "holds": "1", "reason": "认定违法事实的关键证据"]).status == .seeOther)
            #expect(try await post(officer, facts(evidence), ["fact": "evidence", "holds": "1", "reason": "再次标记"]).status == .conflict)
            // Clearing lets a record go sooner: not for an officer.
            let clearing = try await post(officer, facts(evidence), ["fact": "evidence", "holds": "0", "reason": "误标"])
            #expect(clearing.status == .forbidden)
            #expect(try await post(legal, facts(disputed), ["fact": "disputed", "holds": "1", "reason": "当事人对记录内容提出异议"]).status == .seeOther)
            #expect(try await post(legal, "/staff/legal-holds", ["scope": "record", "subject": held.id.uuidString, "reason": "行政复议审查中"]).status == .seeOther)
            let holdPage = try await legal.browser.send(.GET, "/staff/legal-holds")
            #expect(holdPage.body.string.contains("行政复议审查中"))

            // Retention classes on the record's page.
            let evidencePage = try await office.browser.send(.GET, "/staff/records/\(evidence.id.uuidString.lowercased())/retention")
            #expect(evidencePage.status == .ok)
            #expect(evidencePage.body.string.contains("应当归档，尚未归档"))
            #expect(evidencePage.body.string.contains("认定违法事实的关键证据"))
            let lastDayPage = try await office.browser.send(.GET, "/staff/records/\(lastDay.id.uuidString.lowercased())/retention")
            #expect(lastDayPage.body.string.contains("至2026年12月6日（含），2026年12月7日起可进行到期鉴定"))

            // The daily listing takes only what has passed and nothing blocks.
            let disposal = DisposalService(app.lawTrail.serviceContext(on: app.db), blobs: app.lawTrail.blobStore)
            #expect(try await disposal.listDue() == 1)
            #expect(try await disposal.listDue() == 0)
            let desk = try await office.browser.send(.GET, "/staff/disposal")
            #expect(desk.body.string.contains(due.id.uuidString.lowercased()))
            #expect(!desk.body.string.contains(lastDay.id.uuidString.lowercased()))

            // Appraising blocked records is refused with the reason; nothing is stored.
            func appraise(_ record: Record) async throws -> StaffWebTests.BrowserResponse {
                try await post(office, "/staff/records/\(record.id.uuidString.lowercased())/disposal-appraisal",
                               ["conclusion": "dispose", "reason": "保存期限已满，无保存价值"])
            }
            let early = try await appraise(lastDay)
            #expect(early.status == .conflict)
            #expect(early.body.string.contains("保存期限未满，2026年12月7日起方可销毁"))
            #expect(try await appraise(evidence).body.string.contains("该记录作为案件证据，不得销毁"))
            #expect(try await appraise(disputed).body.string.contains("与行政相对人发生争议"))
            #expect(try await appraise(held).body.string.contains("法律保留"))
            #expect(try await Self.count("disposal_appraisals", app) == 0)

            #expect(try await appraise(due).status == .seeOther)
            let appraisal = try #require(try await DisposalAppraisalModel.query(on: app.db).first())
            let appraisalID = try appraisal.requireID()
            // Four eyes: the appraiser may not approve, whatever role they hold.
            await #expect(throws: ServiceRefusal.self) {
                try await disposal.decide(appraisalID, approve: true, reason: nil, by: StaffMember(id: office.userID, role: .supervisor))
            }
            let officeApproves = try await post(office, "/staff/disposal-appraisals/\(appraisalID.uuidString.lowercased())/decision", ["decision": "approve"])
            #expect(officeApproves.status == .forbidden)

            // A hold placed after the appraisal wins over it.
            #expect(try await post(legal, "/staff/legal-holds", ["scope": "case", "subject": fixture.enforcementCase.number, "reason": "行政诉讼中"]).status == .seeOther)
            let decide = "/staff/disposal-appraisals/\(appraisalID.uuidString.lowercased())/decision"
            let blockedApproval = try await post(supervisor, decide, ["decision": "approve"])
            #expect(blockedApproval.status == .conflict)
            #expect(app.lawTrail.blobStore.contains(try #require(due.blobSHA256)))
            let caseHold = try #require(try await LegalHoldModel.query(on: app.db).filter(\.$subjectID == fixture.enforcementCase.id).first())
            #expect(try await post(legal, "/staff/legal-holds/\(try caseHold.requireID().uuidString.lowercased())/release", ["reason": "诉讼终结"]).status == .seeOther)

            let approved = try await post(supervisor, decide, ["decision": "approve"])
            #expect(approved.status == .seeOther, "\(approved.body.string)")
            #expect(try await post(supervisor, decide, ["decision": "approve"]).status == .conflict)

            // The blob is gone, the record and its hash stay, the ledger says so, verify accepts it.
            #expect(!app.lawTrail.blobStore.contains(try #require(due.blobSHA256)))
            #expect(try await RecordStore(ledger: app.lawTrail.ledger.writer).find(due.id, on: app.db) != nil)
            let types = try await (app.db as! any SQLDatabase).raw("SELECT event_type FROM ledger_entries").all()
                .map { try $0.decode(column: "event_type", as: String.self) }
            for type in ["record.retention_fact_changed", "legal_hold.placed", "legal_hold.released", "disposal.listed",
                         "record.disposal_appraised", "record.disposed"] {
                #expect(types.contains(type), "\(type)")
            }
            let audit = try await RecordAudit(database: app.db, blobs: app.lawTrail.blobStore).run()
            #expect(audit.findings.isEmpty, "\(audit.findings)")
            #expect(audit.disposedBlobs == 1)
            // Every other blob is untouched; one removed by hand is a finding.
            for record in [lastDay, evidence, disputed, held] {
                #expect(app.lawTrail.blobStore.contains(try #require(record.blobSHA256)))
            }
            try app.lawTrail.blobStore.remove(try #require(lastDay.blobSHA256))
            let tampered = try await RecordAudit(database: app.db, blobs: app.lawTrail.blobStore).run()
            #expect(tampered.findings.contains { $0.contains("\(lastDay.blobSHA256!): missing") })

            // The disposed record's page says so; the facts of a disposed record no longer change.
            let disposedPage = try await office.browser.send(.GET, "/staff/records/\(due.id.uuidString.lowercased())/retention")
            #expect(disposedPage.body.string.contains("该记录资料已于"))
            #expect(try await post(officer, facts(due), ["fact": "evidence", "holds": "1", "reason": "补充认定"]).status == .conflict)

            // The calendar lists what may come up, with its days; an officer may not see it.
            let calendar = try await office.browser.send(.GET, "/staff/retention")
            #expect(calendar.status == .ok)
            #expect(calendar.body.string.contains("2026年12月7日") && calendar.body.string.contains("已销毁"))
            #expect(!calendar.body.string.contains(evidence.id.uuidString.lowercased()))
            #expect(try await officer.browser.send(.GET, "/staff/retention").status == .forbidden)
        }
    }

    @Test("issue 14: a disposed record's content answers 410 with where the ledger records it", arguments: [TestDatabase.sqlite])
    func disposedContentIsGone(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-06"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let officer = try await Self.signedIn(.officer, app)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let record = try await Self.video(app, fixture, capturedOn: "2026-01-05", by: officer.userID)
            let context = app.lawTrail.serviceContext(on: app.db)
            let disposal = DisposalService(context, blobs: app.lawTrail.blobStore)
            let office = try await Self.signedIn(.office, app)
            let appraisal = try await disposal.appraise(record.id, conclusion: .dispose, reason: "到期", by: StaffMember(id: office.userID, role: .office))
            let supervisor = try await Self.signedIn(.supervisor, app)
            _ = try await disposal.decide(appraisal.id, approve: true, reason: nil, by: StaffMember(id: supervisor.userID, role: .supervisor))
            let response = try await client.readRecord(record.id, token: staff.brigadeLeader, purpose: "case-review")
            #expect(response.status == .gone, "\(response.body.string)")
            #expect(response.body.string.contains("record-disposed"))
        }
    }

    @Test("issue 14: the demo's history has a disposed inspection video on the public ledger, and verify accepts it",
          arguments: TestDatabase.all)
    func demoHasADisposedVideo(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.demoHistory = true }) { app in
            let disposal = try #require(try await RecordDisposalModel.query(on: app.db).first())
            let entry = try await APIClient(app: app).send(.GET, "/ledger/entries/\(disposal.ledgerIndex)", token: nil)
            #expect(entry.status == .ok)
            #expect(entry.body.string.contains("record.disposed"))
            #expect(!app.lawTrail.blobStore.contains(disposal.blobSHA256))
            let audit = try await RecordAudit(database: app.db, blobs: app.lawTrail.blobStore).run()
            #expect(audit.findings.isEmpty, "\(audit.findings)")
            #expect(audit.disposedBlobs == 1)
            // Fixity audits skip what was lawfully disposed of: gone on purpose, not a failure.
            #expect(!(try await FixityQueries(database: app.db).digestsToAudit(after: nil, limit: 1000)).contains(disposal.blobSHA256))
            // The other video of that inspection is evidence: kept, and never listed.
            #expect(try await Self.count("retention_fact_changes", app) == 1)
            #expect(try await Self.count("disposal_listings", app) == 1)
        }
    }
}
