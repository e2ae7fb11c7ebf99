@testable import App
import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 12: one person cannot open uploads without end (each may hold a partial file of its
/// declared length until it expires); a completed upload frees its place.
@Suite struct PendingUploadLimitTests {
    @Test("issue 12 item 12: beyond the open-upload limit a new upload is 429; finishing one frees a place", arguments: TestDatabase.all)
    func limit(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.maxPendingUploadsPerUser = 2 }) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(4096)
            let first = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: file)
            _ = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: RecordFixtures.mp4(5000))
            let refused = try await UploadTests.post(app, officer, .init(
                length: 6000, mimeType: "video/mp4", form: "media", activityId: fixture.activity.id.uuidString))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("too-many-pending-uploads"))
            // Another person is not affected.
            let colleague = try await RecordFixtures.signIn(app, role: .officer)
            _ = try await UploadTests.create(app, colleague, activity: fixture.activity.id, bytes: RecordFixtures.mp4(7000))
            // Completing one frees a place.
            #expect(try await UploadTests.patch(app, officer, first, offset: 0, file[...]).status == .noContent)
            _ = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: RecordFixtures.mp4(8000))
        }
    }
}
