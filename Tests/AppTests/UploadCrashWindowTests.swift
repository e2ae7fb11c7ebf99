@testable import App
import Fluent
import Ledger
import Foundation
import Persistence
import SQLKit
import Synchronization
import Testing
import TestSupport
import VaporTesting

/// The crash window of issue 17 item 4: the server stops after an upload's blob is in `blobs/` and
/// before its record and `record.ingested` event commit. The acknowledged offset must survive
/// (docs/uploads.md "Sending bytes"; SPEC R9.3), no blob may be left that no record names, and the
/// record must come back — at the next start, or from the client's repeated final PATCH. The window
/// is reached in-process through the test-only fail point (`FailPoints.afterUploadBlob`); the same
/// point with `LAWTRAIL_TEST_FAIL_POINT` kills a real server in `scripts/crash-window.sh`.
@Suite struct UploadCrashWindowTests {
    struct SimulatedCrash: Error {}

    /// A fail point that throws once: the restart after it must run undisturbed.
    final class OneShot: Sendable {
        let fired = Mutex(false)

        var failPoints: FailPoints {
            FailPoints(afterUploadBlob: { [self] in
                let first = fired.withLock { fired in
                    defer { fired = true }
                    return !fired
                }
                if first { throw SimulatedCrash() }
            })
        }

        var hasFired: Bool { fired.withLock { $0 } }
    }

    static func blobURL(_ app: Application, _ digest: String) throws -> URL {
        try app.lawTrail.blobStore.url(for: digest)
    }

    /// Creates an upload of `file`, acknowledges its first half, and sends the rest into the fail
    /// point. Returns the officer and the upload id.
    static func uploadIntoTheWindow(
        _ app: Application, _ file: [UInt8], crash: OneShot
    ) async throws -> (RecordFixtures.Staff, String) {
        let officer = try await RecordFixtures.signIn(app, role: .officer)
        let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
        let digest = UploadTests.hex(file)
        let id = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: file, declare: digest)
        let half = file.count / 2
        let first = try await UploadTests.patch(app, officer, id, offset: 0, file[..<half])
        #expect(first.status == .noContent)
        #expect(UploadTests.offset(first) == UInt64(half))

        let last = try await UploadTests.patch(app, officer, id, offset: half, file[half...])
        #expect(crash.hasFired, "the fail point was not reached")
        #expect(last.status == .internalServerError, "\(last.status) \(last.body.string)")

        // In the window: the blob is there, the record is not, and the acknowledged bytes still are.
        #expect(FileManager.default.fileExists(atPath: try blobURL(app, digest).path))
        #expect(try await UploadTests.records(app, upload: id).isEmpty)
        #expect(UploadTests.partialExists(app, id))
        let offset = UploadTests.offset(try await UploadTests.head(app, officer, id))
        #expect(offset == UInt64(file.count), "HEAD after the crash window: \(String(describing: offset))")
        return (officer, id)
    }

    /// `lawtrail verify`'s record part finds nothing: no extra blob, no record without its event.
    static func expectAuditClean(_ app: Application) async throws {
        let report = try await RecordAudit(database: app.db, blobs: app.lawTrail.blobStore).run()
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test("killed between the blob and the record: the next start completes the record; HEAD keeps the offset; verify is clean",
          arguments: TestDatabase.all)
    func restartCompletesTheRecord(database: TestDatabase) async throws {
        let crash = OneShot()
        try await withRestartableTestApp(database, demo: true, adjust: { $0.failPoints = crash.failPoints }) { server in
            let file = RecordFixtures.mp4(2 << 20 + 333)
            let digest = UploadTests.hex(file)
            let officer: RecordFixtures.Staff
            let id: String
            let app = try await server.start()
            do {
                (officer, id) = try await Self.uploadIntoTheWindow(app, file, crash: crash)
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }

            let restarted = try await server.start()
            do {
                let records = try await UploadTests.records(restarted, upload: id)
                #expect(records.count == 1)
                #expect(records.first?.blobSHA256 == digest)
                #expect(!UploadTests.partialExists(restarted, id))
                #expect(UploadTests.offset(try await UploadTests.head(restarted, officer, id)) == UInt64(file.count))
                let status = try await UploadTests.status(restarted, officer, id)
                #expect(status.complete && status.sha256 == digest && status.recordId == records.first?.id?.uuidString.lowercased())
                // The client's repeated final PATCH gets the record, and no second one is made.
                let again = try await UploadTests.patch(restarted, officer, id, offset: file.count, [])
                #expect(again.status == .noContent)
                #expect(again.headers.first(name: "LawTrail-Sha256") == digest)
                #expect(try await UploadTests.records(restarted, upload: id).count == 1)
                let leaves = try await (restarted.db as! any SQLDatabase)
                    .raw("SELECT leaf FROM ledger_entries WHERE event_type = 'record.ingested'").all()
                    .map { try LedgerEvent(canonicalBytes: try $0.decode(column: "leaf", as: Data.self)) }
                #expect(leaves.filter { $0.fields["blobSha256"]?.stringValue == digest }.count == 1)
                try await Self.expectAuditClean(restarted)
                try await restarted.asyncShutdown()
            } catch {
                try? await restarted.asyncShutdown()
                throw error
            }
        }
    }

    @Test("after the crash window the client's final PATCH at the full offset completes the record without a restart",
          arguments: TestDatabase.all)
    func finalPatchCompletesTheRecord(database: TestDatabase) async throws {
        let crash = OneShot()
        try await withTestApp(database, demo: true, adjust: { $0.failPoints = crash.failPoints }) { app in
            let file = RecordFixtures.mp4(300_001)
            let digest = UploadTests.hex(file)
            let (officer, id) = try await Self.uploadIntoTheWindow(app, file, crash: crash)
            let final = try await UploadTests.patch(app, officer, id, offset: file.count, [])
            #expect(final.status == .noContent, "\(final.body.string)")
            #expect(final.headers.first(name: "LawTrail-Sha256") == digest)
            #expect(try await UploadTests.records(app, upload: id).count == 1)
            #expect(!UploadTests.partialExists(app, id))
            try await Self.expectAuditClean(app)
        }
    }

    @Test("an upload whose content is already stored keeps its partial until its record commits, then drops it",
          arguments: TestDatabase.all)
    func duplicateContentKeepsThePartialUntilTheRecord(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(70_000)
            for _ in 0..<2 {
                let id = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: file)
                #expect(try await UploadTests.patch(app, officer, id, offset: 0, file[...]).status == .noContent)
                #expect(!UploadTests.partialExists(app, id))
                #expect(try await UploadTests.records(app, upload: id).count == 1)
            }
            let blob = try Self.blobURL(app, UploadTests.hex(file))
            let mode = try FileManager.default.attributesOfItem(atPath: blob.path)[.posixPermissions] as? Int
            #expect(mode == 0o400)
            let links = try FileManager.default.attributesOfItem(atPath: blob.path)[.referenceCount] as? Int
            #expect(links == 1, "the blob still shares its inode with a partial")
            try await Self.expectAuditClean(app)
        }
    }
}
