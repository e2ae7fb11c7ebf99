@testable import App
import Crypto
import Foundation
import Persistence
import Synchronization
import Testing
import TestSupport
import VaporTesting

/// Two servers on one database and one data directory (issue 17 item 2; docs/operations.md "Two or
/// more servers"): scheduled jobs run once per period across both, a token made on one works on
/// the other, an upload started on one is finished on the other, and one PATCH at a time writes an
/// upload whichever server it reaches. On PostgreSQL when `LAWTRAIL_TEST_POSTGRES_URL` is set (the
/// production cluster); on SQLite too, where only the job claims and the file locks are exercised
/// (one server is the only supported mode there).
@Suite struct ClusterTests {
    @Test("issue 17 item 2: a job period is claimed by exactly one of many concurrent claims from two servers",
          arguments: TestDatabase.all)
    func oneClaimPerPeriod(database: TestDatabase) async throws {
        try await withTwoTestApps(database) { first, second in
            let every: Int64 = 60_000
            let base = Date(timeIntervalSince1970: 29_833_334 * 60)  // the start of a period
            // SQLite has one writer and no busy timeout here: one server is its only supported mode,
            // so there the claims come one after another (from both apps); PostgreSQL takes them at once.
            let concurrent = database == .postgres
            let won = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for period in 0..<12 {
                    for attempt in 0..<6 {
                        let app = attempt.isMultiple(of: 2) ? first : second
                        // Instants spread over the period: all map to the same slot.
                        let now = base.addingTimeInterval(Double(period) * 60 + Double(attempt) * 9)
                        let claim: @Sendable () async throws -> (Int, Bool) = {
                            (period, try await JobRuns(database: app.db).claim(
                                job: "claim-test", everyMilliseconds: every, now: now, server: "app-\(attempt % 2)"))
                        }
                        if concurrent {
                            group.addTask(operation: claim)
                        } else {
                            let result = try await claim()
                            group.addTask { result }
                        }
                    }
                }
                var won: [Int: Int] = [:]
                for try await (period, claimed) in group where claimed { won[period, default: 0] += 1 }
                return won
            }
            #expect(won.count == 12, "every period was run: \(won)")
            #expect(won.values.allSatisfy { $0 == 1 }, "no period ran twice: \(won)")
            let claims = try await JobRuns(database: second.db).claims(job: "claim-test")
            #expect(claims.count == 12)
            #expect(Set(claims.map(\.period)).count == 12)
        }
    }

    @Test("issue 17 item 2: runPeriodically on two servers runs each period once across both",
          arguments: TestDatabase.all)
    func scheduledJobRunsOncePerPeriod(database: TestDatabase) async throws {
        try await withTwoTestApps(database) { first, second in
            let runs = Mutex<[Int]>([0, 0])
            let job = "count-test-\(UUID().uuidString.prefix(8))"
            // On SQLite (one server only) both timers run in one app: a restarted timer or a second
            // scheduler in the same process is kept to the period too.
            let servers = database == .postgres ? [first, second] : [first, first]
            let tasks = servers.enumerated().map { index, app in
                app.runPeriodically(job, after: 0, every: 1) {
                    runs.withLock { $0[index] += 1 }
                }
            }
            try await Task.sleep(for: .milliseconds(4_600))
            for task in tasks { task.cancel() }
            try await Task.sleep(for: .milliseconds(300))
            let counted = runs.withLock { $0 }
            let claims = try await JobRuns(database: first.db).claims(job: job)
            let periods = claims.map(\.period)
            // Both servers ticked about five times each: without the claims that is ~10 runs.
            #expect(counted[0] + counted[1] == claims.count, "a run for every claim and none without: \(counted) vs \(claims.count)")
            #expect(Set(periods).count == periods.count, "no period twice: \(periods)")
            #expect((3...6).contains(claims.count), "about one run per second for 4.6 s: \(claims.count) (\(counted))")
        }
    }

    @Test("issue 17 item 2: a token made on one server works on the other; an upload created and half sent on one is finished on the other",
          arguments: TestDatabase.all)
    func uploadResumedOnTheOtherServer(database: TestDatabase) async throws {
        try await withTwoTestApps(database, demo: true) { first, second in
            let officer = try await RecordFixtures.signIn(first, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(second, by: officer.userID)
            let file = RecordFixtures.mp4(3 << 20 + 777)
            let digest = UploadTests.hex(file)
            let id = try await UploadTests.create(second, officer, activity: fixture.activity.id, bytes: file, declare: digest)
            let half = file.count / 2
            let part = try await UploadTests.patch(first, officer, id, offset: 0, file[..<half])
            #expect(part.status == .noContent, "\(part.body.string)")
            let head = try await UploadTests.head(second, officer, id)
            #expect(UploadTests.offset(head) == UInt64(half))

            // While the upload is taken (a PATCH in progress on another server), a PATCH here waits its turn.
            let uploadID = UUID(uuidString: id)!
            let held = try #require(try first.lawTrail.blobStore.lockUpload(uploadID))
            let refused = try await UploadTests.patch(second, officer, id, offset: half, file[half...])
            #expect(refused.status == .locked, "\(refused.body.string)")
            #expect(try first.lawTrail.blobStore.lockUpload(uploadID) == nil, "a second lock in the same process is refused too")
            held.release()

            let last = try await UploadTests.patch(second, officer, id, offset: half, file[half...])
            #expect(last.status == .noContent, "\(last.body.string)")
            #expect(last.headers.first(name: "Lawtrail-Sha256") == digest)
            let status = try await UploadTests.status(first, officer, id)
            #expect(status.complete && status.sha256 == digest)
            #expect(try await UploadTests.records(first, upload: id).count == 1)
            #expect(!UploadTests.partialExists(first, id))
            // A repeated final PATCH on the first server gets the same answer.
            let again = try await UploadTests.patch(first, officer, id, offset: file.count, [])
            #expect(again.status == .noContent)
            #expect(try await UploadTests.records(second, upload: id).count == 1)
        }
    }

    @Test("issue 17 item 2: the sweep of tmp/uploads skips a file another server is writing, and removes it once closed")
    func sweepSkipsFilesBeingWritten() async throws {
        try await withTwoTestApps(.sqlite) { first, second in
            let stray = UUID()
            let file = try first.lawTrail.blobStore.openPartial(upload: stray)
            try [UInt8](repeating: 7, count: 100).withUnsafeBytes { try file.write($0) }
            #expect(try second.lawTrail.blobStore.cleanTemporary(keeping: []) == 0)
            #expect(FileManager.default.fileExists(atPath: first.lawTrail.blobStore.partialURL(upload: stray).path))
            file.close()
            #expect(try second.lawTrail.blobStore.cleanTemporary(keeping: []) == 1)
            #expect(!FileManager.default.fileExists(atPath: first.lawTrail.blobStore.partialURL(upload: stray).path))
        }
    }

    @Test("issue 17 item 2: the sweep removes only files listed before it read which uploads are resumable")
    func sweepLeavesFilesNewerThanItsListing() async throws {
        try await withTwoTestApps(.sqlite) { first, second in
            let store = second.lawTrail.blobStore
            let old = UUID()
            let oldFile = try first.lawTrail.blobStore.openPartial(upload: old)
            oldFile.close()
            let snapshot = store.temporarySnapshot()
            // An upload announced and first PATCHed after the listing (its id is not in the set the
            // sweep read a moment later): its partial must survive this sweep.
            let new = UUID()
            let newFile = try first.lawTrail.blobStore.openPartial(upload: new)
            newFile.close()
            #expect(try store.cleanTemporary(keeping: [], among: snapshot) == 1)
            #expect(!FileManager.default.fileExists(atPath: store.partialURL(upload: old).path))
            #expect(FileManager.default.fileExists(atPath: store.partialURL(upload: new).path))
        }
    }
}
