import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Recording sessions through the API (SPEC R7; issue 4 item 4) and video served with Range.
@Suite struct RecordingSessionAPITests {
    struct SessionJSON: Decodable {
        struct Gap: Decodable { let afterSegment: Int }
        let version: Int
        let gaps: [Gap]
        let unexplainedGaps: [Gap]
        let session: RecordingSession
    }

    @Test("SPEC R7: a gap between segments is found, explained in a new version, and compliance follows", arguments: TestDatabase.all)
    func gapExplainedInNewVersion(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let made = try await client.caseAndActivity(
                token: officer, situations: ["coercive-measure-or-evidence-preservation"], kind: "coercion")
            let activityCase = try #require(try await CaseModel.find(made.caseID, on: app.db))
            let user = try #require(try await UserModel.query(on: app.db).first())
            let start = Date(timeIntervalSince1970: 1_795_500_000)
            var ids: [UUID] = []
            // Two video files with 10 minutes between them: one interruption.
            for (offset, length) in [(0.0, 600.0), (1200.0, 600.0)] {
                let blob = try app.lawTrail.blobStore.store(Data("video-\(offset)".utf8))
                let record = Record(
                    activityID: made.activityID, caseID: made.caseID, counterpartyID: activityCase.counterpartyID, kind: .video,
                    blobSHA256: blob.digest, byteCount: Int64(blob.size), mimeType: "video/mp4",
                    captureStart: start.addingTimeInterval(offset), captureEnd: start.addingTimeInterval(offset + length),
                    createdBy: user.id!)
                try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
                ids.append(record.id)
            }
            let created = try await client.send(.POST, "/api/v1/recording-sessions", token: officer, json: SessionInput(
                activityId: made.activityID, recordIds: ids, counterpartyToldRecordingStarted: true))
            #expect(created.status == .created, "\(created.body.string)")
            let first = try client.decode(SessionJSON.self, created)
            #expect(first.version == 1)
            #expect(first.unexplainedGaps.map(\.afterSegment) == [0])

            struct Compliance: Decodable { struct Finding: Decodable { let kind: String }; let findings: [Finding] }
            let before = try client.decode(Compliance.self, try await client.send(.GET, "/api/v1/activities/\(made.activityID)/compliance", token: officer))
            #expect(before.findings.contains { $0.kind == "unexplained-gap" })
            #expect(!before.findings.contains { $0.kind == "mandatory-video-missing" })

            let explained = try await client.send(
                .POST, "/api/v1/recording-sessions/\(first.session.id)/explanations", token: officer,
                json: ExplanationInput(afterSegment: 0, reason: "battery-or-storage", text: "执法记录仪电量耗尽，更换电池后继续记录",
                                       evidence: .init(kind: "stated-in-recording", at: 5)))
            #expect(explained.status == .created, "\(explained.body.string)")
            let second = try client.decode(SessionJSON.self, explained)
            #expect(second.version == 2)
            #expect(second.unexplainedGaps.isEmpty)
            #expect(try await RecordingSessionModel.query(on: app.db).count() == 2)  // both versions kept

            let after = try client.decode(Compliance.self, try await client.send(.GET, "/api/v1/activities/\(made.activityID)/compliance", token: officer))
            #expect(!after.findings.contains { $0.kind == "unexplained-gap" })
        }
    }

    @Test("SPEC R9.1: video is served with HTTP Range so it can be scrubbed")
    func rangeRequests() async throws {
        try await withTestApp(demo: true) { app in
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let leader = try await client.token(.brigadeLeader)
            let made = try await client.caseAndActivity(token: officer)
            let activityCase = try #require(try await CaseModel.find(made.caseID, on: app.db))
            let user = try #require(try await UserModel.query(on: app.db).first())
            let bytes = Data((0..<10_000).map { UInt8($0 % 256) })
            let blob = try app.lawTrail.blobStore.store(bytes)
            let record = Record(
                activityID: made.activityID, caseID: made.caseID, counterpartyID: activityCase.counterpartyID, kind: .video,
                blobSHA256: blob.digest, byteCount: Int64(bytes.count), mimeType: "video/mp4", createdBy: user.id!)
            try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)

            let opened = try await client.openRecord(record.id, token: leader, purpose: "supervision")
            var retrievalID = ""
            try await app.testing().test(.GET, "/api/v1/records/\(record.id)/content?retrievalId=\(opened.retrievalID ?? "")", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: leader)
                req.headers.replaceOrAdd(name: .range, value: "bytes=100-199")
            }) { response in
                #expect(response.status == .partialContent)
                #expect(Data(response.body.readableBytesView) == bytes[100..<200])
                retrievalID = response.headers.first(name: "LawTrail-Retrieval-Id") ?? ""
            }
            // A seek within the same playback is not logged again.
            try await app.testing().test(.GET, "/api/v1/records/\(record.id)/content?retrievalId=\(retrievalID)", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: leader)
                req.headers.replaceOrAdd(name: .range, value: "bytes=9000-")
            }) { response in
                #expect(response.status == .partialContent)
                #expect(Data(response.body.readableBytesView) == bytes[9000...])
            }
            // RFC 9110 §14.1.2 (ByteRangeHeader): a last position past the end is the end, and a
            // suffix longer than the file is all of it. Vapor's own reading took bytes=0-10000 as
            // 10,001 bytes.
            for (range, expected) in [("bytes=0-10000", bytes[...]), ("bytes=-20000", bytes[...]),
                                      ("bytes=9990-99999999999999999999999", bytes[9990...])] {
                try await app.testing().test(.GET, "/api/v1/records/\(record.id)/content?retrievalId=\(retrievalID)", beforeRequest: { req in
                    req.headers.bearerAuthorization = .init(token: leader)
                    req.headers.replaceOrAdd(name: .range, value: range)
                }) { response in
                    #expect(response.status == .partialContent, "\(range)")
                    #expect(Data(response.body.readableBytesView) == expected, "\(range)")
                    #expect(response.headers.first(name: .contentRange) == "bytes \(expected.startIndex)-9999/10000", "\(range)")
                }
            }
            // A range that starts at the end is 416 with the size; a malformed one is 400.
            try await app.testing().test(.GET, "/api/v1/records/\(record.id)/content?retrievalId=\(retrievalID)", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: leader)
                req.headers.replaceOrAdd(name: .range, value: "bytes=10000-")
            }) { response in
                #expect(response.status == .rangeNotSatisfiable)
                #expect(response.headers.first(name: .contentRange) == "bytes */10000")
            }
            try await app.testing().test(.GET, "/api/v1/records/\(record.id)/content?retrievalId=\(retrievalID)", beforeRequest: { req in
                req.headers.bearerAuthorization = .init(token: leader)
                req.headers.replaceOrAdd(name: .range, value: "bytes=abc")
            }) { response in
                #expect(response.status == .badRequest)
            }
            #expect(try await RetrievalModel.query(on: app.db).count() == 1)
        }
    }
}

struct SessionInput: Encodable, Sendable {
    let activityId: UUID
    let recordIds: [UUID]
    let counterpartyToldRecordingStarted: Bool
}

struct ExplanationInput: Encodable, Sendable {
    struct Evidence: Encodable, Sendable {
        let kind: String
        let at: Double
    }
    let afterSegment: Int
    let reason: String
    let text: String
    let evidence: Evidence
}
