import Fluent
import Foundation
import Ledger
import Persistence
import Vapor

/// `lawtrail backup`, `lawtrail restore` and `lawtrail migrate-data` (issue 17 item 3;
/// docs/operations.md "Backups"). The database work is Persistence's (`DatabaseSnapshot`,
/// `BlobCopy`, `DataMove`, `LedgerPrefixProof`); this puts the pieces of a data directory together.
///
/// A backup set is a directory:
///
/// ```
/// DEST/blobs/sha256/<2 hex>/<62 hex>       every blob ever backed up, shared, files 0400
/// DEST/snapshots/<yyyyMMddTHHmmssZ>/       one per run
///     manifest.json
///     lawtrail.sqlite | database.pgdump
///     files/calendar/…, files/outbox/…, files/archives/…
///     keys/…                               only with --include-keys
/// ```
public enum Backup {
    public static let snapshotsDirectory = "snapshots"
    public static let blobsDirectory = "blobs"

    public struct Report: Sendable {
        public let snapshot: URL
        public let manifest: BackupManifest
        /// Problems found in the live data while copying (a blob whose bytes changed): the backup
        /// is written without them, and `lawtrail verify` on the live data will say more.
        public let findings: [String]
    }

    /// Makes one snapshot in the set `destination` while the server keeps running.
    public static func backup(
        config: AppConfig, destination: URL, includeKeys: Bool, log: @Sendable (String) -> Void = { _ in }
    ) async throws -> Report {
        let data = DataDirectory(config.dataDirectory)
        let now = config.requestClock()
        let snapshot = destination.appendingPathComponent(snapshotsDirectory, isDirectory: true)
            .appendingPathComponent(snapshotName(now), isDirectory: true)
        guard !FileManager.default.fileExists(atPath: snapshot.path) else { throw SnapshotError.exists(snapshot.path) }
        for directory in [destination, snapshot.deletingLastPathComponent(), snapshot] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }

        // 1. The database, one consistent state.
        let ledger: LedgerState
        let migrations: [String]
        let databaseCopy: BackupManifest.DatabaseCopy
        switch config.database {
        case .sqlite:
            let copy = snapshot.appendingPathComponent("lawtrail.sqlite")
            try await Maintenance.withDatabase(config: config) { app in
                try await DatabaseSnapshot.sqliteCopy(of: app.db, to: copy.path)
            }
            var copyConfig = config
            copyConfig.database = .sqlite(path: copy.path)
            let facts = try await Maintenance.withDatabase(config: copyConfig) { app in
                (try await LedgerReader(database: app.db).state(), try await DatabaseSnapshot.migrationNames(app.db))
            }
            ledger = facts.0
            migrations = facts.1
            databaseCopy = try describe(copy, kind: "sqlite", schema: nil)
        case .postgres(let url, let searchPath):
            let dump = snapshot.appendingPathComponent("database.pgdump")
            let schema = searchPath?.first
            let facts = try await Maintenance.withDatabase(config: config) { app in
                try await DatabaseSnapshot.postgresDump(of: app.db, url: url, schema: schema, to: dump)
            }
            ledger = facts.ledger
            migrations = facts.migrations
            databaseCopy = try describe(dump, kind: "postgres", schema: schema)
        }
        log("database: \(databaseCopy.kind) copy of \(databaseCopy.bytes) bytes, ledger size \(ledger.size)")

        // 2. Blobs: new ones only, each re-hashed on the way. Listed after the database copy, so
        // every blob the copy refers to is there (a blob is stored before its record commits).
        let store = config.blobStore(localStore: FileBlobStore(root: data.blobs, temporary: data.tmp))
        let target = FileBlobStore(
            root: destination.appendingPathComponent(blobsDirectory, isDirectory: true),
            temporary: destination.appendingPathComponent("tmp", isDirectory: true))
        var entries: [BackupManifest.BlobEntry] = []
        var findings: [String] = []
        var copied = 0
        var copiedBytes: UInt64 = 0
        for digest in try await store.allDigests() {
            switch try await BlobCopy.copy(digest, from: store, into: target) {
            case .copied(let bytes):
                entries.append(.init(sha256: digest, bytes: bytes))
                copied += 1
                copiedBytes += bytes
            case .present(let bytes):
                entries.append(.init(sha256: digest, bytes: bytes))
            case .missing:
                continue  // removed (disposed of) between the listing and the read
            case .changed(let actual, _):
                findings.append("blob \(digest) in \(store.location) now hashes to \(actual): not backed up (run lawtrail verify)")
            }
        }
        log("blobs: \(entries.count) (\(copied) copied now, \(copiedBytes) bytes)")

