import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import Vapor

/// Issue 11 item 3: a case with its first activity is one transaction and one ledger batch, or
/// nothing; every problem comes back at once, per field.
@Suite struct CaseServiceTests {
    struct Setting {
        let service: CaseService
        let staff: StaffMember
        let newCase: CaseService.NewCase
        let activity: CaseService.NewActivity
        let ledgerSize: @Sendable () async throws -> UInt64
    }

    /// The demo's first two officers (both certified on 2026-03-02) at an on-site inspection.
    static func setting(_ app: Application) async throws -> Setting {
        let officers = try await OfficerModel.query(on: app.db).sort(\.$name).limit(2).all().map { try $0.requireID() }
        let counterparty = try #require(try await CounterpartyModel.query(on: app.db).first()).id!
        let unit = try #require(try await UnitModel.query(on: app.db).first()).id!
        let start = Date(timeIntervalSince1970: 1_772_418_600)  // 2026-03-02 10:30 Asia/Shanghai
        let user = try await AccountService.createUser(
            username: "officer-\(UUID().uuidString.prefix(6))", displayName: "测试", role: .officer,
            password: "correct horse battery", on: app.db, hasher: app.password.sync)
        let reader = LedgerReader(database: app.db)
        return Setting(
            service: CaseService(app.lawTrail.serviceContext(on: app.db)),
            staff: StaffMember(id: try user.requireID(), role: .officer),
            newCase: .init(number: "普应急检〔2026〕\(Int.random(in: 1...99_999))号", title: "危险化学品储存检查",
                           kind: .inspection, counterpartyID: counterparty, unitID: unit, openedOn: "2026-03-02"),
            activity: .init(caseID: nil, kind: .inspection, procedure: .general, site: Site(address: "上海市普陀区真北路1888号"),
                            isOnSite: true, officerIDs: officers, startedAt: start, endedAt: start.addingTimeInterval(3600)),
            ledgerSize: { try await reader.size() })
    }

    @Test("issue 11: a refused first activity leaves no case; the corrected form then succeeds", arguments: TestDatabase.all)
    func refusedActivityLeavesNoCase(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let setting = try await Self.setting(app)
            var lonely = setting.activity
            lonely.officerIDs = Array(lonely.officerIDs.prefix(1))  // SPEC P6: two officers on site
            let sizeBefore = try await setting.ledgerSize()

            await #expect(throws: ServiceRefusal.self) {
                try await setting.service.openCase(setting.newCase, withFirstActivity: lonely, by: setting.staff)
            }

            #expect(try await CaseModel.query(on: app.db).filter(\.$number == setting.newCase.number).count() == 0)
            #expect(try await setting.ledgerSize() == sizeBefore)
            let (opened, activity) = try await setting.service.openCase(setting.newCase, withFirstActivity: setting.activity, by: setting.staff)
            #expect(activity.caseID == opened.id)
            #expect(try await CaseModel.query(on: app.db).filter(\.$number == setting.newCase.number).count() == 1)
            #expect(try await ActivityModel.find(activity.id, on: app.db) != nil)
            #expect(try await setting.ledgerSize() == sizeBefore + 2)
        }
    }

    @Test("issue 10 item 3: every problem of the case and its activity is reported at once, per field", arguments: TestDatabase.all)
    func everyProblemAtOnce(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let setting = try await Self.setting(app)
            var newCase = setting.newCase
            newCase.title = "  "
            newCase.counterpartyID = UUID()
            var activity = setting.activity
            activity.officerIDs = Array(activity.officerIDs.prefix(1))
            activity.endedAt = activity.startedAt.addingTimeInterval(-60)

            let refusal = await #expect(throws: ServiceRefusal.self) {
                try await setting.service.openCase(newCase, withFirstActivity: activity, by: setting.staff)
            }

            #expect(refusal?.kind == .invalid)
            #expect(Set(refusal?.errors.keys.map { $0 } ?? []) == ["title", "counterpartyId", "officerIds", "endedAt"])
        }
    }

    @Test("an activity is added to an existing case; an unknown case is refused by field", arguments: TestDatabase.all)
    func activityInExistingCase(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let setting = try await Self.setting(app)
            let (opened, _) = try await setting.service.openCase(setting.newCase, withFirstActivity: setting.activity, by: setting.staff)
            var second = setting.activity
            second.caseID = opened.id
            second.startedAt = second.startedAt.addingTimeInterval(86_400)
            second.endedAt = second.endedAt.addingTimeInterval(86_400)

            let added = try await setting.service.recordActivity(second, by: setting.staff)
            second.caseID = UUID()
            let refusal = await #expect(throws: ServiceRefusal.self) { try await setting.service.recordActivity(second, by: setting.staff) }

            #expect(added.caseID == opened.id)
            #expect(try await ActivityModel.query(on: app.db).filter(\.$caseID == opened.id).count() == 2)
            #expect(refusal?.errors["caseId"] == "案件不存在")
        }
    }
}
