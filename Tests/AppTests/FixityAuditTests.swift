import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Services
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 14 item 4 (SPEC R9.3, R14, X3): fixity audits re-hash every blob in bounded, resumable
/// batches and put `fixity.checked` events on the ledger; "a flipped blob byte shows as a failed
/// `fixity.checked` event after one audit cycle", and the failure shows on the dashboard, in
/// `/metrics` and in the P10/R14 report. On both databases.
@Suite struct FixityAuditTests {
    /// Fast reading (the pacing rule is tested in `FixityPacingTests`), small batches, no pause.
    static func settings(perBatch: Int = 2, pause: TimeInterval = 0) -> FixityAuditService.Settings {
        .init(bytesPerSecond: 1 << 34, maxBlobsPerBatch: perBatch, maxBytesPerBatch: 1 << 30, pauseBetweenCycles: pause)
    }

    static func service(_ app: Application, _ settings: FixityAuditService.Settings = settings()) -> FixityAuditService {
        FixityAuditService(app.lawTrail.serviceContext(on: app.db), blobs: app.lawTrail.blobStore, settings: settings)
    }

    /// `count` photo records, each with its own blob, in one new case.
    static func photos(_ app: Application, count: Int, size: Int? = nil) async throws -> [Record] {
        let client = APIClient(app: app)
        let made = try await client.caseAndActivity(token: try await client.token(.officer))
        let activityCase = try #require(try await CaseModel.find(made.caseID, on: app.db))
        let user = try #require(try await UserModel.query(on: app.db).first())
        var records: [Record] = []
        for _ in 0..<count {
            let bytes = Data(RecordFixtures.randomBytes(size ?? 3000 + Int.random(in: 0..<3000)))
            let stored = try app.lawTrail.blobStore.store(bytes)
            let record = Record(
                activityID: made.activityID, caseID: made.caseID, counterpartyID: activityCase.counterpartyID, kind: .photo,
                blobSHA256: stored.digest, byteCount: Int64(bytes.count), mimeType: "image/jpeg", createdBy: user.id!)
            try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
            records.append(record)
        }
        return records
    }

