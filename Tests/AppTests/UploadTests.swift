@testable import App
import Crypto
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Testing
import TestSupport
import VaporTesting
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resumable, streamed media intake (issue 4 item 3 and its "Done when"; SPEC R1, R7, R9.3;
/// docs/uploads.md), through HTTP on SQLite and PostgreSQL.
@Suite struct UploadTests {
    // MARK: Helpers

    struct NewUploadBody: Encodable {
        var length: Int64?
        var sha256: String?
        var mimeType: String? = "video/mp4"
        var form: String? = "media"
        var activityId: String?
        var deviceId: String?
        var officerId: String?
        var captureStart: String?
        var captureEnd: String?
        var sensitivity: String?
    }

    struct Created: Decodable { let id: String; let offset: UInt64; let length: UInt64 }
    struct Status: Decodable {
        let id: String; let offset: UInt64; let length: UInt64; let complete: Bool
        let recordId: String?; let sha256: String?
    }
    struct ProblemBody: Decodable { let type: String; let status: Int; let detail: String; let errors: [String: String]? }
    struct Entry: Decodable { let leaf: String; let type: String }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        FileBlobStore.hex(SHA256.hash(data: Array(bytes)))
    }

    static func post(_ app: Application, _ staff: RecordFixtures.Staff?, _ body: NewUploadBody) async throws -> TestingHTTPResponse {
        var headers = staff?.authorization ?? HTTPHeaders()
        headers.contentType = .json
        var buffer = ByteBuffer()
        try buffer.writeJSONEncodable(body)
        return try await app.testing().sendRequest(.POST, "/api/v1/uploads", headers: headers, body: buffer)
    }

    /// Announces an upload of `bytes` for `activity` and returns its id.
    static func create(
        _ app: Application, _ staff: RecordFixtures.Staff, activity: UUID, bytes: [UInt8],
        declare sha256: String? = nil, mimeType: String = "video/mp4", form: String = "media"
    ) async throws -> String {
        let response = try await post(app, staff, NewUploadBody(
            length: Int64(bytes.count), sha256: sha256, mimeType: mimeType, form: form, activityId: activity.uuidString))
        #expect(response.status == .created, "\(response.body.string)")
        return try decode(Created.self, response).id
    }

    static func patch(
        _ app: Application, _ staff: RecordFixtures.Staff, _ id: String, offset: Int, _ bytes: ArraySlice<UInt8>,
        contentType: String = "application/offset+octet-stream"
    ) async throws -> TestingHTTPResponse {
        var headers = staff.authorization
        headers.replaceOrAdd(name: "Upload-Offset", value: String(offset))
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return try await app.testing().sendRequest(.PATCH, "/api/v1/uploads/\(id)", headers: headers, body: ByteBuffer(bytes: bytes))
    }

    static func head(_ app: Application, _ staff: RecordFixtures.Staff, _ id: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.HEAD, "/api/v1/uploads/\(id)", headers: staff.authorization)
    }

    static func status(_ app: Application, _ staff: RecordFixtures.Staff, _ id: String) async throws -> Status {
        try decode(Status.self, try await app.testing().sendRequest(.GET, "/api/v1/uploads/\(id)", headers: staff.authorization))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    static func offset(_ response: TestingHTTPResponse) -> UInt64? {
        response.headers.first(name: "Upload-Offset").flatMap { UInt64($0) }
    }

    static func records(_ app: Application, upload id: String) async throws -> [RecordModel] {
        try await RecordModel.query(on: app.db).filter(\.$uploadID == UUID(uuidString: id)!).all()
    }

    /// Every file under `blobs/`.
    static func blobFiles(_ app: Application) -> [URL] {
        let enumerator = FileManager.default.enumerator(
            at: app.lawTrail.dataDirectory.blobs, includingPropertiesForKeys: [.isRegularFileKey])
        return (enumerator?.allObjects as? [URL] ?? []).filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }

    static func partialExists(_ app: Application, _ id: String) -> Bool {
        FileManager.default.fileExists(atPath: app.lawTrail.blobStore.partialURL(upload: UUID(uuidString: id)!).path)
    }

    // MARK: Streaming and resuming

    @Test("a streamed upload in PATCHes of different sizes becomes a read-only blob, a record and a ledger event",
          arguments: TestDatabase.all)
    func streamedUploadIsStoredAndRecorded(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(5 << 20 + 12_345)
            let digest = Self.hex(file)
            let response = try await Self.post(app, officer, NewUploadBody(
                length: Int64(file.count), sha256: digest, activityId: fixture.activity.id.uuidString,
                officerId: fixture.officerIDs[0].uuidString,
                captureStart: "2026-03-02T10:31:00.250+08:00", captureEnd: "2026-03-02T10:58:30.873+08:00"))
            #expect(response.status == .created)
            #expect(response.headers.first(name: "Upload-Offset") == "0")
            let id = try Self.decode(Created.self, response).id
            #expect(response.headers.first(name: .location) == "/api/v1/uploads/\(id)")

            let cuts = [0, 1 << 20 + 7, 4 << 20 + 99, file.count]
            var last: TestingHTTPResponse?
            for (from, to) in zip(cuts, cuts.dropFirst()) {
                let answer = try await Self.patch(app, officer, id, offset: from, file[from..<to])
                #expect(answer.status == .noContent, "\(answer.body.string)")
                #expect(Self.offset(answer) == UInt64(to))
                last = answer
            }
            let final = try #require(last)
            #expect(final.headers.first(name: "LawTrail-Sha256") == digest)
            let recordID = try #require(final.headers.first(name: "LawTrail-Record-Id").flatMap(UUID.init(uuidString:)))

            // The blob: content-addressed, read-only, the file's bytes exactly.
            let blob = try app.lawTrail.blobStore.url(for: digest)
            #expect(blob.path.hasSuffix("/blobs/sha256/\(digest.prefix(2))/\(digest.dropFirst(2))"))
            let attributes = try FileManager.default.attributesOfItem(atPath: blob.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o400)
            #expect(Self.hex(try Data(contentsOf: blob)) == digest)
            #expect(!Self.partialExists(app, id))

            // The record: kind from the magic bytes, metadata as announced.
            let record = try #require(try await RecordStore(ledger: app.lawTrail.ledger.writer).find(recordID, on: app.db))
            #expect(record.blobSHA256 == digest)
            #expect(record.kind == .video)
            #expect(record.mimeType == "video/mp4")
            #expect(record.byteCount == Int64(file.count))
            #expect(record.activityID == fixture.activity.id)
            #expect(record.caseID == fixture.enforcementCase.id)
            #expect(record.counterpartyID == fixture.enforcementCase.counterpartyID)
            #expect(record.officerID == fixture.officerIDs[0])
            #expect(record.createdBy == officer.userID)
            // Kept to the second (NewUpload.instant): 10:31:00.250 → 10:31:00, 10:58:30.873 → 10:58:31.
            #expect(record.durationSeconds == 1651)
            #expect(try await Self.records(app, upload: id).count == 1)

            // The ledger: a public record.ingested leaf carrying the content hash (SPEC R9.3, X3).
            let index = try #require(final.headers.first(name: "LawTrail-Ledger-Index"))
            let entry = try Self.decode(Entry.self, try await app.testing().sendRequest(.GET, "/ledger/entries/\(index)"))
            let event = try LedgerEvent(canonicalBytes: try #require(Data(base64Encoded: entry.leaf)))
            #expect(event.type == "record.ingested")
            #expect(event.fields["blobSha256"]?.stringValue == digest)
            #expect(event.fields["recordId"]?.stringValue == recordID.uuidString.lowercased())

            // `lawtrail verify` finds the record, its ledger event and its blob in agreement (SPEC R9.3).
            let audit = try await RecordAudit(database: app.db, blobs: app.lawTrail.blobStore).run()
            #expect(audit.findings.isEmpty, "\(audit.findings)")
            #expect(audit.records >= 1 && audit.blobs >= 1)

            // Status and HEAD after completion.
            let status = try await Self.status(app, officer, id)
            #expect(status.complete && status.offset == UInt64(file.count) && status.sha256 == digest)
            #expect(status.recordId == recordID.uuidString.lowercased())
            let head = try await Self.head(app, officer, id)
            #expect(Self.offset(head) == UInt64(file.count))
            #expect(head.headers.first(name: "Upload-Length") == String(file.count))
            #expect(head.headers.first(name: .cacheControl) == "no-store")

            // A repeated final PATCH (its answer lost) gets the same record again; no second one.
            let again = try await Self.patch(app, officer, id, offset: file.count, [])
            #expect(again.status == .noContent)
            #expect(again.headers.first(name: "LawTrail-Record-Id") == recordID.uuidString.lowercased())
            #expect(try await Self.records(app, upload: id).count == 1)
        }
    }

    @Test("a cut-off upload resumes from the offset HEAD reports", arguments: TestDatabase.all)
    func cutOffUploadResumes(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(3 << 20)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file, declare: Self.hex(file))

            let sent = 1_234_567
            let first = try await Self.patch(app, officer, id, offset: 0, file[..<sent])
            #expect(first.status == .noContent)
            #expect(first.headers.first(name: "LawTrail-Record-Id") == nil)

            let head = try await Self.head(app, officer, id)
            #expect(head.status == .ok)
            #expect(Self.offset(head) == UInt64(sent))
            #expect(head.headers.first(name: "Upload-Length") == String(file.count))
            let progress = try await Self.status(app, officer, id)
            #expect(progress.offset == UInt64(sent) && !progress.complete && progress.recordId == nil)
            #expect(try await Self.records(app, upload: id).isEmpty)
            #expect(Self.blobFiles(app).isEmpty)

            let rest = try await Self.patch(app, officer, id, offset: sent, file[sent...])
            #expect(rest.status == .noContent)
            #expect(rest.headers.first(name: "LawTrail-Sha256") == Self.hex(file))
            #expect(try await Self.records(app, upload: id).count == 1)
        }
    }

    @Test("a PATCH whose connection breaks keeps what arrived; after a restart the upload resumes", arguments: TestDatabase.all)
    func brokenConnectionThenRestartResumes(database: TestDatabase) async throws {
        try await withRestartableTestApp(database, demo: true) { server in
            let file = RecordFixtures.mp4(3 << 20 + 17)
            let sent = 1 << 20 + 4321
            let officer: RecordFixtures.Staff
            let id: String
            var kept: UInt64 = 0
            do {
                let app = try await server.start()
                do {
                    officer = try await RecordFixtures.signIn(app, role: .officer)
                    let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
                    id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file, declare: Self.hex(file))

                    // A real socket: announce the whole rest, send part of it, hang up.
                    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                    let port = try #require(app.http.server.shared.localAddress?.port)
                    try RawHTTP.sendAndHangUp(port: port, head: [
                        "PATCH /api/v1/uploads/\(id) HTTP/1.1", "Host: 127.0.0.1",
                        "Authorization: Bearer \(officer.token)", "Upload-Offset: 0",
                        "Content-Type: application/offset+octet-stream", "Content-Length: \(file.count)",
                    ], body: file[..<sent])

                    // The broken PATCH ends on its own: then an empty PATCH at HEAD's offset is taken.
                    // What was written is kept; chunks Vapor still held in its decoder when the socket
                    // closed are dropped, so the offset may be a little short of what was sent. Only
                    // HEAD is asked until bytes arrived, so that no probe races the broken PATCH's claim.
                    var settled: UInt64?
                    for _ in 0..<400 {
                        let offset = Self.offset(try await Self.head(app, officer, id)) ?? 0
                        if offset > 0, try await Self.patch(app, officer, id, offset: Int(offset), []).status == .noContent {
                            settled = offset
                            break
                        }
                        try await Task.sleep(for: .milliseconds(25))
                    }
                    kept = try #require(settled)
                    #expect(kept > 0 && kept <= UInt64(sent))
                    #expect(try await Self.records(app, upload: id).isEmpty)
                    #expect(Self.blobFiles(app).isEmpty)
                    await app.server.shutdown()
                    try await app.asyncShutdown()
                } catch {
                    await app.server.shutdown()
                    try? await app.asyncShutdown()
                    throw error
                }
            }

            // A new process: the hasher is gone; the partial is kept (resumable) and re-hashed.
            let app = try await server.start()
            do {
                #expect(Self.partialExists(app, id))
                #expect(Self.offset(try await Self.head(app, officer, id)) == kept)
                let rest = try await Self.patch(app, officer, id, offset: Int(kept), file[Int(kept)...])
                #expect(rest.status == .noContent, "\(rest.body.string)")
                #expect(rest.headers.first(name: "LawTrail-Sha256") == Self.hex(file))
                #expect(try await Self.records(app, upload: id).count == 1)
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }

    @Test("a PATCH whose client falls silent is ended after the idle limit; the upload resumes at once")
    func silentConnectionIsCutOff() async throws {
        try await withTestApp(demo: true) { app in
            // Long enough that the probes below start while the silent PATCH still holds the upload,
            // even on a loaded CI machine (400 ms was not: the first probe sometimes came after it).
            await app.uploadSessions.setIdleLimit(.seconds(3))
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(2 << 20)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file, declare: Self.hex(file))
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let fd = try RawHTTP.sendAndKeepOpen(port: port, head: [
                "PATCH /api/v1/uploads/\(id) HTTP/1.1", "Host: 127.0.0.1",
                "Authorization: Bearer \(officer.token)", "Upload-Offset: 0",
                "Content-Type: application/offset+octet-stream", "Content-Length: \(file.count)",
            ], body: file[..<(1 << 20)])

            // While the silent PATCH holds the upload, another is refused (423); then it is released.
            let uploadID = try #require(UUID(uuidString: id))
            var waited = 0
            while !(await app.uploadSessions.isBusy(uploadID)), waited < 200 {
                try await Task.sleep(for: .milliseconds(10))
                waited += 1
            }
            var statuses: [HTTPStatus] = []
            var kept: UInt64 = 0
            for _ in 0..<400 {
                kept = Self.offset(try await Self.head(app, officer, id)) ?? 0
                let probe = try await Self.patch(app, officer, id, offset: Int(kept), [])
                statuses.append(probe.status)
                if probe.status == .noContent { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            close(fd)  // before the server's shutdown, which would wait for the connection
            #expect(statuses.first == .locked)
            #expect(statuses.last == .noContent)
            #expect(kept > 0 && kept <= 1 << 20)
            let rest = try await Self.patch(app, officer, id, offset: Int(kept), file[Int(kept)...])
            #expect(rest.status == .noContent)
            #expect(rest.headers.first(name: "LawTrail-Sha256") == Self.hex(file))
            await app.server.shutdown()
        }
    }

    // MARK: Refusals

    @Test("a PATCH at the wrong offset is 409 and changes nothing", arguments: TestDatabase.all)
    func offsetMismatchIsConflict(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(200_000)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file)

            let ahead = try await Self.patch(app, officer, id, offset: 10, file[10..<100])
            #expect(ahead.status == .conflict)
            #expect(try Self.decode(ProblemBody.self, ahead).type == "offset-mismatch")

            #expect(try await Self.patch(app, officer, id, offset: 0, file[..<50_000]).status == .noContent)
            let behind = try await Self.patch(app, officer, id, offset: 0, file[..<50_000])
            #expect(behind.status == .conflict)
            let problem = try Self.decode(ProblemBody.self, behind)
            #expect(problem.type == "offset-mismatch")
            #expect(problem.detail.contains("50000"))
            #expect(Self.offset(try await Self.head(app, officer, id)) == 50_000)
        }
    }

    @Test("a declared SHA-256 that does not match is 422; no record, no blob, no partial", arguments: TestDatabase.all)
    func declaredHashMismatchKeepsNothing(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(1 << 20)
            let other = Self.hex(RecordFixtures.mp4(1 << 20))
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file, declare: other)

            #expect(try await Self.patch(app, officer, id, offset: 0, file[..<300_000]).status == .noContent)
            let response = try await Self.patch(app, officer, id, offset: 300_000, file[300_000...])
            #expect(response.status == .unprocessableEntity)
            let problem = try Self.decode(ProblemBody.self, response)
            #expect(problem.type == "sha256-mismatch")
            #expect(problem.detail.contains(Self.hex(file)))

            #expect(try await Self.records(app, upload: id).isEmpty)
            #expect(Self.blobFiles(app).isEmpty)
            #expect(!app.lawTrail.blobStore.contains(Self.hex(file)))
            #expect(!Self.partialExists(app, id))
            #expect(Self.offset(try await Self.head(app, officer, id)) == 0)
        }
    }

    @Test("content whose magic bytes contradict the declared type is refused as soon as they arrive",
          arguments: TestDatabase.all)
    func magicBytesMismatchIsRefused(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.pdf(400_000)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file, mimeType: "video/mp4")

            // Ten bytes cannot be judged yet; the next PATCH brings the prefix and is refused.
            #expect(try await Self.patch(app, officer, id, offset: 0, file[..<10]).status == .noContent)
            let response = try await Self.patch(app, officer, id, offset: 10, file[10...])
            #expect(response.status == .unprocessableEntity)
            let problem = try Self.decode(ProblemBody.self, response)
            #expect(problem.type == "media-type-mismatch")
            #expect(problem.detail.contains("video/mp4"))
            #expect(!Self.partialExists(app, id))
            #expect(try await Self.records(app, upload: id).isEmpty)
            #expect(Self.blobFiles(app).isEmpty)
        }
    }

    @Test("a scanned paper document shorter than the sniffed prefix becomes a scan record", arguments: TestDatabase.all)
    func shortScanBecomesScanRecord(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + RecordFixtures.randomBytes(32)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file, mimeType: "image/png", form: "scan")
            let response = try await Self.patch(app, officer, id, offset: 0, file[...])
            #expect(response.status == .noContent, "\(response.body.string)")
            let record = try #require(try await Self.records(app, upload: id).first?.domain())
            #expect(record.kind == .scan)
            #expect(record.mimeType == "image/png")
        }
    }

    @Test("a length over the configured limit is 413 with the limit in the message")
    func overLimitIsPayloadTooLarge() async throws {
        try await withTestApp(demo: true, adjust: { $0.maxUploadBytes = 1 << 20 }) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let response = try await Self.post(app, officer, NewUploadBody(
                length: 1 << 20 + 1, activityId: fixture.activity.id.uuidString))
            #expect(response.status == .payloadTooLarge)
            let problem = try Self.decode(ProblemBody.self, response)
            #expect(problem.type == "payload-too-large")
            #expect(problem.detail.contains("1 MiB"))
            #expect(try await UploadModel.query(on: app.db).count() == 0)

            // At the limit is fine; bytes beyond the declared length are refused and not kept.
            let file = RecordFixtures.mp4(1 << 20)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file)
            let beyond = try await Self.patch(app, officer, id, offset: 0, (file + [1, 2, 3])[...])
            #expect(beyond.status == .payloadTooLarge)
            #expect(try Self.decode(ProblemBody.self, beyond).type == "upload-length-exceeded")
            #expect(Self.offset(try await Self.head(app, officer, id)) == 0)
        }
    }

    @Test("an announcement with bad fields is 422 with an error per field", arguments: TestDatabase.all)
    func badAnnouncementIsRefusedPerField(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let response = try await Self.post(app, officer, NewUploadBody(
                length: nil, sha256: "xyz", mimeType: "application/pdf", form: "media", activityId: UUID().uuidString,
                deviceId: UUID().uuidString, officerId: "not-a-uuid",
                captureStart: "2026-03-02T11:00:00+08:00", captureEnd: "2026-03-02T10:00:00+08:00", sensitivity: "secret"))
            #expect(response.status == .unprocessableEntity)
            let errors = try #require(try Self.decode(ProblemBody.self, response).errors)
            #expect(Set(errors.keys) == [
                "length", "sha256", "mimeType", "activityId", "deviceId", "officerId", "captureEnd", "sensitivity",
            ])

            let scanAsVideo = try await Self.post(app, officer, NewUploadBody(
                length: 10, mimeType: "video/mp4", form: "scan", activityId: fixture.activity.id.uuidString))
            #expect(try Self.decode(ProblemBody.self, scanAsVideo).errors?.keys.sorted() == ["mimeType"])
        }
    }

    @Test("no token is 401, a role without upload-media is 403, another account's upload is 403",
          arguments: TestDatabase.all)
    func accessIsChecked(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(1000)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file)
            let body = NewUploadBody(length: 1000, activityId: fixture.activity.id.uuidString)

            #expect(try await Self.post(app, nil, body).status == .unauthorized)
            for method in [HTTPMethod.HEAD, .GET, .PATCH] {
                let response = try await app.testing().sendRequest(method, "/api/v1/uploads/\(id)")
                #expect(response.status == .unauthorized, "\(method)")
            }

            let supervisor = try await RecordFixtures.signIn(app, role: .supervisor)
            let refused = try await Self.post(app, supervisor, body)
            #expect(refused.status == .forbidden)
            #expect(try Self.decode(ProblemBody.self, refused).type == "forbidden")
            #expect(try await Self.patch(app, supervisor, id, offset: 0, file[...]).status == .forbidden)

            let recorder = try await RecordFixtures.signIn(app, role: .thirdPartyRecorder)
            let stranger = try await Self.patch(app, recorder, id, offset: 0, file[...])
            #expect(stranger.status == .forbidden)
            #expect(try Self.decode(ProblemBody.self, stranger).type == "not-upload-owner")
            #expect(try await Self.head(app, recorder, id).status == .forbidden)
            #expect(Self.offset(try await Self.head(app, officer, id)) == 0)

            // The contracted recorder may upload its own (SPEC R7).
            #expect(try await Self.post(app, recorder, body).status == .created)
        }
    }

    @Test("a PATCH needs the offset+octet-stream body type and an Upload-Offset")
    func patchHeadersAreChecked() async throws {
        try await withTestApp(demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(1000)
            let id = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file)
            let wrongType = try await Self.patch(app, officer, id, offset: 0, file[...], contentType: "*/*")
            #expect(wrongType.status == .unsupportedMediaType)
            var headers = officer.authorization
            headers.replaceOrAdd(name: .contentType, value: "application/offset+octet-stream")
            let noOffset = try await app.testing().sendRequest(.PATCH, "/api/v1/uploads/\(id)", headers: headers, body: ByteBuffer(bytes: file))
            #expect(noOffset.status == .badRequest)
            let unknown = try await Self.patch(app, officer, UUID().uuidString, offset: 0, file[...])
            #expect(unknown.status == .notFound)
        }
    }

    // MARK: Start-up cleanup

    @Test("the next start removes partials of unknown, expired and completed uploads and keeps live ones",
          arguments: TestDatabase.all)
    func startUpCleansTemporaryFiles(database: TestDatabase) async throws {
        try await withRestartableTestApp(database, demo: true) { server in
            let store = FileBlobStore(
                root: server.config.dataDirectory.appendingPathComponent("blobs"),
                temporary: server.config.dataDirectory.appendingPathComponent("tmp"))
            var live = ""
            var completed = ""
            let expired = UUID()
            let unknown = UUID()
            let app = try await server.start()
            do {
                let officer = try await RecordFixtures.signIn(app, role: .officer)
                let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
                let file = RecordFixtures.mp4(100_000)
                live = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file)
                #expect(try await Self.patch(app, officer, live, offset: 0, file[..<40_000]).status == .noContent)
                completed = try await Self.create(app, officer, activity: fixture.activity.id, bytes: file)
                #expect(try await Self.patch(app, officer, completed, offset: 0, file[...]).status == .noContent)

                let yesterday = Date().addingTimeInterval(-25 * 3600)
                try await UploadStore(database: app.db).create(PendingUpload(
                    id: expired, createdAt: yesterday, createdBy: officer.userID, declaredLength: 100_000,
                    declaredSHA256: nil, mimeType: "video/mp4",
                    metadata: UploadMetadata(form: .media, activityID: fixture.activity.id)))
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            // What a killed server leaves behind.
            for id in [expired, unknown, UUID(uuidString: completed)!] {
                let partial = try store.openPartial(upload: id)
                try [UInt8](repeating: 7, count: 5000).withUnsafeBytes { try partial.write($0) }
                partial.close()
            }

            let restarted = try await server.start()
            try await restarted.asyncShutdown()
            let liveID = try #require(UUID(uuidString: live))
            #expect(FileManager.default.fileExists(atPath: store.partialURL(upload: liveID).path))
            #expect(store.partialSize(upload: liveID) == 40_000)
            for id in [expired, unknown, UUID(uuidString: completed)!] {
                #expect(!FileManager.default.fileExists(atPath: store.partialURL(upload: id).path))
            }
        }
    }
}

/// A bare HTTP/1.1 client on a socket, for what an HTTP library will not do on purpose: hang up,
/// or fall silent, in the middle of a request body.
enum RawHTTP {
    /// Sends the head and part of a body, then closes the connection.
    static func sendAndHangUp(port: Int, head: [String], body: ArraySlice<UInt8>) throws {
        let fd = try sendAndKeepOpen(port: port, head: head, body: body)
        close(fd)
    }

    /// Sends the head and part of a body and leaves the connection open and silent; the caller
    /// closes the returned descriptor.
    static func sendAndKeepOpen(port: Int, head: [String], body: ArraySlice<UInt8>) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        let bytes = Array((head.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
        var sentSoFar = 0
        while sentSoFar < bytes.count {
            let count = bytes[sentSoFar...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                close(fd)
                throw POSIXError(.EPIPE)
            }
            sentSoFar += count
        }
        return fd
    }
}
