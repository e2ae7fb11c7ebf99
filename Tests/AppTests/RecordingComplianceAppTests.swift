import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 13 item 6 through the application, on both databases: coverage of the act's time (SPEC
/// R5, R7), R5 items derived from the records, the device check (R8), P6 for an off-site inquiry,
/// and the legal section's review of markings that retrieval then obeys (SPEC R9.2).
@Suite struct RecordingComplianceAppTests {
    typealias Browser = StaffWebTests.Browser

    struct Compliance: Decodable {
        struct Finding: Decodable {
            let kind: String
            let situation: String?
            let message: String
        }
        let findings: [Finding]
    }

    func compliance(_ client: APIClient, _ activityID: UUID, token: String) async throws -> [Compliance.Finding] {
        let response = try await client.send(.GET, "/api/v1/activities/\(activityID)/compliance", token: token)
        #expect(response.status == .ok, "\(response.body.string)")
        return try client.decode(Compliance.self, response).findings
    }

    /// A registered device assigned (now, by the test clock) to `officerID`.
    func device(_ client: APIClient, office: String, to officerID: UUID) async throws -> UUID {
        struct Body: Decodable { let id: UUID }
        let registered = try await client.send(.POST, "/api/v1/devices", token: office, json: [
            "serial": "DSJ-\(UUID().uuidString.prefix(8))", "model": "执法记录仪 X1", "kind": "body-camera"])
        #expect(registered.status == .created, "\(registered.body.string)")
        let id = try client.decode(Body.self, registered).id
        let assigned = try await client.send(.POST, "/api/v1/devices/\(id)/assignments", token: office, json: ["officerId": officerID])
        #expect(assigned.status.code < 300, "\(assigned.body.string)")
        return id
    }

    /// A media record of the activity, stored as an upload would store it.
    @discardableResult
    func media(_ app: Application, activityID: UUID, caseID: UUID, kind: Record.Kind = .video, device: UUID?,
               from start: Date, seconds: TimeInterval) async throws -> UUID {
        let activityCase = try #require(try await CaseModel.find(caseID, on: app.db))
        let user = try #require(try await UserModel.query(on: app.db).first())
        let blob = try app.lawTrail.blobStore.store(Data("media-\(UUID())".utf8))
        let record = Record(
            activityID: activityID, caseID: caseID, counterpartyID: activityCase.counterpartyID, kind: kind,
            blobSHA256: blob.digest, byteCount: Int64(blob.size), mimeType: kind == .photo ? "image/jpeg" : "video/mp4",
            deviceID: device, captureStart: start, captureEnd: start.addingTimeInterval(seconds), createdBy: user.id!)
        try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
        return record.id
    }

    /// The act's 现场检查记录 (SPEC R4), which its checklist names as issued.
    func inspectionRecord(_ client: APIClient, activityID: UUID, token: String) async throws {
        let document = try await client.send(.POST, "/api/v1/records/documents", token: token, json: DocumentInput(
            activityId: activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues()))
        #expect(document.status == .created, "\(document.body.string)")
    }

    func session(_ client: APIClient, activityID: UUID, records: [UUID], token: String) async throws {
        let created = try await client.send(.POST, "/api/v1/recording-sessions", token: token, json: SessionInput(
            activityId: activityID, recordIds: records, counterpartyToldRecordingStarted: true))
        #expect(created.status == .created, "\(created.body.string)")
    }

