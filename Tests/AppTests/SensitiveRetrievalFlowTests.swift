import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import VaporTesting

/// Issue 10 item 2: an officer asks to open a sensitive record, sees the request and its state,
/// and opens the record once someone else approved — without ever typing a request number.
@Suite struct SensitiveRetrievalFlowTests {
    typealias Browser = StaffWebTests.Browser

    @Test("ask, see my requests, the approver sees record, case and requester, then open without a number", arguments: TestDatabase.all)
    func askApproveOpen(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officerAPI = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officerAPI.userID)
            let template = try #require(DocumentTemplate.named("inquiry-record"))
            var values: [String: String] = [:]
            for field in template.fields where field.required {
                values[field.key] = field.kind == .dateTime ? "2026-03-02T10:40" : "内容：\(field.label)"
            }
            let (record, _) = try await RecordService(app.lawTrail.serviceContext(on: app.db)).createDocument(
                activityID: fixture.activity.id, templateID: template.id, values: values, sensitivity: .personalPrivacy,
                by: StaffMember(id: officerAPI.userID, role: .officer))
            let recordPath = "/staff/records/\(record.id.uuidString.lowercased())"

            let officer = Browser(app)
            _ = try await officer.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let first = try await officer.send(.GET, recordPath)
            // The request form is there from the start; nothing asks for a request number.
            #expect(first.body.string.contains("id=\"request-retrieval\""))
            #expect(!first.body.string.contains("已获批准的申请编号") && !first.body.string.contains("name=\"requestId\""))
            let token = try #require(Browser.csrf(first.body.string))
            let asked = try await officer.send(.POST, recordPath + "/request", form: ["csrf": token, "purpose": "case-review", "purposeText": "案卷评查需核对询问笔录"])
            #expect(asked.status == .seeOther)
            let confirmed = try await officer.send(.GET, try #require(asked.headers.first(name: .location)))
            #expect(confirmed.body.string.contains("调阅申请已提交") && confirmed.body.string.contains("待审批"))
            let mine = try await officer.send(.GET, "/staff/my-retrieval-requests")
            #expect(mine.body.string.contains("询问笔录") && mine.body.string.contains(fixture.enforcementCase.number) && mine.body.string.contains("待审批"))

            let approver = Browser(app)
            let approverName = try await StaffWebTests.user(.legalSection, app: app)
            _ = try await approver.signIn(approverName, StaffWebTests.password)
            let queue = try await approver.send(.GET, "/staff/retrieval-requests")
            #expect(queue.body.string.contains("询问笔录") && queue.body.string.contains(fixture.enforcementCase.number))
            let requestID = try #require(queue.body.string.firstMatch(of: /retrieval-requests\/([0-9a-f-]{36})\/decision/).map { String($0.1) })
            let decided = try await approver.send(.POST, "/staff/retrieval-requests/\(requestID)/decision",
                                                  form: ["csrf": try #require(Browser.csrf(queue.body.string)), "approve": "1"])
            #expect(decided.status == .seeOther)
            #expect(try await approver.send(.GET, try #require(decided.headers.first(name: .location))).body.string.contains("已批准"))

            let approved = try await officer.send(.GET, recordPath)
            #expect(approved.body.string.contains("已获批准") && approved.body.string.contains("name=\"requestId\" value=\"\(requestID)\""))
            let opened = try await officer.send(.POST, recordPath + "/retrieve", form: [
                "csrf": token, "purpose": "case-review", "purposeText": "案卷评查", "requestId": requestID])
            #expect(opened.status == .seeOther, "\(opened.body.string.prefix(500))")
            let shown = try await officer.send(.GET, try #require(opened.headers.first(name: .location)))
            let html = shown.body.string
            // Fields in the template's order, the template's title, and a print button.
            let labels = template.fields.filter(\.required).map(\.label)
            let positions = labels.compactMap { html.range(of: ">\($0)<")?.lowerBound }
            #expect(positions.count == labels.count && positions == positions.sorted())
            #expect(html.contains("<h1>询问笔录</h1>") && html.contains("id=\"print\""))

            // The PDF: only within the logged retrieval; rendered by headless Chromium where installed.
            let pdfPath = try #require(html.firstMatch(of: /href="([^"]+)" id="pdf"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") })
            let withoutRetrieval = try await officer.send(.GET, recordPath + "/document.pdf")
            #expect(withoutRetrieval.status == .forbidden)
            let pdf = try await officer.send(.GET, pdfPath)
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
                #expect(pdf.status == .ok && pdf.headers.contentType?.subType == "pdf")
                #expect(pdf.body.getString(at: pdf.body.readerIndex, length: 4) == "%PDF")
            } else {
                #expect(pdf.status == .serviceUnavailable && pdf.body.string.contains("打印"))
            }
        }
    }
}