    /// A correction request from the portal with a PDF attachment (stored as `CorrectionPages` does).
    static func correctionWithAttachment(_ app: Application) async throws -> (id: UUID, digest: String) {
        let publication = try #require(try await PublicationQueries(database: app.db)
            .staffList(state: "published", kind: nil, offset: 0, limit: 1).items.first)
        let blob = try app.lawTrail.blobStore.store(Data(RecordFixtures.pdf(2048)))
        let request = try CorrectionRequest.make(
            publicationID: publication.id, publicationReference: publication.title, requesterName: "张先生", contact: "13800000000",
            description: "公示的罚款金额与决定书不一致。",
            attachment: .init(sha256: blob.digest, size: Int64(blob.size), mediaType: "application/pdf"),
            receivedAt: app.lawTrail.clock.nowMilliseconds).get()
        let obligation = app.lawTrail.obligationRules.obligations(for: .correctionRequestReceived(
            on: app.lawTrail.today, request: ObligationTarget(
                subject: .correctionRequest(request.id), title: request.receipt,
                responsibility: Responsibility(unitID: UUID(), unitName: "法制宣传科", personID: UUID(), personName: "周敏"))))[0]
        try await CorrectionRequestStore(ledger: app.lawTrail.ledger.writer).receive(request, obligation: obligation, clientKey: "test")
        return (request.id, blob.digest)
    }

    /// The `fixity.checked` events on the ledger, in order.
    static func events(_ app: Application) async throws -> [LedgerEvent] {
        try await LedgerReader(database: app.db).entries(from: 0, limit: 100_000)
            .filter { $0.eventType == "fixity.checked" }
            .map { try LedgerEvent(canonicalBytes: $0.leaf) }
    }

    static func everyDigest(_ app: Application) async throws -> [String] {
        try await FixityQueries(database: app.db).digestsToAudit(after: nil, limit: 1_000_000)
    }

    @Test("a clean cycle re-hashes every blob once, in batches, each a fixity.checked event with its counts", arguments: TestDatabase.all)
    func cleanCycle(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let records = try await Self.photos(app, count: 5)
            let attachment = try await Self.correctionWithAttachment(app)
            let all = try await Self.everyDigest(app)
            #expect(Set(records.compactMap(\.blobSHA256)).union([attachment.digest]).isSubset(of: Set(all)))
            #expect(all == all.sorted() && Set(all).count == all.count)

            let batches = try await Self.service(app).runCycle()

            #expect(batches.count == (all.count + 1) / 2)  // 2 per batch; the look-ahead of one needs no empty last batch
            #expect(batches.map(\.batch) == Array(1...batches.count))
            #expect(Set(batches.map(\.cycleID)).count == 1)
            #expect(batches.last?.completesCycle == true && batches.dropLast().allSatisfy { !$0.completesCycle })
            #expect(batches.map(\.blobsChecked).reduce(0, +) == all.count)
            #expect(batches.allSatisfy { $0.failures.isEmpty })
            let sizes = try all.map { try FileManager.default.attributesOfItem(atPath: try app.lawTrail.blobStore.url(for: $0).path)[.size] as! Int }
            #expect(batches.map(\.bytesChecked).reduce(0, +) == Int64(sizes.reduce(0, +)))

            let events = try await Self.events(app)
            #expect(events.count == batches.count)
            for (event, batch) in zip(events, batches) {
                #expect(event.fields["cycleId"]?.stringValue == batch.cycleID.uuidString.lowercased())
                #expect(event.fields["batch"]?.integerValue == Int64(batch.batch))
                #expect(event.fields["blobsChecked"]?.integerValue == Int64(batch.blobsChecked))
                #expect(event.fields["bytesChecked"]?.integerValue == batch.bytesChecked)
                #expect(event.fields["failed"]?.integerValue == 0)
                #expect(event.fields["failures"]?.arrayValue?.isEmpty == true)
                #expect(event.fields["cursor"]?.stringValue == batch.cursor)
            }
            #expect(events.last?.fields["cycleComplete"] == .bool(true))
            #expect(try await FixityQueries(database: app.db).currentFailures().isEmpty)
        }
    }

    @Test("a flipped byte and a missing file are failed fixity.checked events after one cycle, on the dashboard, in /metrics and the report",
          arguments: TestDatabase.all)
    func flippedByteAndMissingBlob(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let records = try await Self.photos(app, count: 4)
            let attachment = try await Self.correctionWithAttachment(app)
            let blobs = app.lawTrail.blobStore
            // Flip one byte of the first record's blob (blob files are 0400: make it writable first).
            let flipped = try #require(records[0].blobSHA256)
            let url = try blobs.url(for: flipped)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            var bytes = try Data(contentsOf: url)
            bytes[1234] ^= 0x01
            try bytes.write(to: url)
            let actual = try #require(try blobs.rehash(flipped))
            // And the correction request's attachment is gone.
            try FileManager.default.removeItem(at: try blobs.url(for: attachment.digest))

            let batches = try await Self.service(app, Self.settings(perBatch: 3)).runCycle()

            #expect(batches.last?.completesCycle == true)
            let failures = batches.flatMap(\.failures)
            #expect(failures.count == 2)
            let changed = try #require(failures.first { $0.blobSHA256 == flipped })
            #expect(changed.problem == .changed && changed.actualSHA256 == actual && changed.recordIDs == [records[0].id])
            let missing = try #require(failures.first { $0.blobSHA256 == attachment.digest })
            #expect(missing.problem == .missing && missing.recordIDs.isEmpty && missing.correctionRequestIDs == [attachment.id])

            // The ledger says so, with the record and correction request concerned.
            let events = try await Self.events(app)
            let failed = events.flatMap { $0.fields["failures"]?.arrayValue ?? [] }.compactMap(\.objectValue)
            #expect(events.map { $0.fields["failed"]?.integerValue ?? 0 }.reduce(0, +) == 2)
            let changedEvent = try #require(failed.first { $0["blobSha256"]?.stringValue == flipped })
            #expect(changedEvent["problem"]?.stringValue == "changed")
            #expect(changedEvent["actualSha256"]?.stringValue == actual)
            #expect(changedEvent["recordIds"] == .array([.string(records[0].id.uuidString.lowercased())]))
            let missingEvent = try #require(failed.first { $0["blobSha256"]?.stringValue == attachment.digest })
            #expect(missingEvent["problem"]?.stringValue == "missing")
            #expect(missingEvent["correctionRequestIds"] == .array([.string(attachment.id.uuidString.lowercased())]))

            // The dashboard, for those who oversee compliance or keep the archives; not for an officer.
            for role in [Role.supervisor, .office, .legalSection] {
                let browser = StaffWebTests.Browser(app)
                _ = try await browser.signIn(try await StaffWebTests.user(role, app: app), StaffWebTests.password)
                let page = try await browser.send(.GET, "/staff").body.string
                #expect(page.contains("存储完整性检查") && page.contains(flipped) && page.contains(attachment.digest), "\(role)")
                #expect(page.contains("内容被改动（哈希值不符）") && page.contains("文件缺失"))
                #expect(page.contains(records[0].id.uuidString.lowercased()))
            }
            let officer = StaffWebTests.Browser(app)
            _ = try await officer.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            #expect(!(try await officer.send(.GET, "/staff").body.string.contains("存储完整性检查")))
            #expect(try await officer.send(.GET, "/staff/fixity").status == .forbidden)

            // The audit page lists the batches with their failures.
            let office = StaffWebTests.Browser(app)
            _ = try await office.signIn(try await StaffWebTests.user(.office, app: app), StaffWebTests.password)
            let audits = try await office.send(.GET, "/staff/fixity")
            #expect(audits.status == .ok)
            #expect(audits.body.string.contains("当前有 2 个文件未通过检查") && audits.body.string.contains(flipped))
            #expect(audits.body.string.contains(String(batches[0].cycleID.uuidString.lowercased().prefix(8))))

            // /metrics.
            let metrics = try ServerMetricsTests.parse(try await app.testing().sendRequest(.GET, "/metrics").body.string)
            #expect(ServerMetricsTests.value(metrics, "lawtrail_fixity_failures") == 2)
            let all = try await Self.everyDigest(app)
            #expect(ServerMetricsTests.value(metrics, "lawtrail_fixity_blobs_checked_total") == Double(all.count))
            #expect(ServerMetricsTests.value(metrics, "lawtrail_fixity_last_cycle_completed_timestamp_seconds")
                    == Double(Int(clock.now.timeIntervalSince1970)))

            // The P10/R14 report: JSON, CSV and the leaders' monthly page.
            let client = APIClient(app: app)
            let supervisor = try await client.token(.supervisor)
            let json = try await client.send(.GET, "/api/v1/accountability?from=2026-12-01&to=2026-12-31", token: supervisor)
            #expect(json.status == .ok)
            let report = try JSONDecoder().decode(ReportFixity.self, from: Data(json.body.readableBytesView))
            #expect(Set(report.fixityFailures.map(\.blobSHA256)) == [flipped, attachment.digest])
            let csv = try await client.send(.GET, "/api/v1/accountability?from=2026-12-01&to=2026-12-31&format=fixity-csv", token: supervisor)
            #expect(csv.status == .ok && csv.body.string.contains(flipped) && csv.body.string.contains("文件缺失"))
            let earlier = try await client.send(.GET, "/api/v1/accountability?from=2026-11-01&to=2026-11-30&format=fixity-csv", token: supervisor)
            #expect(!earlier.body.string.contains(flipped))
            let browser = StaffWebTests.Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.supervisor, app: app), StaffWebTests.password)
            let monthly = try await browser.send(.GET, "/staff/accountability/monthly?month=2026-12").body.string
            #expect(monthly.contains("存储完整性检查发现的问题") && monthly.contains(flipped))

            // Put right (the file restored from a copy): the next cycle finds nothing, and once it
            // has passed the blob, the failure no longer shows as current.
            bytes[1234] ^= 0x01
            try bytes.write(to: url)
            clock.now = clock.now.addingTimeInterval(3600)
            let again = try await Self.service(app, Self.settings(perBatch: 100)).runCycle()
            #expect(again.flatMap(\.failures).map(\.blobSHA256) == [attachment.digest])
            #expect(try await FixityQueries(database: app.db).currentFailures().map(\.blobSHA256) == [attachment.digest])
        }
    }

    struct ReportFixity: Decodable {
        struct Failure: Decodable { let blobSHA256: String }
        let fixityFailures: [Failure]
    }

    @Test("resumable: a new instance (a restarted server) continues from the stored cursor; each blob is checked once per cycle",
          arguments: TestDatabase.all)
    func resumesAfterRestart(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            _ = try await Self.photos(app, count: 7)
            let all = try await Self.everyDigest(app)
            #expect(all.count >= 7)

            var first: [FixityBatch] = []
            for _ in 0..<2 {
                guard case .checked(let batch) = try await Self.service(app).runBatch() else { Issue.record("no batch"); return }
                first.append(batch)
            }
            // "Restart": a new service, nothing carried over but the database.
            let rest = try await Self.service(app).runCycle()

            let batches = first + rest
            #expect(Set(batches.map(\.cycleID)).count == 1)
            #expect(batches.map(\.batch) == Array(1...batches.count))
            #expect(batches.last?.completesCycle == true)
            // Contiguous: each batch starts where the previous one ended, and all together check
            // every digest exactly once.
            for (previous, next) in zip(batches, batches.dropFirst()) where previous.cursor != nil {
                #expect(next.after == previous.cursor)
            }
            var covered: [String] = []
            for batch in batches {
                covered += all.filter { digest in (batch.after.map { digest > $0 } ?? true) && (batch.cursor.map { digest <= $0 } ?? false) }
            }
            #expect(covered == all)
            #expect(batches.map(\.blobsChecked).reduce(0, +) == all.count)
        }
    }

    @Test("two servers: a step is stored once; the next cycle waits for the pause, then starts afresh", arguments: TestDatabase.all)
    func concurrentStepsAndPause(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            _ = try await Self.photos(app, count: 3)
            let store = FixityStore(ledger: app.lawTrail.ledger.writer)
            let batch = FixityBatch(
                cycleID: UUID(), batch: 1, after: nil, cursor: nil, blobsChecked: 0, bytesChecked: 0, failures: [],
                completesCycle: false, startedAt: clock.now, finishedAt: clock.now)
            // Two processes that both read "nothing stored yet" and checked the same first batch.
            async let one = store.record(batch, basedOn: nil)
            async let two = store.record(batch, basedOn: nil)
            let stored = try await [one, two]
            #expect(stored.filter { $0 }.count == 1)
            // A batch based on a step that is no longer the newest is dropped, not forked.
            let other = FixityBatch(
                cycleID: UUID(), batch: 1, after: nil, cursor: nil, blobsChecked: 0, bytesChecked: 0, failures: [],
                completesCycle: false, startedAt: clock.now, finishedAt: clock.now)
            #expect(try await store.record(other, basedOn: nil) == false)
            #expect(try await Self.events(app).count == 1)

            let service = Self.service(app, Self.settings(perBatch: 100, pause: 3600))
            let cycle = try await service.runCycle()
            #expect(cycle.first?.cycleID == batch.cycleID && cycle.first?.batch == 2)
            #expect(cycle.last?.completesCycle == true)
            #expect(try await service.runBatch() == .resting(until: clock.now.addingTimeInterval(3600)))
            clock.now = clock.now.addingTimeInterval(3601)
            guard case .checked(let next) = try await service.runBatch() else { Issue.record("no new cycle"); return }
            #expect(next.cycleID != batch.cycleID && next.batch == 1 && next.after == nil)

            // Insert-only (SPEC X3): progress is never rewritten.
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE fixity_audits SET failed = 0").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM fixity_audits").run() }
        }
    }

    @Test("the rate is kept and a batch ends at its byte bound: 4 blobs of 2 MiB at 4 MiB/s, batches of 3 MiB")
    func pacedAndBounded() async throws {
        try await withTestApp(demo: true) { app in
            _ = try await Self.photos(app, count: 4, size: 2 << 20)
            let settings = FixityAuditService.Settings(
                bytesPerSecond: 4 << 20, maxBlobsPerBatch: 100, maxBytesPerBatch: 3 << 20, pauseBetweenCycles: 0)
            let started = ContinuousClock.now

            let batches = try await Self.service(app, settings).runCycle()

            let elapsed = started.duration(to: .now)
            // The blob that crosses 3 MiB ends the batch: 2 + 2.
            #expect(batches.map(\.blobsChecked) == [2, 2])
            #expect(batches.map(\.bytesChecked) == [4 << 20, 4 << 20])
            #expect(batches.map(\.completesCycle) == [false, true])
            // 4 MiB per batch at 4 MiB/s: at least a second each (and nowhere near a wrong unit).
            #expect(elapsed >= .milliseconds(1900) && elapsed < .seconds(30), "\(elapsed)")
        }
    }

    @Test("a blob that cannot be read is an unreadable failure, and the audit goes on past it")
    func unreadableBlob() async throws {
        try await withTestApp(demo: true) { app in
            let records = try await Self.photos(app, count: 3)
            let digest = try #require(records[1].blobSHA256)
            // Something where the file should be that cannot be read as one: a directory (EISDIR).
            let url = try app.lawTrail.blobStore.url(for: digest)
            try FileManager.default.removeItem(at: url)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)

            let batches = try await Self.service(app, Self.settings(perBatch: 100)).runCycle()

            #expect(batches.last?.completesCycle == true)
            #expect(batches.map(\.blobsChecked).reduce(0, +) == (try await Self.everyDigest(app)).count)
            let failures = batches.flatMap(\.failures)
            #expect(failures.map(\.blobSHA256) == [digest] && failures.first?.problem == .unreadable)
            #expect(failures.first?.recordIDs == [records[1].id])
        }
    }

    @Test("settings: the rate and the pause come from the environment; 0 turns the audit off; nonsense is refused")
    func settingsFromEnvironment() throws {
        let defaults = try AppConfig.resolve(environment: [:])
        #expect(defaults.fixityBytesPerSecond == 32 << 20 && defaults.fixityCyclePause == 86400)
        let set = try AppConfig.resolve(environment: ["LAWTRAIL_FIXITY_BYTES_PER_SECOND": "0", "LAWTRAIL_FIXITY_CYCLE_PAUSE_SECONDS": "600"])
        #expect(set.fixityBytesPerSecond == 0 && set.fixityCyclePause == 600)
        for (name, bad) in [("LAWTRAIL_FIXITY_BYTES_PER_SECOND", "-1"), ("LAWTRAIL_FIXITY_BYTES_PER_SECOND", "32MiB"),
                            ("LAWTRAIL_FIXITY_CYCLE_PAUSE_SECONDS", "-5"), ("LAWTRAIL_FIXITY_CYCLE_PAUSE_SECONDS", "99999999")] {
            #expect(throws: ConfigError.self, "\(name)=\(bad)") { try AppConfig.resolve(environment: [name: bad]) }
        }
    }
}
