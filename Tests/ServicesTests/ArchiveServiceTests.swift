import App
import Crypto
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Services
import SQLKit
import Testing
import TestSupport
import Vapor

/// Issue 14 item 2 at the service, on both databases (SPEC R10, R11, X3): closing a case, archiving
/// it into a BagIt package that passed its 四性检测, the ledger events and rows, a tampered blob
/// refused with nothing left behind, and records refused once a case is archived.
@Suite struct ArchiveServiceTests {
    struct Setup {
        let context: ServiceContext
        let service: ArchiveService
        let setup: ArchiveService.Setup
        let officer: StaffMember
        let office: StaffMember
        let fixture: RecordFixtures.ActivityFixture
        let document: Record
        let photo: Record
    }

    /// A case with a document and a stored photo.
    static func prepare(_ app: Application) async throws -> Setup {
        let officerAccount = try await RecordFixtures.signIn(app, role: .officer)
        let fixture = try await RecordFixtures.makeActivity(app, by: officerAccount.userID)
        let context = app.lawTrail.serviceContext(on: app.db)
        let officer = StaffMember(id: officerAccount.userID, role: .officer)
        let office = StaffMember(id: try await RecordFixtures.signIn(app, role: .office).userID, role: .office)
        var values: [String: String] = [:]
        for field in DocumentTemplate.onSiteInspectionRecord.fields where field.required {
            values[field.key] = switch field.kind {
            case .date: "2026-03-02"
            case .dateTime: "2026-03-02 10:30"
            case .number: "1"
            default: "现场检查情况\(field.key)"
            }
        }
        let (document, _) = try await RecordService(context).createDocument(
            activityID: fixture.activity.id, templateID: DocumentTemplate.onSiteInspectionRecord.id, values: values, by: officer)
        let bytes = Data([0xFF, 0xD8, 0xFF, 0xE0] + RecordFixtures.randomBytes(5000))
        let stored = try app.lawTrail.blobStore.store(bytes)
        let photo = Record(
            activityID: fixture.activity.id, caseID: fixture.enforcementCase.id, counterpartyID: fixture.enforcementCase.counterpartyID,
            kind: .photo, blobSHA256: stored.digest, byteCount: Int64(stored.size), mimeType: "image/jpeg", createdBy: officer.id)
        try await RecordStore(ledger: context.ledger).create(photo, at: context.clock.nowSeconds)
        let setup = app.lawTrail.archiveSetup
        return Setup(
            context: context, service: ArchiveService(context, setup: setup), setup: setup, officer: officer, office: office,
            fixture: fixture, document: document, photo: photo)
    }

    static func events(_ app: Application, type: String) async throws -> [LedgerEvent] {
        let rows = try await (app.db as! any SQLDatabase).raw("SELECT leaf FROM ledger_entries WHERE event_type = \(bind: type) ORDER BY idx").all()
        return try rows.map { try LedgerEvent(canonicalBytes: try $0.decode(column: "leaf", as: Data.self)) }
    }

