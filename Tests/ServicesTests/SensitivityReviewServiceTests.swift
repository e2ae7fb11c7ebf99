import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import Vapor

/// Issue 13 item 6 at the service, on both databases: a review is one row and one ledger event; a
/// refused review leaves neither; the queue holds marked and personal records until reviewed.
@Suite struct SensitivityReviewServiceTests {
    @Test("a review appends a row and a ledger event; refusals leave nothing; the queue empties as records are reviewed",
          arguments: TestDatabase.all)
    func reviewAndRefusals(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officerAccount = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officerAccount.userID)
            let context = app.lawTrail.serviceContext(on: app.db)
            let officer = StaffMember(id: officerAccount.userID, role: .officer)
            let legalUser = try await AccountService.createUser(
                username: "legal-\(UUID().uuidString.prefix(6))", displayName: "法制科", role: .legalSection,
                password: "correct horse battery", on: app.db, hasher: app.password.sync)
            let legal = StaffMember(id: try legalUser.requireID(), role: .legalSection)
            var values: [String: String] = [:]
            for field in DocumentTemplate.penaltyNotice.fields where field.required {
                values[field.key] = field.kind == .date ? "2026-03-02" : "未按规定培训"
            }
            let (marked, _) = try await RecordService(context).createDocument(
                activityID: fixture.activity.id, templateID: DocumentTemplate.penaltyNotice.id,
                values: values, sensitivity: .commercialSecret, by: officer)
            let service = SensitivityReviewService(context)
            let reader = LedgerReader(database: app.db)
            #expect(try await service.queue().map(\.record.id).contains(marked.id))
            let sizeBefore = try await reader.size()

            await #expect(throws: ServiceRefusal.self) {
                try await service.review(marked.id, marking: .none, reason: nil, by: legal)  // a change needs a reason
            }
            await #expect(throws: ServiceRefusal.self) {
                try await service.review(marked.id, marking: .commercialSecret, reason: nil, by: officer)  // not the legal section
            }
            await #expect(throws: ServiceRefusal.self) {
                try await service.review(UUID(), marking: .none, reason: nil, by: legal)  // no such record
            }
            #expect(try await SensitivityReviewModel.query(on: app.db).count() == 0)
            #expect(try await reader.size() == sizeBefore)

            let review = try await service.review(marked.id, marking: .commercialSecret, reason: nil, by: legal)

            #expect(review.decision == .confirmed)
            #expect(try await SensitivityReviewModel.query(on: app.db).count() == 1)
            #expect(try await reader.size() == sizeBefore + 1)
            #expect(try await service.history(marked.id) == [review])
            #expect(try await service.effectiveSensitivity(marked) == .commercialSecret)
            #expect(try await !service.queue().map(\.record.id).contains(marked.id))
        }
    }
}