        // 3. The other files of the data directory.
        let files = try copyFiles(from: data.root, into: snapshot.appendingPathComponent("files", isDirectory: true))

        // 4. Keys, only when asked.
        var keyFiles: [String] = []
        if includeKeys {
            keyFiles = try copyTree(
                data.keys, into: snapshot.appendingPathComponent("keys", isDirectory: true), mode: 0o600)
        }

        let verifiers = (try? LedgerKeys.existingVerifiers(config: config, dataDirectory: data)) ?? []
        let manifest = BackupManifest(
            format: BackupManifest.currentFormat,
            createdAt: rfc3339(now),
            softwareVersion: LawTrailVersion.current,
            schema: .init(latestMigration: migrations.max(), migrations: migrations),
            database: databaseCopy,
            ledger: .init(
                size: ledger.size, rootSha256: ledger.root.hex, rootBase64: ledger.root.base64,
                checkpoint: ledger.checkpoint, origin: config.ledgerOrigin,
                verifierKeys: verifiers.map(\.verifierKey)),
            blobs: .init(
                store: store.location, directory: "../../" + blobsDirectory, count: entries.count,
                bytes: entries.reduce(0) { $0 + $1.bytes }, copied: copied, copiedBytes: copiedBytes, list: entries),
            files: files,
            keys: .init(included: includeKeys, files: keyFiles, ledgerKeyFromEnvironment: config.ledgerPrivateKey != nil))
        try write(manifest, to: snapshot.appendingPathComponent("manifest.json"))
        return Report(snapshot: snapshot, manifest: manifest, findings: findings)
    }

    // MARK: restore

    public struct RestoreReport: Sendable {
        public let snapshot: URL
        public let manifest: BackupManifest
        public let ledger: LedgerState
        public let blobs: Int
        /// Damaged or missing parts of the backup: a restore with findings is not to be served.
        public let findings: [String]
        public let keys: [String]
        public let prefix: LedgerPrefixProof.Outcome?
    }

    /// Builds the data directory of `config` (which must be new or empty; with PostgreSQL the
    /// database must be empty too) from the snapshot `source` (a snapshot directory, or a set whose
    /// newest snapshot is taken). `keys`: a directory holding `ledger.key`, `personal-data.key` and
    /// `retired/` from where the keys are kept. `liveURL`: prove the restored ledger is a prefix of
    /// that server's.
    public static func restore(
        source: URL, config: AppConfig, keys keysSource: URL? = nil, liveURL: String? = nil,
        log: @Sendable (String) -> Void = { _ in }
    ) async throws -> RestoreReport {
        let snapshot = try resolveSnapshot(source)
        let manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: snapshot.appendingPathComponent("manifest.json")))
        guard manifest.format == BackupManifest.currentFormat else { throw RestoreError.format(manifest.format) }
        let data = DataDirectory(config.dataDirectory)
        if FileManager.default.fileExists(atPath: data.root.path),
           !(try FileManager.default.contentsOfDirectory(atPath: data.root.path)).isEmpty {
            throw SnapshotError.notEmpty("the data directory \(data.root.path)")
        }
        var findings: [String] = []

        // 1. The database copy, checked against the manifest before use.
        let databaseFile = snapshot.appendingPathComponent(manifest.database.file)
        let actual = try sha256(of: databaseFile)
        guard actual == manifest.database.sha256 else {
            throw RestoreError.damaged("\(manifest.database.file) hashes to \(actual), the manifest says \(manifest.database.sha256)")
        }
        switch (config.database, manifest.database.kind) {
        case (.sqlite(let path), "sqlite"):
            try data.prepare()
            try FileManager.default.copyItem(atPath: databaseFile.path, toPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        case (.postgres(let url, _), "postgres"):
            let existing = try await Maintenance.withDatabase(config: config) { app in
                try await DatabaseSnapshot.userRelationCount(app.db)
            }
            guard existing == 0 else { throw SnapshotError.notEmpty("the PostgreSQL database") }
            try data.prepare()
            try await DatabaseSnapshot.postgresRestore(from: databaseFile, url: url)
        case (.sqlite, _):
            throw RestoreError.kind("the backup is a PostgreSQL dump: set DATABASE_URL to an empty PostgreSQL database")
        case (.postgres, _):
            throw RestoreError.kind("the backup is a SQLite copy: restore it without DATABASE_URL, then move it with `lawtrail migrate-data`")
        }
        log("database restored (\(manifest.database.kind))")

        // 2. Blobs, each re-hashed: a changed backup copy is reported, not restored.
        let setBlobs = FileBlobStore(
            root: snapshot.appendingPathComponent(manifest.blobs.directory, isDirectory: true).standardizedFileURL,
            temporary: data.tmp)
        let local = FileBlobStore(root: data.blobs, temporary: data.tmp)
        var restored = 0
        for entry in manifest.blobs.list {
            switch try await BlobCopy.copy(entry.sha256, from: setBlobs, into: local) {
            case .copied, .present: restored += 1
            case .missing: findings.append("blob \(entry.sha256): missing from the backup")
            case .changed(let actual, _): findings.append("blob \(entry.sha256): the backup's copy is damaged (it hashes to \(actual))")
            }
        }
        log("blobs: \(restored) of \(manifest.blobs.count) restored")

        // 3. Files.
        let files = snapshot.appendingPathComponent("files", isDirectory: true)
        for file in manifest.files {
            let from = files.appendingPathComponent(file.path)
            let to = data.root.appendingPathComponent(file.path)
            guard FileManager.default.fileExists(atPath: from.path) else {
                findings.append("file \(file.path): missing from the backup")
                continue
            }
            let digest = try sha256(of: from)
            guard digest == file.sha256 else {
                findings.append("file \(file.path): the backup's copy is damaged (it hashes to \(digest))")
                continue
            }
            try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(at: from, to: to)
        }

        // 4. Keys: from the snapshot when it has them, else from where they are kept.
        var keyFiles: [String] = []
        if manifest.keys.included {
            keyFiles = try copyTree(snapshot.appendingPathComponent("keys", isDirectory: true), into: data.keys, mode: 0o600)
        } else if let keysSource {
            keyFiles = try copyTree(keysSource, into: data.keys, mode: 0o600)
        }

        // 5. The restored ledger is the one the manifest names, and its checkpoint is signed.
        let state = try await Maintenance.withDatabase(config: config) { app in
            try await LedgerReader(database: app.db).state()
        }
        if state.size != manifest.ledger.size || state.root.hex != manifest.ledger.rootSha256 {
            findings.append("the restored ledger has size \(state.size) and root \(state.root.hex); the manifest says \(manifest.ledger.size) and \(manifest.ledger.rootSha256)")
        }
        let verifiers = try manifest.ledger.verifierKeys.map { try NoteVerifier(verifierKey: $0) }
        if let note = manifest.ledger.checkpoint {
            do {
                let checkpoint = try Checkpoint.open(note, verifiers: verifiers, expectedOrigin: manifest.ledger.origin)
                if checkpoint.size != state.size || checkpoint.rootHash != state.root {
                    findings.append("the manifest's checkpoint (size \(checkpoint.size)) is not the restored ledger's")
                }
            } catch {
                findings.append("the manifest's checkpoint does not verify with its keys: \(error)")
            }
        }
        var prefix: LedgerPrefixProof.Outcome?
        if let liveURL {
            prefix = try await LedgerPrefixProof.prove(restored: state, liveBaseURL: liveURL, verifiers: verifiers)
        }
        return RestoreReport(
            snapshot: snapshot, manifest: manifest, ledger: state, blobs: restored, findings: findings,
            keys: keyFiles, prefix: prefix)
    }

    /// `lawtrail ledger prove-prefix`: the ledger of `config`'s database is a prefix of the live one.
    public static func provePrefix(config: AppConfig, liveURL: String) async throws -> LedgerPrefixProof.Outcome {
        let data = DataDirectory(config.dataDirectory)
        let verifiers = try LedgerKeys.existingVerifiers(config: config, dataDirectory: data)
        guard !verifiers.isEmpty else { throw RestoreError.noKeys(data.keys.path) }
        let state = try await Maintenance.withDatabase(config: config) { app in
            try await LedgerReader(database: app.db).state()
        }
        return try await LedgerPrefixProof.prove(restored: state, liveBaseURL: liveURL, verifiers: verifiers)
    }

    // MARK: SQLite → PostgreSQL

    /// `lawtrail migrate-data --from DIR --to URL`: runs the migrations on the empty PostgreSQL
    /// database `target`, copies every row of the SQLite database in `sqliteDataDirectory`, and
    /// reports both ledgers (equal size and root, or the caller fails).
    public static func migrateData(sqliteDataDirectory: URL, postgresURL: String, log: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws -> DataMove.Report {
        let sqlitePath = sqliteDataDirectory.appendingPathComponent("lawtrail.sqlite").path
        guard FileManager.default.fileExists(atPath: sqlitePath) else { throw MaintenanceError.noDatabase(sqlitePath) }
        guard postgresURL.hasPrefix("postgres://") || postgresURL.hasPrefix("postgresql://") else { throw DataMoveError.wrongDatabases }
        let target = DatabaseTarget.postgres(url: postgresURL)
        let app = try await Application.make(Environment(name: "production", arguments: ["lawtrail"]))
        app.logger.logLevel = .warning
        do {
            try target.register(on: app.databases)  // first: the default, which migrations run on
            try DatabaseTarget.sqlite(path: sqlitePath).register(on: app.databases)
            AllMigrations.register(on: app.migrations)
            guard try await DatabaseSnapshot.userRelationCount(app.db(DatabaseID(string: "psql"))) == 0 else {
                throw SnapshotError.notEmpty("the PostgreSQL database")
            }
            try await app.autoMigrate()
            let report = try await DataMove.copy(from: app.db(DatabaseID(string: "sqlite")), to: app.db(DatabaseID(string: "psql")), progress: log)
            try await app.asyncShutdown()
            return report
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    // MARK: helpers

    static func snapshotName(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// A snapshot directory as given, or the newest in a set.
    static func resolveSnapshot(_ source: URL) throws -> URL {
        if FileManager.default.fileExists(atPath: source.appendingPathComponent("manifest.json").path) { return source }
        let snapshots = source.appendingPathComponent(snapshotsDirectory, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshots.path)) ?? []
        guard let newest = names.filter({ name in
            FileManager.default.fileExists(atPath: snapshots.appendingPathComponent(name).appendingPathComponent("manifest.json").path)
        }).max() else {
            throw RestoreError.noSnapshot(source.path)
        }
        return snapshots.appendingPathComponent(newest, isDirectory: true)
    }

    static func describe(_ file: URL, kind: String, schema: String?) throws -> BackupManifest.DatabaseCopy {
        let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.uint64Value ?? 0
        return .init(kind: kind, file: file.lastPathComponent, bytes: bytes, sha256: try sha256(of: file), postgresSchema: schema)
    }

    static func sha256(of file: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        return try FileBlobStore.sha256Hex(reading: handle)
    }

    /// The data directory's files besides the database, blobs, keys and temporary files:
    /// `calendar/`, `outbox/`, `archives/` (not `archives/.staging/`, packages being built).
    static func copyFiles(from root: URL, into target: URL) throws -> [BackupManifest.FileCopy] {
        var copies: [BackupManifest.FileCopy] = []
        for part in ["calendar", "outbox", "archives"] {
            let base = root.appendingPathComponent(part, isDirectory: true)
            for relative in try regularFiles(under: base) where !relative.hasPrefix(".staging/") {
                let from = base.appendingPathComponent(relative)
                let to = target.appendingPathComponent(part, isDirectory: true).appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try FileManager.default.copyItem(at: from, to: to)
                let bytes = (try FileManager.default.attributesOfItem(atPath: to.path)[.size] as? NSNumber)?.uint64Value ?? 0
                copies.append(.init(path: part + "/" + relative, bytes: bytes, sha256: try sha256(of: to)))
            }
        }
        return copies
    }

    /// Copies every regular file under `source` into `target` (created 0700) with `mode`; returns
    /// the relative paths.
    static func copyTree(_ source: URL, into target: URL, mode: Int) throws -> [String] {
        let files = try regularFiles(under: source)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for relative in files {
            let to = target.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(at: source.appendingPathComponent(relative), to: to)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: to.path)
        }
        return files
    }

    static func regularFiles(under base: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base.appendingPathComponent(relative).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    static func write(_ manifest: BackupManifest, to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let partial = file.appendingPathExtension("partial")
        try encoder.encode(manifest).write(to: partial)
        try FileManager.default.moveItem(at: partial, to: file)
    }
}

public enum RestoreError: Error, CustomStringConvertible, Equatable {
    case format(String)
    case damaged(String)
    case kind(String)
    case noSnapshot(String)
    case noKeys(String)

    public var description: String {
        switch self {
        case .format(let format): "not a LawTrail backup this version reads (format \(format))"
        case .damaged(let what): "the backup is damaged: \(what)"
        case .kind(let why): why
        case .noSnapshot(let path): "no backup snapshot in \(path) (expected manifest.json or snapshots/*/manifest.json)"
        case .noKeys(let path): "no ledger key in \(path): the live checkpoint's signature cannot be checked"
        }
    }
}