    @Test("结案: once, not in the future, with a summary; a case.closed event and a row", arguments: TestDatabase.all)
    func closing(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let s = try await Self.prepare(app)
            let caseID = s.fixture.enforcementCase.id
            let today = s.context.clock.today
            let before = try await LedgerReader(database: app.db).size()

            let future = await #expect(throws: ServiceRefusal.self) {
                try await s.service.close(caseID, closedOn: today.adding(days: 1).description, summary: "已结", by: s.officer)
            }
            #expect(future?.kind == .invalid && future?.errors["closedOn"] != nil)
            let empty = await #expect(throws: ServiceRefusal.self) {
                try await s.service.close(caseID, closedOn: today.description, summary: "  ", by: s.officer)
            }
            #expect(empty?.errors["summary"] != nil)
            #expect(try await LedgerReader(database: app.db).size() == before)

            let (closure, index) = try await s.service.close(caseID, closedOn: today.description, summary: "检查完毕，结案", by: s.officer)

            #expect(closure.closedOn == today)
            #expect(try await ArchiveQueries(database: app.db).closure(caseID)?.ledgerIndex == index)
            let event = try #require(try await Self.events(app, type: "case.closed").last)
            #expect(event.fields["caseId"]?.stringValue == caseID.uuidString.lowercased())
            #expect(event.fields["contentSha256"]?.stringValue == (try DomainEvents.contentDigest(closure.canonicalContent)))
            let twice = await #expect(throws: ServiceRefusal.self) {
                try await s.service.close(caseID, closedOn: today.description, summary: "再次结案", by: s.officer)
            }
            #expect(twice?.kind == .conflict && twice?.type == "case-already-closed")
            // Late paperwork: a closed case still takes records until it is archived.
            _ = try await RecordService(s.context).createDocument(
                activityID: s.fixture.activity.id, templateID: s.document.templateID!, values: s.document.documentValues!, by: s.officer)
        }
    }

    @Test("归档: a BagIt package on disk whose manifests match its files, a row, an archive.packaged event; then records are refused",
          arguments: TestDatabase.all)
    func archiving(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let s = try await Self.prepare(app)
            let caseID = s.fixture.enforcementCase.id
            let notClosed = await #expect(throws: ServiceRefusal.self) {
                try await s.service.archive(caseID, period: .thirtyYears, securityClass: nil, by: s.office)
            }
            #expect(notClosed?.type == "case-not-closed")
            _ = try await s.service.close(caseID, closedOn: s.context.clock.today.description, summary: "结案", by: s.officer)

            let archive = try await s.service.archive(caseID, period: .thirtyYears, securityClass: .internal, by: s.office)

            // On disk: the bag and the ZIP, at server-made paths.
            let bag = s.setup.bagDirectory(archive.packageID)
            let zip = s.setup.zipFile(archive.packageID)
            #expect(FileManager.default.fileExists(atPath: zip.path))
            #expect(archive.report.passed)
            // BagIt, checked here without bagit.py: every payload file listed with its SHA-256, no more.
            let manifest = try #require(ArchivePackageLayout.parseManifest(try String(contentsOf: bag.appendingPathComponent("manifest-sha256.txt"), encoding: .utf8)))
            let payload = try #require(FileManager.default.enumerator(atPath: bag.appendingPathComponent("data").path))
                .compactMap { $0 as? String }.map { "data/" + $0 }
                .filter { !($0 as NSString).lastPathComponent.isEmpty && !FileManager.default.isDirectory(bag.appendingPathComponent($0)) }
            #expect(Set(payload) == Set(manifest.keys))
            #expect(manifest.count == 2 * 3 + 2)  // per record: JSON, proof, media or HTML; the checkpoint and key
            for (path, digest) in manifest {
                let data = try Data(contentsOf: bag.appendingPathComponent(path))
                #expect(Hash(SHA256.hash(data: data)).hex == digest, "\(path)")
            }
            let tags = try #require(ArchivePackageLayout.parseManifest(try String(contentsOf: bag.appendingPathComponent("tagmanifest-sha256.txt"), encoding: .utf8)))
            #expect(Set(tags.keys) == ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt",
                                       "metadata/archive.json", "metadata/four-properties-report.json"])
            // SM3 (GB/T 32905-2016) beside SHA-256: the same files, each digest recomputed with Ledger.SM3.
            let sm3 = try #require(ArchivePackageLayout.parseManifest(try String(contentsOf: bag.appendingPathComponent("manifest-sm3.txt"), encoding: .utf8)))
            #expect(Set(sm3.keys) == Set(manifest.keys))
            for (path, digest) in sm3 {
                #expect(SM3.hexDigest(try Data(contentsOf: bag.appendingPathComponent(path))) == digest, "\(path)")
            }
            let tagsSM3 = try #require(ArchivePackageLayout.parseManifest(try String(contentsOf: bag.appendingPathComponent("tagmanifest-sm3.txt"), encoding: .utf8)))
            #expect(Set(tagsSM3.keys) == Set(tags.keys))
            for (path, digest) in tags {
                #expect(Hash(SHA256.hash(data: try Data(contentsOf: bag.appendingPathComponent(path)))).hex == digest, "\(path)")
            }
            let bagInfo = try String(contentsOf: bag.appendingPathComponent("bag-info.txt"), encoding: .utf8)
            let bytes = try manifest.keys.map { try Data(contentsOf: bag.appendingPathComponent($0)).count }.reduce(0, +)
            #expect(bagInfo.contains("Payload-Oxum: \(bytes).\(manifest.count)\n"))
            // The photo is the stored bytes; the document its canonical JSON.
            let stored = try Data(contentsOf: try (s.setup.blobs as! FileBlobStore).url(for: s.photo.blobSHA256!))
            #expect(try Data(contentsOf: bag.appendingPathComponent(ArchivePackageLayout.media(s.photo.id, format: .jpeg))) == stored)
            #expect(try Data(contentsOf: bag.appendingPathComponent(ArchivePackageLayout.content(s.document.id)))
                    == Data(try CanonicalJSON.encode(s.document.canonicalContent)))
            let metadata = try JSONDecoder().decode(ArchiveMetadata.self, from: Data(contentsOf: bag.appendingPathComponent("metadata/archive.json")))
            #expect(metadata.itemCount == 2 && metadata.securityClass.code == "internal" && metadata.retentionPeriod.name == "定期30年")
            // 件号 follows the demo's package in the same series (全宗号-WS-年度-D30-件号).
            let series = ArchivalCode.series(fonds: s.context.bureau.uscc, year: s.context.clock.today.year, period: .thirtyYears)
            #expect(metadata.archivalCode == archive.archivalCode && metadata.archivalCode == series + "0002")
            // The ZIP's digest is the one on the ledger; the row is there.
            let zipDigest = Hash(SHA256.hash(data: try Data(contentsOf: zip))).hex
            let event = try #require(try await Self.events(app, type: "archive.packaged").last)
            #expect(event.fields["zipSha256"]?.stringValue == zipDigest)
            #expect(event.fields["zipSm3"]?.stringValue == SM3.hexDigest(try Data(contentsOf: zip)))
            #expect(event.fields["caseId"]?.stringValue == caseID.uuidString.lowercased())
            #expect(event.fields["tagManifestSha256"]?.stringValue
                    == Hash(SHA256.hash(data: try Data(contentsOf: bag.appendingPathComponent("tagmanifest-sha256.txt")))).hex)
            let row = try #require(try await ArchiveQueries(database: app.db).archive(caseID: caseID))
            #expect(row.zipFixity.sha256 == zipDigest && row.report.passed && row.ledgerIndex == archive.ledgerIndex)
            let period = try await ArchiveQueries(database: app.db).archivedPeriod(caseID: caseID)
            #expect(period?.period == .thirtyYears && period?.archivedOn == s.context.clock.today)

            // Once archived: no new record, no correction, no second package.
            let refused = await #expect(throws: ServiceRefusal.self) {
                try await RecordService(s.context).createDocument(
                    activityID: s.fixture.activity.id, templateID: s.document.templateID!, values: s.document.documentValues!, by: s.officer)
            }
            #expect(refused?.kind == .conflict && refused?.type == "case-archived")
            let correction = await #expect(throws: ServiceRefusal.self) {
                try await RecordService(s.context).correct(s.document.id, values: s.document.documentValues!, reason: "笔误", by: s.officer)
            }
            #expect(correction?.type == "case-archived")
            let again = await #expect(throws: ServiceRefusal.self) {
                try await s.service.archive(caseID, period: .thirtyYears, securityClass: nil, by: s.office)
            }
            #expect(again?.type == "case-already-archived")
        }
    }

    @Test("四性检测 refuses a package whose blob changed on disk: 422 naming 真实性, nothing archived, no files left",
          arguments: TestDatabase.all)
    func tamperedBlobIsRefused(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let s = try await Self.prepare(app)
            let caseID = s.fixture.enforcementCase.id
            _ = try await s.service.close(caseID, closedOn: s.context.clock.today.description, summary: "结案", by: s.officer)
            let blob = try (s.setup.blobs as! FileBlobStore).url(for: s.photo.blobSHA256!)
            _ = chmod(blob.path, 0o600)
            var bytes = try Data(contentsOf: blob)
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: blob)
            let archivesBefore = (try? FileManager.default.contentsOfDirectory(atPath: s.setup.archives.path)) ?? []
            let sizeBefore = try await LedgerReader(database: app.db).size()

            let refusal = await #expect(throws: ServiceRefusal.self) {
                try await s.service.archive(caseID, period: .tenYears, securityClass: nil, by: s.office)
            }

            #expect(refusal?.kind == .invalid && refusal?.type == "four-properties-failed")
            #expect(refusal?.errors["authenticity"]?.contains("文件摘要与账本一致") == true)
            #expect(refusal?.detail.contains("真实性") == true)
            #expect(try await ArchiveQueries(database: app.db).isArchived(caseID) == false)
            #expect(try await LedgerReader(database: app.db).size() == sizeBefore)
            let staging = s.setup.archives.appendingPathComponent(".staging")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []).isEmpty)
            let after = ((try? FileManager.default.contentsOfDirectory(atPath: s.setup.archives.path)) ?? []).filter { $0 != ".staging" }
            #expect(after == archivesBefore.filter { $0 != ".staging" })
        }
    }

    @Test("密级 below what the records' markings require is refused (422)", arguments: TestDatabase.all)
    func securityClassTooLow(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let s = try await Self.prepare(app)
            let caseID = s.fixture.enforcementCase.id
            _ = try await RecordService(s.context).createDocument(
                activityID: s.fixture.activity.id, templateID: s.document.templateID!, values: s.document.documentValues!,
                sensitivity: .personalPrivacy, by: s.officer)
            _ = try await s.service.close(caseID, closedOn: s.context.clock.today.description, summary: "结案", by: s.officer)
            #expect(try await s.service.requiredSecurityClass(caseID) == .internal)
            let refusal = await #expect(throws: ServiceRefusal.self) {
                try await s.service.archive(caseID, period: .permanent, securityClass: .open, by: s.office)
            }
            #expect(refusal?.type == "security-class-too-low" && refusal?.errors["securityClass"] != nil)
            #expect(try await ArchiveQueries(database: app.db).isArchived(caseID) == false)
        }
    }
}

extension FileManager {
    func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
