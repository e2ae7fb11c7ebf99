@testable import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Backup and restore (issue 17 item 3; docs/operations.md "Backups"): a backup taken while
/// writes go on restores into a data directory that verifies clean, whose ledger is the manifest's
/// checkpoint and a prefix of the live ledger; a damaged backup blob is reported; keys stay out
/// unless asked; SQLite moves into PostgreSQL with equal ledgers. SPEC X3, R9.3.
@Suite struct BackupRestoreTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lawtrail-\(name)-\(UUID().uuidString)", isDirectory: true)
    }

    /// A new, empty PostgreSQL database on the test server; its URL.
    static func newPostgresDatabase() async throws -> (url: String, name: String) {
        let url = try #require(TestDatabase.postgresURL)
        let name = "lawtrail_restore_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await PostgresAdmin.execute("CREATE DATABASE \(name)", url: url)
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        return (try #require(components.string), name)
    }

    static func dropPostgresDatabase(_ name: String) async {
        guard let url = TestDatabase.postgresURL else { return }
        try? await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", url: url)
    }

    /// Writes through the API until `limit` cases or cancellation: a case and its activity each
    /// time, four ledger events or more.
    static func writer(_ api: APIClient, token: String, counterparty: UUID, limit: Int) -> Task<Int, any Error> {
        Task {
            var written = 0
            while written < limit, !Task.isCancelled {
                _ = try await api.caseAndActivity(token: token, counterpartyID: counterparty)
                written += 1
            }
            return written
        }
    }

    static func consistencyProof(_ app: Application, from: UInt64, to: UInt64) async throws -> [Hash] {
        guard from > 0, from < to else { return [] }
        var hashes: [Hash] = []
        try await app.testing().test(.GET, "/ledger/proof/consistency?from=\(from)&to=\(to)") { response in
            #expect(response.status == .ok)
            struct Answer: Decodable { let hashes: [String] }
            hashes = try JSONDecoder().decode(Answer.self, from: Data(response.body.string.utf8)).hashes.map { try Hash(base64: $0) }
        }
        return hashes
    }

    static func liveCheckpoint(_ app: Application) async throws -> String {
        var note = ""
        try await app.testing().test(.GET, "/ledger/checkpoint") { response in
            #expect(response.status == .ok)
            note = response.body.string
        }
        return note
    }

    @Test("backup while writing → restore → verify clean, the manifest's checkpoint, a prefix of the live ledger", arguments: TestDatabase.all)
    func backupRestoreVerify(_ kind: TestDatabase) async throws {
        try await withRestartableTestApp(kind, demo: true, adjust: { $0.demoHistory = true }) { live in
            let app = try await live.start()
            let destination = Self.temporary("backup")
            let restoredDirectory = Self.temporary("restored")
            var database: (url: String, name: String)?
            defer {
                try? FileManager.default.removeItem(at: destination)
                try? FileManager.default.removeItem(at: restoredDirectory)
            }
            do {
                let api = APIClient(app: app)
                let token = try await api.token(.officer)
                let counterparty = try #require(try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person").first()?.id)
                let sizeBefore = try await LedgerReader(database: app.db).size()
                let writes = Self.writer(api, token: token, counterparty: counterparty, limit: 40)
                try await Task.sleep(for: .milliseconds(200))
                let backup = try await Backup.backup(config: live.config, destination: destination, includeKeys: false)
                let written = try await writes.value
                #expect(written == 40)
                _ = try await api.caseAndActivity(token: token, counterpartyID: counterparty)  // the live ledger grows on
                #expect(backup.findings.isEmpty, "\(backup.findings)")

                let manifest = backup.manifest
                #expect(manifest.format == "lawtrail-backup/1")
                #expect(manifest.database.kind == kind.rawValue)
                #expect(manifest.ledger.size >= sizeBefore, "the copy is older than the ledger before the backup began")
                #expect(manifest.schema.latestMigration != nil && manifest.schema.migrations.count >= 19)
                #expect(manifest.blobs.count > 0 && manifest.blobs.copied == manifest.blobs.count)
                #expect(manifest.files.contains { $0.path.hasPrefix("archives/") }, "the demo's archive package")
                #expect(!manifest.keys.included)
                #expect(!FileManager.default.fileExists(atPath: backup.snapshot.appendingPathComponent("keys").path))
                let onDisk = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: backup.snapshot.appendingPathComponent("manifest.json")))
                #expect(onDisk == manifest)

                let liveSize = try await LedgerReader(database: app.db).size()
                #expect(liveSize > manifest.ledger.size)

                // Restore into a new data directory (and a new PostgreSQL database).
                var restoredConfig = live.config
                restoredConfig.dataDirectory = restoredDirectory
                switch live.config.database {
                case .sqlite:
                    restoredConfig.database = .sqlite(path: restoredDirectory.appendingPathComponent("lawtrail.sqlite").path)
                case .postgres(_, let searchPath):
                    let made = try await Self.newPostgresDatabase()
                    database = made
                    restoredConfig.database = .postgres(url: made.url, searchPath: searchPath)
                }
                let restored = try await Backup.restore(
                    source: destination, config: restoredConfig,
                    keys: DataDirectory(live.config.dataDirectory).keys)
                #expect(restored.findings.isEmpty, "\(restored.findings)")
                #expect(restored.ledger.size == manifest.ledger.size)
                #expect(restored.ledger.root.hex == manifest.ledger.rootSha256)
                #expect(restored.blobs == manifest.blobs.count)
                #expect(restored.keys.contains("ledger.key") && restored.keys.contains("personal-data.key"))

                // lawtrail verify on the restored directory: clean.
                let ledgerAudit = try await Maintenance.verifyLedger(config: restoredConfig)
                #expect(ledgerAudit.isClean, "\(ledgerAudit.findings)")
                #expect(ledgerAudit.entries == manifest.ledger.size)
                let records = try await Maintenance.verifyRecords(config: restoredConfig)
                #expect(records.findings.isEmpty, "\(records.findings)")
                #expect(records.blobs > 0)
                let publications = try await Maintenance.verifyPublications(config: restoredConfig)
                #expect(publications.findings.isEmpty, "\(publications.findings)")

                // The restored ledger is a prefix of the live one: the live signed checkpoint and a
                // consistency proof from the live server's endpoint, checked with the manifest's keys.
                let verifiers = try manifest.ledger.verifierKeys.map { try NoteVerifier(verifierKey: $0) }
                let note = try await Self.liveCheckpoint(app)
                let liveNow = try Checkpoint.open(note, verifiers: verifiers)
                let proof = try await Self.consistencyProof(app, from: restored.ledger.size, to: liveNow.size)
                #expect(!proof.isEmpty)
                let outcome = try LedgerPrefixProof.check(restored: restored.ledger, liveNote: note, proof: proof, verifiers: verifiers)
                #expect(outcome.liveSize == liveNow.size && outcome.restoredSize == manifest.ledger.size)
                // A proof for another root is refused.
                let other = LedgerState(size: restored.ledger.size, root: MerkleHash.leaf(Data("other".utf8)), checkpoint: nil)
                #expect(throws: PrefixProofError.self) {
                    try LedgerPrefixProof.check(restored: other, liveNote: note, proof: proof, verifiers: verifiers)
                }

                // A second backup while the data is at rest copies no blob again.
                try await Task.sleep(for: .seconds(1.1))  // snapshots are named by the second
                let again = try await Backup.backup(config: live.config, destination: destination, includeKeys: false)
                #expect(again.manifest.blobs.copied == 0)
                #expect(again.manifest.blobs.count == manifest.blobs.count)
                #expect(again.manifest.ledger.size > manifest.ledger.size)

                // Restoring into a directory that is not empty is refused.
                await #expect(throws: SnapshotError.self) {
                    _ = try await Backup.restore(source: destination, config: restoredConfig)
                }
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                if let database { await Self.dropPostgresDatabase(database.name) }
                throw error
            }
            if let database { await Self.dropPostgresDatabase(database.name) }
        }
    }

    @Test("a damaged blob in the backup is reported by restore; keys only with --include-keys")
    func damagedBlobAndKeys() async throws {
        try await withRestartableTestApp(.sqlite, demo: true, adjust: { $0.demoHistory = true }) { live in
            let app = try await live.start()
            let destination = Self.temporary("backup")
            defer { try? FileManager.default.removeItem(at: destination) }
            let withKeys = Self.temporary("backup-keys")
            defer { try? FileManager.default.removeItem(at: withKeys) }
            let backup = try await Backup.backup(config: live.config, destination: destination, includeKeys: false)
            let keyed = try await Backup.backup(config: live.config, destination: withKeys, includeKeys: true)
            try await app.asyncShutdown()

            #expect(!backup.manifest.keys.included && backup.manifest.keys.files.isEmpty)
            #expect(keyed.manifest.keys.included)
            #expect(Set(keyed.manifest.keys.files).isSuperset(of: ["ledger.key", "personal-data.key"]))
            let keyFile = keyed.snapshot.appendingPathComponent("keys/ledger.key")
            let mode = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            // Nothing in the keyless backup holds a private key.
            let enumerator = try #require(FileManager.default.enumerator(atPath: backup.snapshot.path))
            while let path = enumerator.nextObject() as? String {
                #expect(!path.hasSuffix(".key"), "\(path)")
            }

            // Damage one blob of the backup set.
            let damaged = try #require(backup.manifest.blobs.list.first)
            let file = FileBlobStore(root: destination.appendingPathComponent("blobs"), temporary: destination.appendingPathComponent("tmp"))
            let url = try file.url(for: damaged.sha256)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            var bytes = try Data(contentsOf: url)
            bytes[bytes.count / 2] ^= 0x01
            try bytes.write(to: url)

            let target = Self.temporary("restored")
            defer { try? FileManager.default.removeItem(at: target) }
            var config = live.config
            config.dataDirectory = target
            config.database = .sqlite(path: target.appendingPathComponent("lawtrail.sqlite").path)
            let restored = try await Backup.restore(source: destination, config: config)
            #expect(restored.findings.count == 1)
            #expect(restored.findings.first?.contains(damaged.sha256) == true)
            #expect(restored.findings.first?.contains("damaged") == true)
            #expect(restored.keys.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("keys/ledger.key").path))
            // The damaged blob is not in the restored directory.
            #expect(!FileBlobStore(root: DataDirectory(target).blobs, temporary: DataDirectory(target).tmp).contains(damaged.sha256))

            // The keyed backup restores with its keys.
            let second = Self.temporary("restored-keys")
            defer { try? FileManager.default.removeItem(at: second) }
            config.dataDirectory = second
            config.database = .sqlite(path: second.appendingPathComponent("lawtrail.sqlite").path)
            let fromKeyed = try await Backup.restore(source: keyed.snapshot, config: config)
            #expect(fromKeyed.findings.isEmpty, "\(fromKeyed.findings)")
            #expect(fromKeyed.keys.contains("ledger.key"))
            let audit = try await Maintenance.verifyLedger(config: config)
            #expect(audit.isClean, "\(audit.findings)")
        }
    }

    @Test("migrate-data: SQLite into an empty PostgreSQL database, equal ledgers, verify clean; a non-empty target is refused")
    func migrateData() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        try await withRestartableTestApp(.sqlite, demo: true, adjust: { $0.demoHistory = true }) { live in
            let app = try await live.start()
            let api = APIClient(app: app)
            let token = try await api.token(.officer)
            let counterparty = try #require(try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person").first()?.id)
            _ = try await api.caseAndActivity(token: token, counterpartyID: counterparty)
            try await app.asyncShutdown()

            let target = try await Self.newPostgresDatabase()
            do {
                let report = try await Backup.migrateData(sqliteDataDirectory: live.config.dataDirectory, postgresURL: target.url)
                #expect(report.ledgersEqual)
                #expect(report.source.size > 0)
                #expect(report.target.root == report.source.root)
                #expect(report.target.checkpoint == report.source.checkpoint)
                #expect(report.tables.count >= 60)
                #expect(report.tables.first { $0.name == "ledger_entries" }?.rows == Int(report.source.size))

                var moved = live.config
                moved.database = .postgres(url: target.url)
                let ledger = try await Maintenance.verifyLedger(config: moved)
                #expect(ledger.isClean, "\(ledger.findings)")
                let records = try await Maintenance.verifyRecords(config: moved)
                #expect(records.findings.isEmpty, "\(records.findings)")
                let publications = try await Maintenance.verifyPublications(config: moved)
                #expect(publications.findings.isEmpty, "\(publications.findings)")

                await #expect(throws: SnapshotError.self) {
                    _ = try await Backup.migrateData(sqliteDataDirectory: live.config.dataDirectory, postgresURL: target.url)
                }
            } catch {
                await Self.dropPostgresDatabase(target.name)
                throw error
            }
            await Self.dropPostgresDatabase(target.name)
        }
    }
}
