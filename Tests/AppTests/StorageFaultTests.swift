@testable import App
import Foundation
import NIOCore
import Persistence
import SQLiteNIO
import Synchronization
import Testing
import TestSupport
import VaporTesting
#if canImport(Glibc)
import Glibc
#endif

/// Storage faults at the HTTP edge (issue 17 item 4; docs/reliability.md "Faults"). With strace
/// making `fsync`, `write`, `pwrite64` or `link` fail with `ENOSPC` or `EIO`, and with a full tmpfs
/// data directory, the server answered a bare `500 internal-error` ("服务器内部错误。"): the client
/// could not tell a full disk from a bug, nor that it should retry. Now a storage fault is a `507
/// insufficient-storage` or a `503 storage-failed` with `Retry-After`, each with a Chinese detail
/// saying the operation was not completed and that what was acknowledged before is not affected.
@Suite struct StorageFaultTests {
    @Test("issue 17: errno, SQLite and PostgreSQL codes are classified as a full or a failed disk; other errors are not storage faults")
    func classification() {
        #expect(StorageFault(BlobStoreError.io("write", ENOSPC)) == .full)
        #expect(StorageFault(BlobStoreError.io("fsync", EDQUOT)) == .full)
        #expect(StorageFault(BlobStoreError.io("fsync", EIO)) == .failed)
        #expect(StorageFault(BlobStoreError.io("open", ENOENT)) == nil)
        #expect(StorageFault(BlobStoreError.malformedDigest("x")) == nil)
        #expect(StorageFault(IOError(errnoCode: ENOSPC, reason: "write")) == .full)
        #expect(StorageFault(IOError(errnoCode: EIO, reason: "pwrite")) == .failed)
        #expect(StorageFault(IOError(errnoCode: EBADF, reason: "write")) == nil)
        #expect(StorageFault(sqliteReason: .full) == .full)
        #expect(StorageFault(sqliteReason: .ioErrorFailedSync) == .failed)
        #expect(StorageFault(sqliteReason: .ioErrorFailedWrite) == .failed)
        #expect(StorageFault(sqliteReason: .ioError) == .failed)
        #expect(StorageFault(sqliteReason: .constraint) == nil)
        #expect(StorageFault(sqliteReason: .busy) == nil)
        #expect(StorageFault(sqlState: "53100") == .full)
        #expect(StorageFault(sqlState: "58030") == .failed)
        #expect(StorageFault(sqlState: "23505") == nil)
        struct Other: Error {}
        #expect(StorageFault(Other()) == nil)
    }

    /// A fail point that throws `error` once, at the moment an upload's blob is linked into place.
    final class ThrowOnce: Sendable {
        let error: BlobStoreError
        let fired = Mutex(false)
        init(_ error: BlobStoreError) { self.error = error }

        var failPoints: FailPoints {
            FailPoints(afterUploadBlob: { [self] in
                let first = fired.withLock { fired in
                    defer { fired = true }
                    return !fired
                }
                if first { throw error }
            })
        }
    }

    @Test("issue 17: a full disk during an upload's completion answers 507 problem+json in Chinese; the offset survives; the repeated final PATCH completes",
          arguments: TestDatabase.all)
    func fullDiskDuringCompletion(database: TestDatabase) async throws {
        try await refusedThenCompleted(database, ThrowOnce(.io("link", ENOSPC)), status: .insufficientStorage,
                                       type: "insufficient-storage", retryAfter: nil)
    }

    @Test("issue 17: a failing disk (EIO) during an upload's completion answers 503 storage-failed with Retry-After; the repeated final PATCH completes",
          arguments: TestDatabase.all)
    func failedDiskDuringCompletion(database: TestDatabase) async throws {
        try await refusedThenCompleted(database, ThrowOnce(.io("link", EIO)), status: .serviceUnavailable,
                                       type: "storage-failed", retryAfter: "30")
    }

    func refusedThenCompleted(
        _ database: TestDatabase, _ fault: ThrowOnce, status: HTTPResponseStatus, type: String, retryAfter: String?
    ) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.failPoints = fault.failPoints }) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(200_003)
            let digest = UploadTests.hex(file)
            let id = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: file, declare: digest)
            let half = file.count / 2
            #expect(UploadTests.offset(try await UploadTests.patch(app, officer, id, offset: 0, file[..<half])) == UInt64(half))

            let refused = try await UploadTests.patch(app, officer, id, offset: half, file[half...])
            #expect(refused.status == status, "\(refused.status) \(refused.body.string)")
            #expect(refused.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let problem = try UploadTests.decode(UploadTests.ProblemBody.self, refused)
            #expect(problem.type == type && problem.status == Int(status.code))
            #expect(problem.detail.contains("此前已确认保存的内容不受影响") && problem.detail.contains("HEAD"))
            #expect(refused.headers.first(name: .retryAfter) == retryAfter)
            // Nothing half there: no record; the acknowledged bytes (and the rest) are kept.
            #expect(try await UploadTests.records(app, upload: id).isEmpty)
            #expect(UploadTests.offset(try await UploadTests.head(app, officer, id)) == UInt64(file.count))

            // The fault has ended: the client's repeated final PATCH completes the record.
            let again = try await UploadTests.patch(app, officer, id, offset: file.count, [])
            #expect(again.status == .noContent, "\(again.body.string)")
            #expect(again.headers.first(name: "LawTrail-Sha256") == digest)
            #expect(try await UploadTests.records(app, upload: id).count == 1)
            let report = try await RecordAudit(database: app.db, blobs: app.lawTrail.blobStore).run()
            #expect(report.findings.isEmpty, "\(report.findings)")
        }
    }
}