    @Test("SPEC R5: the issue's case — a 1-minute video from another day no longer clears a coercion act; a covering one does",
          arguments: TestDatabase.all)
    func videoFromAnotherDay(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-10-01"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let office = try await client.token(.office)
            let made = try await client.caseAndActivity(
                token: officer, situations: ["coercive-measure-or-evidence-preservation"], kind: "coercion")
            try await inspectionRecord(client, activityID: made.activityID, token: officer)
            let camera = try await device(client, office: office, to: made.officers[0])
            let actStart = Date(timeIntervalSince1970: 1_795_500_000)  // 2026-11-24 10:40, for an hour
            let otherDay = try await media(app, activityID: made.activityID, caseID: made.caseID, device: camera,
                                           from: TestClock.shanghai("2026-11-01", hour: 9), seconds: 60)
            try await session(client, activityID: made.activityID, records: [otherDay], token: officer)

            let before = try await compliance(client, made.activityID, token: officer)

            #expect(!before.contains { $0.kind == "mandatory-video-missing" })
            #expect(before.map(\.kind) == ["coverage-incomplete"], "\(before.map(\.message))")
            #expect(before.first?.message.contains("执法全程没有录像") == true)

            let whole = try await media(app, activityID: made.activityID, caseID: made.caseID, device: camera, from: actStart, seconds: 3600)
            try await session(client, activityID: made.activityID, records: [whole], token: officer)

            #expect(try await compliance(client, made.activityID, token: officer).map(\.kind) == [])
        }
    }

    @Test("SPEC R5: the coverage tolerance is a setting, read from the environment and used by the compliance check")
    func coverageToleranceSetting() async throws {
        #expect(try AppConfig.resolve(environment: [:]).recordingCoverageTolerance == RecordingSession.defaultCoverageTolerance)
        #expect(try AppConfig.resolve(environment: ["LAWTRAIL_RECORDING_COVERAGE_TOLERANCE_SECONDS": "900"]).recordingCoverageTolerance == 900)
        for bad in ["-1", "3601", "1.5", "一分钟"] {
            #expect(throws: ConfigError.self) { try AppConfig.resolve(environment: ["LAWTRAIL_RECORDING_COVERAGE_TOLERANCE_SECONDS": bad]) }
        }
        for (tolerance, expected) in [(60.0, ["coverage-incomplete"]), (900.0, [])] {
            try await withTestApp(.sqlite, demo: true, adjust: { $0.recordingCoverageTolerance = tolerance }) { app in
                let client = APIClient(app: app)
                let officer = try await client.token(.officer)
                let made = try await client.caseAndActivity(token: officer, situations: ["disputed-or-dangerous"])
                try await inspectionRecord(client, activityID: made.activityID, token: officer)
                // The act runs 10:40–11:40; the video starts ten minutes late.
                let late = try await media(app, activityID: made.activityID, caseID: made.caseID, device: nil,
                                           from: Date(timeIntervalSince1970: 1_795_500_600), seconds: 3000)
                try await session(client, activityID: made.activityID, records: [late], token: officer)

                let kinds = try await compliance(client, made.activityID, token: officer).map(\.kind).filter { $0 != "device-not-named" }

                #expect(kinds == expected, "tolerance \(tolerance)")
            }
        }
    }

    @Test("SPEC R8: a media record without a device, or with one not held by the act's officers, is a finding",
          arguments: TestDatabase.all)
    func deviceFindings(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-10-01"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let office = try await client.token(.office)
            let made = try await client.caseAndActivity(token: officer)
            try await inspectionRecord(client, activityID: made.activityID, token: officer)
            let outsider = try #require(try await OfficerModel.query(on: app.db).all().compactMap(\.id).first { !made.officers.contains($0) })
            let elsewhere = try await device(client, office: office, to: outsider)
            let photoTime = Date(timeIntervalSince1970: 1_795_500_300)
            let unnamed = try await media(app, activityID: made.activityID, caseID: made.caseID, kind: .photo, device: nil, from: photoTime, seconds: 0)

            let first = try await compliance(client, made.activityID, token: officer)
            #expect(first.map(\.kind) == ["device-not-named"])
            _ = unnamed

            try await media(app, activityID: made.activityID, caseID: made.caseID, kind: .photo, device: elsewhere, from: photoTime, seconds: 0)
            let second = try await compliance(client, made.activityID, token: officer)
            #expect(second.map(\.kind) == ["device-not-named", "device-not-assigned"])
            #expect(second.last?.message.contains("未配发给本次执法活动的执法人员") == true)
        }
    }

    @Test("SPEC R8: the activity page's upload form offers the devices the act's officers hold, and no one else's",
          arguments: TestDatabase.all)
    func uploadFormOffersDevices(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-10-01"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let office = try await client.token(.office)
            let made = try await client.caseAndActivity(token: officer)
            let outsider = try #require(try await OfficerModel.query(on: app.db).all().compactMap(\.id).first { !made.officers.contains($0) })
            let theirs = try await device(client, office: office, to: made.officers[1])
            let handedOver = try await device(client, office: office, to: made.officers[0])
            let elsewhere = try await device(client, office: office, to: outsider)
            clock.now = clock.now.addingTimeInterval(600)
            let back = try await client.send(.POST, "/api/v1/devices/\(handedOver)/assignments", token: office, json: ["officerId": outsider])
            #expect(back.status.code < 300)

            let browser = Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let page = try await browser.send(.GET, "/staff/activities/\(made.activityID.uuidString.lowercased())")
            let html = page.body.string

            #expect(page.status == .ok)
            #expect(html.contains("id=\"upload-device\""))
            #expect(html.contains("value=\"\(theirs.uuidString.lowercased())\""))
            #expect(!html.contains(elsewhere.uuidString.lowercased()))
            #expect(!html.contains(handedOver.uuidString.lowercased()))  // now held by someone else
        }
    }

    @Test("SPEC R5 (五), P6: an off-site inquiry after filing needs video nobody ticked, and P6 applies there too",
          arguments: TestDatabase.all)
    func inquiryAfterFilingOffSite(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let counterparty = try #require(try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person").first())
            let brigade = try #require(try await UnitModel.query(on: app.db).filter(\.$kind == "enforcement-brigade").first())
            let officers = try await OfficerModel.query(on: app.db).filter(\.$unit.$id == brigade.id!).sort(\.$name).all().prefix(2).map { $0.id! }
            let caseResponse = try await client.send(.POST, "/api/v1/cases", token: officer, json: [
                "number": "普应急罚〔2026〕\(Int.random(in: 100...99999))号", "title": "未按规定培训", "kind": "penalty",
                "counterpartyId": counterparty.id!.uuidString, "unitId": brigade.id!.uuidString,
                "openedOn": "2026-11-20", "filedOn": "2026-11-21",
            ])
            #expect(caseResponse.status == .created, "\(caseResponse.body.string)")
            let caseID = try client.decode(EnforcementCase.self, caseResponse).id
            let activityResponse = try await client.send(.POST, "/api/v1/activities", token: officer, json: APIClient.ActivityJSON(
                caseId: caseID, kind: "penalty", procedure: "general", site: .init(address: "普陀区应急管理局询问室", highRisk: false),
                isOnSite: false, officerIds: Array(officers),
                startedAt: Date(timeIntervalSince1970: 1_795_500_000), endedAt: Date(timeIntervalSince1970: 1_795_503_600),
                situations: [], checklist: .init(certificatesShownBy: [officers[0]], documentsIssued: [], reasonTold: true,
                                                 legalBasisTold: true, rightsTold: ["statement", "defence", "hearing", "recusal"],
                                                 dutyToCooperateTold: true)))
            #expect(activityResponse.status == .created, "\(activityResponse.body.string)")
            let activityID = try client.decode(Activity.self, activityResponse).id
            #expect(try await compliance(client, activityID, token: officer).map(\.kind) == ["text-record-missing"])

            var values = Self.inquiryValues()
            values["intervieweeIDNumber"] = "11010519491231002X"
            let document = try await client.send(.POST, "/api/v1/records/documents", token: officer, json: DocumentInput(
                activityId: activityID, templateId: DocumentTemplate.inquiryRecord.id, values: values))
            #expect(document.status == .created, "\(document.body.string)")

            let findings = try await compliance(client, activityID, token: officer)
            #expect(findings.map(\.kind) == ["mandatory-video-missing", "certificates-not-shown"], "\(findings.map(\.message))")
            #expect(findings.first?.situation == "inquiry-after-filing")
            #expect(findings.first?.message.contains("立案日期2026年11月21日") == true)
        }
    }

    /// The required fields of a 询问笔录 held at 2026-11-24 10:45.
    static func inquiryValues() -> [String: String] {
        var values: [String: String] = [:]
        for field in DocumentTemplate.inquiryRecord.fields where field.required {
            values[field.key] = field.kind == .dateTime ? "2026-11-24T10:45" : "内容"
        }
        return values
    }

    struct CorrectionInput: Encodable, Sendable {
        let values: [String: String]
        let reason: String
    }

    struct DocumentInput: Encodable, Sendable {
        let activityId: UUID
        let templateId: String
        let values: [String: String]
    }

    @Test("SPEC R9.2: the legal section reviews a personal record's marking on its queue page; retrieval obeys the review; history shown; append-only",
          arguments: TestDatabase.all)
    func sensitivityReviewThroughThePages(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officerToken = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: officerToken)
            let values = Self.inquiryValues()
            let document = try await client.send(.POST, "/api/v1/records/documents", token: officerToken, json: DocumentInput(
                activityId: made.activityID, templateId: DocumentTemplate.inquiryRecord.id, values: values))
            struct Created: Decodable { struct Meta: Decodable { let id: UUID }; let record: Meta }
            let recordID = try client.decode(Created.self, document).record.id
            // Not marked: the officer opens it with a purpose alone.
            #expect(try await client.openRecord(recordID, token: officerToken, purpose: "case-handling").response.status == .created)

            let legal = Browser(app)
            _ = try await legal.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            let queue = try await legal.send(.GET, "/staff/sensitivity-reviews")
            #expect(queue.status == .ok)
            let html = queue.body.string
            #expect(html.contains("涉密标记审核") && html.contains("sensitivity-review") && html.contains("被询问人姓名"))
            let path = "/staff/records/\(recordID.uuidString.lowercased())/sensitivity-review"
            #expect(html.contains(path))
            let token = try #require(Browser.csrf(html))

            let noReason = try await legal.send(.POST, path, form: ["csrf": token, "marking": "personal-privacy", "reason": " "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("变更标记须说明理由"))
            let noToken = try await legal.send(.POST, path, form: ["marking": "personal-privacy", "reason": "载有被询问人身份信息"])
            #expect(noToken.status.code >= 400)

            let changed = try await legal.send(.POST, path, form: ["csrf": token, "marking": "personal-privacy", "reason": "载有被询问人身份信息"])
            #expect(changed.status == .seeOther)
            #expect(try await legal.send(.GET, "/staff/sensitivity-reviews").body.string.contains(path) == false)
            let recordPage = try await legal.send(.GET, "/staff/records/\(recordID.uuidString.lowercased())")
            #expect(recordPage.body.string.contains("标记审核记录") && recordPage.body.string.contains("不涉密 → 个人隐私")
                && recordPage.body.string.contains("载有被询问人身份信息"))

            // Retrieval now obeys the reviewed marking (SPEC R9.2).
            let refused = try await client.openRecord(recordID, token: officerToken, purpose: "case-handling").response
            #expect(refused.status == .forbidden)
            #expect(try client.problem(refused).type == "approval-required")

            // One row, one ledger event; the row cannot be changed (SPEC R9.5, X3).
            #expect(try await SensitivityReviewModel.query(on: app.db).count() == 1)
            #expect(try await client.ledgerTypes().filter { $0 == "record.sensitivity_reviewed" }.count == 1)
            await #expect(throws: (any Error).self) {
                try await (app.db as! any SQLDatabase).raw("UPDATE sensitivity_reviews SET marking = 'none'").run()
            }
            await #expect(throws: (any Error).self) {
                try await (app.db as! any SQLDatabase).raw("DELETE FROM sensitivity_reviews").run()
            }
        }
    }

    @Test("SPEC R9.2: over the API only the legal section reviews; a confirmation needs no reason; history and effective marking",
          arguments: TestDatabase.all)
    func sensitivityReviewThroughTheAPI(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let legal = try await client.token(.legalSection)
            let made = try await client.caseAndActivity(token: officer)
            let document = try await client.send(.POST, "/api/v1/records/documents", token: officer, json: DocumentInput(
                activityId: made.activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues()))
            struct Created: Decodable { struct Meta: Decodable { let id: UUID }; let record: Meta }
            let recordID = try client.decode(Created.self, document).record.id
            let path = "/api/v1/records/\(recordID)/sensitivity-reviews"

            let queue = try await client.send(.GET, "/api/v1/sensitivity-reviews", token: legal)
            #expect(queue.status == .ok)
            #expect(queue.body.string.lowercased().contains(recordID.uuidString.lowercased()))  // names 法定代表人
            #expect(try await client.send(.GET, "/api/v1/sensitivity-reviews", token: officer).status == .forbidden)
            #expect(try await client.send(.POST, path, token: officer, json: ["marking": "none"]).status == .forbidden)

            let confirmed = try await client.send(.POST, path, token: legal, json: ["marking": "none"])
            #expect(confirmed.status == .created, "\(confirmed.body.string)")
            let changed = try await client.send(.POST, path, token: legal, json: ["marking": "commercial-secret"])
            #expect(changed.status == .unprocessableEntity)
            #expect(try client.problem(changed).errors?["reason"] != nil)
            #expect(try await client.send(.POST, path, token: legal, json: ["marking": "commercial-secret", "reason": "含企业工艺参数"]).status == .created)

            struct History: Decodable {
                struct Review: Decodable { let decision: String; let previous: String; let marking: String }
                let uploaded: String
                let effective: String
                let reviews: [Review]
            }
            let history = try client.decode(History.self, try await client.send(.GET, path, token: officer))
            #expect(history.uploaded == "none" && history.effective == "commercial-secret")
            #expect(history.reviews.map(\.decision) == ["confirmed", "changed"])
            #expect(history.reviews.last?.previous == "none")

            // A correction is a new version of the same document: the reviewed marking carries over.
            var corrected = client.inspectionRecordValues()
            corrected[DocumentTemplate.onSiteInspectionRecord.requiredFields[0].key] = "更正后的内容"
            let correction = try await client.send(.POST, "/api/v1/records/\(recordID)/corrections", token: officer,
                                                   json: CorrectionInput(values: corrected, reason: "笔误"))
            #expect(correction.status == .created, "\(correction.body.string)")
            let correctionID = try client.decode(Created.self, correction).record.id
            let inherited = try client.decode(History.self, try await client.send(
                .GET, "/api/v1/records/\(correctionID)/sensitivity-reviews", token: officer))
            #expect(inherited.uploaded == "none" && inherited.effective == "commercial-secret" && inherited.reviews.isEmpty)
            let refused = try await client.openRecord(correctionID, token: officer, purpose: "case-handling").response
            #expect(refused.status == .forbidden)
        }
    }
}

