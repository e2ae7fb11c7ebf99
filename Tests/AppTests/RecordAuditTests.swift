import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// `lawtrail verify` catches a changed byte in a stored blob, a missing blob, an extra blob and a
/// record row that no longer matches its ledger event (issue 4 item 6, "Done when").
@Suite struct RecordAuditTests {
    enum Tamper: String, CaseIterable, Sendable { case flipByte, deleteBlob, extraBlob, editRow }

    @Test(arguments: Tamper.allCases)
    func verifyFindsTampering(tamper: Tamper) async throws {
        try await withTestApp(demo: true) { app in
            let client = APIClient(app: app)
            let token = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: token)
            let activityCase = try #require(try await CaseModel.find(made.caseID, on: app.db))
            let blobs = app.lawTrail.blobStore
            let bytes = Data((0..<4096).map { UInt8($0 % 251) })
            let stored = try blobs.store(bytes)
            let user = try #require(try await UserModel.query(on: app.db).first())
            let record = Record(
                activityID: made.activityID, caseID: made.caseID, counterpartyID: activityCase.counterpartyID, kind: .photo,
                blobSHA256: stored.digest, byteCount: Int64(bytes.count), mimeType: "image/jpeg", createdBy: user.id!)
            try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)

            let clean = try await Maintenance.verifyRecords(config: app.lawTrail.config)
            #expect(clean.findings.isEmpty, "\(clean.findings)")
            #expect(clean.blobs == 1)

            let url = try blobs.url(for: stored.digest)
            switch tamper {
            case .flipByte:
                #expect(!FileManager.default.isWritableFile(atPath: url.path) || getuid() == 0, "blob should be read-only")
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
                var changed = try Data(contentsOf: url)
                changed[100] ^= 0x01
                try changed.write(to: url)
            case .deleteBlob:
                try FileManager.default.removeItem(at: url)
            case .extraBlob:
                _ = try blobs.store(Data("不属于任何记录".utf8))
            case .editRow:
                // The table refuses UPDATE (issue 12 item 10); an attacker with the database's
                // owner rights drops the trigger first, and `verify` must still find the change.
                try await (app.db as! any SQLDatabase).raw("DROP TRIGGER records_no_update").run()
                let row = try #require(try await RecordModel.find(record.id, on: app.db))
                row.mimeType = "image/png"
                try await row.update(on: app.db)
            }
            let report = try await Maintenance.verifyRecords(config: app.lawTrail.config)
            let expected = switch tamper {
            case .flipByte: "content changed"
            case .deleteBlob: "missing"
            case .extraBlob: "extra"
            case .editRow: "differs from ledger entry"
            }
            #expect(report.findings.contains { $0.contains(expected) }, "\(report.findings)")
        }
    }
}
