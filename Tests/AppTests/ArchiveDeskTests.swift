import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 14 items 2 and 5 through the staff pages, on both databases: closing a case on its page,
/// the archive desk (waiting cases, the form, the package with its 四性 report, the ZIP download),
/// who may do what, and an upload into an archived case refused (SPEC R10, R11, X5).
@Suite struct ArchiveDeskTests {
    typealias Browser = StaffWebTests.Browser

    static func signedIn(_ role: Role, _ app: Application) async throws -> Browser {
        let browser = Browser(app)
        _ = try await browser.signIn(try await StaffWebTests.user(role, app: app), StaffWebTests.password)
        return browser
    }

    @Test("close on the case page, archive on the desk, see the 四性 report, download the ZIP; each role as the table says",
          arguments: TestDatabase.all)
    func closeArchiveAndDownload(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let account = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: account.userID)
            let caseID = fixture.enforcementCase.id.uuidString.lowercased()
            let officer = try await Self.signedIn(.officer, app)
            let office = try await Self.signedIn(.office, app)
            let supervisor = try await Self.signedIn(.supervisor, app)

            // The demo's archived case is on the desk, with its package.
            let desk = try await office.send(.GET, "/staff/archive")
            #expect(desk.status == .ok)
            #expect(desk.body.string.contains("粉尘涉爆企业安全生产监督检查"))
            #expect(try await supervisor.send(.GET, "/staff/archive").status == .ok)
            #expect(try await officer.send(.GET, "/staff/archive").status == .forbidden)

            // 结案 on the case page: the office may not; a future day is refused; then closed.
            let casePage = try await officer.send(.GET, "/staff/cases/\(caseID)")
            #expect(casePage.body.string.contains("结案情况"))
            let token = try #require(Browser.csrf(casePage.body.string))
            let today = app.lawTrail.today
            let officeToken = try #require(Browser.csrf(try await office.send(.GET, "/staff/password").body.string))
            #expect(try await office.send(.POST, "/staff/cases/\(caseID)/close", form: [
                "csrf": officeToken, "closedOn": today.description, "summary": "结案"]).status == .forbidden)
            #expect(try await officer.send(.POST, "/staff/cases/\(caseID)/close", form: [
                "csrf": token, "closedOn": today.adding(days: 1).description, "summary": "结案"]).status == .unprocessableEntity)
            let closed = try await officer.send(.POST, "/staff/cases/\(caseID)/close", form: [
                "csrf": token, "closedOn": today.description, "summary": "检查完毕，结案"])
            #expect(closed.status == .seeOther)
            #expect(try await officer.send(.POST, "/staff/cases/\(caseID)/close", form: [
                "csrf": token, "closedOn": today.description, "summary": "再次"]).status == .conflict)

            // The desk lists it; searching by number finds it; the supervisor sees but cannot archive.
            let waiting = try await office.send(.GET, "/staff/archive?q=" + (fixture.enforcementCase.number.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(waiting.body.string.contains("/staff/archive/cases/\(caseID)"))
            let form = try await office.send(.GET, "/staff/archive/cases/\(caseID)")
            #expect(form.status == .ok && form.body.string.contains("生成档案包并检测"))
            let supervisorToken = try #require(Browser.csrf(try await supervisor.send(.GET, "/staff/password").body.string))
            #expect(try await supervisor.send(.POST, "/staff/archive/cases/\(caseID)", form: [
                "csrf": supervisorToken, "retentionPeriod": "10-years", "securityClass": "open"]).status == .forbidden)

            // A late scan announced while the case is closed but not yet archived (sent after the archiving, below).
            let bytes = RecordFixtures.pdf(64)
            let uploadID = try await UploadTests.create(app, account, activity: fixture.activity.id, bytes: bytes, mimeType: "application/pdf", form: "scan")
            let archived = try await office.send(.POST, "/staff/archive/cases/\(caseID)", form: [
                "csrf": try #require(Browser.csrf(form.body.string)), "retentionPeriod": "10-years", "securityClass": "open"])
            #expect(archived.status == .seeOther)
            let location = try #require(archived.headers.first(name: .location))
            let packagePage = try await office.send(.GET, location)
            #expect(packagePage.status == .ok)
            for label in ["真实性", "完整性", "可用性", "安全性", "定期10年", "下载档案包"] {
                #expect(packagePage.body.string.contains(label), "\(label)")
            }
            let packagePath = String(location.split(separator: "?")[0])
            #expect(try await supervisor.send(.GET, packagePath).body.string.contains("四性检测报告"))
            let zip = try await office.send(.GET, packagePath + "/package.zip")
            #expect(zip.status == .ok)
            #expect(zip.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"archive-") == true)
            #expect(zip.body.readableBytes > 0 && zip.body.getBytes(at: zip.body.readerIndex, length: 4) == [0x50, 0x4B, 0x03, 0x04])
            #expect(try await supervisor.send(.GET, packagePath + "/package.zip").status == .forbidden)

            // An upload started before the archiving is refused when it completes, one after it at once:
            // both 409 case-archived, no record, no blob.
            let patch = try await UploadTests.patch(app, account, uploadID, offset: 0, bytes[...])
            #expect(patch.status == .conflict, "\(patch.status) \(patch.body.string)")
            #expect(patch.body.string.contains("case-archived"))
            #expect(try await UploadTests.records(app, upload: uploadID).isEmpty)
            #expect(!app.lawTrail.blobStore.contains(UploadTests.hex(bytes)))
            let late = try await UploadTests.post(app, account, .init(
                length: Int64(bytes.count), mimeType: "application/pdf", form: "scan", activityId: fixture.activity.id.uuidString))
            #expect(late.status == .conflict && late.body.string.contains("case-archived"))
        }
    }
}
