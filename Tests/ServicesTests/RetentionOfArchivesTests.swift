import App
import Domain
import Foundation
import Services
import Testing
import TestSupport

/// Issue 14 items 1 and 5 (SPEC R10): once a case is archived, its records are kept for the
/// archive's period, counted from 1 January after the case was closed, and show on the calendar.
@Suite struct RetentionOfArchivesTests {
    @Test("issue 14: an archived case's records take the archive's period", arguments: TestDatabase.all)
    func archivedRecordsTakeThePeriod(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let s = try await ArchiveServiceTests.prepare(app)
            let retention = RetentionService(s.context)
            let before = try await retention.standing(s.photo.id)
            #expect(before.policy == .mustArchive)
            #expect(before.blocks.contains(.noDisposalDate))

            let caseID = s.fixture.enforcementCase.id
            let closedOn = s.context.clock.today
            _ = try await s.service.close(caseID, closedOn: closedOn.description, summary: "结案", by: s.officer)
            _ = try await s.service.archive(caseID, period: .tenYears, securityClass: .internal, by: s.office)

            let expected = try #require(CivilDate(year: closedOn.year + 11, month: 1, day: 1))
            let after = try await retention.standing(s.photo.id)
            #expect(after.policy == .archived(.tenYears, earliestDisposal: expected))
            #expect(after.blocks == [.notYet(expected)])
            // An electronic document lives in its row and the package: never disposed of as a file.
            #expect(try await retention.standing(s.document.id).blocks.contains(.noStoredFile))
            let calendar = try await retention.calendar()
            #expect(calendar.contains { $0.subject.record.id == s.photo.id && $0.policy.earliestDisposal == expected })
        }
    }
}
