@testable import App
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// The sweep of `tmp/uploads/` while the server runs (issue 12 item 12; issue 17 item 4). The
/// 1-hour soak found it deleting a live upload's partial: it asked the database for the resumable
/// uploads first and listed the directory afterwards, so an upload created and PATCHed during the
/// (slow) query was not among the kept ones and lost its acknowledged offset (the next PATCH got
/// `409 offset-mismatch … 已保存 0 字节`). The sweep now lists first and removes only the partials
/// of uploads known to be expired or completed.
@Suite struct UploadSweepTests {
    @Test("issue 17: the running sweep keeps a live upload's partial and files of no known upload; removes expired and completed uploads' partials",
          arguments: TestDatabase.all)
    func sweepRemovesOnlyFinishedUploads(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let first = try await RecordFixtures.signIn(app, role: .officer)
            let firstActivity = try await RecordFixtures.makeActivity(app, by: first.userID)
            let store = app.lawTrail.blobStore

            // An upload that will expire, with an acknowledged half.
            let old = RecordFixtures.mp4(100_001)
            let expiring = try await UploadTests.create(app, first, activity: firstActivity.activity.id, bytes: old)
            #expect(UploadTests.offset(try await UploadTests.patch(app, first, expiring, offset: 0, old[..<50_000])) == 50_000)
            clock.now = clock.now.addingTimeInterval(PendingUpload.lifetime + 60)
            // Tokens expire on the same clock: a second officer, signed in after the jump.
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)

            // A live upload with an acknowledged half; a completed one whose partial was left (as a
            // kill between the record and the partial's removal would leave it); a file of no upload
            // (`FileBlobStore.store` between writing and linking).
            let file = RecordFixtures.mp4(100_003)
            let live = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: file)
            #expect(UploadTests.offset(try await UploadTests.patch(app, officer, live, offset: 0, file[..<40_000])) == 40_000)
            let done = RecordFixtures.mp4(60_007)
            let completed = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: done)
            #expect(try await UploadTests.patch(app, officer, completed, offset: 0, done[...]).status == .noContent)
            let completedPartial = store.partialURL(upload: UUID(uuidString: completed)!)
            try Data(done).write(to: completedPartial)
            let storing = store.partialURL(upload: UUID())
            try Data("a document being stored".utf8).write(to: storing)

            let removed = try await UploadCleanup.removeFinishedPartials(store: store, database: app.db, now: clock.now)
            #expect(removed == 2)
            #expect(!UploadTests.partialExists(app, expiring))
            #expect(!FileManager.default.fileExists(atPath: completedPartial.path))
            #expect(UploadTests.partialExists(app, live))
            #expect(FileManager.default.fileExists(atPath: storing.path))
            // The live upload goes on from its acknowledged offset.
            #expect(UploadTests.offset(try await UploadTests.head(app, officer, live)) == 40_000)
            let rest = try await UploadTests.patch(app, officer, live, offset: 40_000, file[40_000...])
            #expect(rest.status == .noContent, "\(rest.body.string)")
            #expect(try await UploadTests.records(app, upload: live).count == 1)
        }
    }
}
