import App
import ArgumentParser
import Foundation

/// `lawtrail backup DEST` (issue 17 item 3; docs/operations.md "Backups"). This file must not
/// import Vapor (ConsoleKit's `@Option` clashes with ArgumentParser's).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "A consistent online backup: database snapshot, new blobs, manifest with the ledger checkpoint.",
        discussion: "PostgreSQL needs pg_dump on PATH. Keys are not copied unless --include-keys is given.")
    @Argument(help: "The backup set directory (created; blobs are shared by its snapshots).") var destination: String
    @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String?
    @Flag(name: .customLong("include-keys"), help: "Also copy the signing and sealing keys (keep them apart instead).") var includeKeys = false

    func run() async throws {
        let config = try AppConfig.resolve(dataDirectory: dataDirectory)
        if includeKeys {
            printError("""
                WARNING: --include-keys copies the ledger signing key and the personal-data sealing key \
                into this backup. Whoever reads the backup can then sign checkpoints in the bureau's name \
                and decrypt sealed identity numbers. Keep keys apart from backups (docs/operations.md "Keys").
                """)
        }
        try await reportingFailure(of: "backup") {
            let report = try await Backup.backup(
                config: config, destination: URL(fileURLWithPath: destination), includeKeys: includeKeys,
                log: { print($0) })
            for finding in report.findings { print("FAIL \(finding)") }
            let manifest = report.manifest
            print("backup: \(report.snapshot.path)")
            print("ledger: size \(manifest.ledger.size), root \(manifest.ledger.rootSha256)")
            print("blobs: \(manifest.blobs.count) (\(manifest.blobs.copied) new), files: \(manifest.files.count), keys: \(manifest.keys.included ? "INCLUDED" : "not included")")
            if !report.findings.isEmpty { throw ExitCode.failure }
        }
    }
}

/// `lawtrail restore SRC --data-dir NEW` (issue 17 item 3).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Build a new data directory (and, with DATABASE_URL, an empty PostgreSQL database) from a backup.")
    @Argument(help: "A backup set (its newest snapshot is taken) or one snapshot directory.") var source: String
    @Option(name: .customLong("data-dir"), help: "The new data directory (must not exist or be empty).") var dataDirectory: String
    @Option(name: .customLong("keys"), help: "A directory with ledger.key, personal-data.key and retired/ (where keys are kept).") var keys: String?
    @Option(name: .customLong("live"), help: "The live server's address: prove the restored ledger is a prefix of its ledger.") var live: String?

    func run() async throws {
        let config = try AppConfig.resolve(dataDirectory: dataDirectory)
        try await reportingFailure(of: "restore") {
            let report = try await Backup.restore(
                source: URL(fileURLWithPath: source), config: config,
                keys: keys.map { URL(fileURLWithPath: $0, isDirectory: true) }, liveURL: live, log: { print($0) })
            for finding in report.findings { print("FAIL \(finding)") }
            print("restored \(report.snapshot.lastPathComponent) (made \(report.manifest.createdAt) by lawtrail \(report.manifest.softwareVersion)) into \(config.dataDirectory.path)")
            print("ledger: size \(report.ledger.size), root \(report.ledger.root.hex) — \(report.ledger.size == report.manifest.ledger.size && report.ledger.root.hex == report.manifest.ledger.rootSha256 ? "the manifest's checkpoint" : "NOT the manifest's checkpoint")")
            if report.keys.isEmpty {
                printError("""
                    no keys restored: put ledger.key, personal-data.key and retired/ into \(config.dataDirectory.appendingPathComponent("keys").path) \
                    (mode 0600) before `lawtrail serve`, which would otherwise make new ones (sealed identity numbers unreadable)
                    """)
            } else {
                print("keys: \(report.keys.joined(separator: ", "))")
            }
            if let prefix = report.prefix {
                print("prefix: the restored ledger (size \(prefix.restoredSize)) is a prefix of the live ledger (size \(prefix.liveSize)): consistency proof of \(prefix.proofLength) hashes verified")
            }
            if !report.findings.isEmpty { throw ExitCode.failure }
            print("next: lawtrail verify --data-dir \(config.dataDirectory.path)")
        }
    }
}

/// `lawtrail migrate-data --from SQLITE_DATA_DIR --to DATABASE_URL` (issue 17 item 3).
struct MigrateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Move a SQLite data directory's database into an empty PostgreSQL database; both ledgers must end equal.")
    @Option(name: .customLong("from"), help: "The SQLite data directory (stop its server first).") var from: String
    @Option(name: .customLong("to"), help: "postgres://… of an empty database.") var to: String

    func run() async throws {
        try await reportingFailure(of: "migrate-data") {
            let report = try await Backup.migrateData(
                sqliteDataDirectory: URL(fileURLWithPath: from, isDirectory: true), postgresURL: to,
                log: { table, rows in print("\(table): \(rows) rows") })
            print("SQLite ledger:     size \(report.source.size), root \(report.source.root.hex)")
            print("PostgreSQL ledger: size \(report.target.size), root \(report.target.root.hex)")
            guard report.ledgersEqual else {
                printError("the two ledgers differ: do not use the PostgreSQL database")
                throw ExitCode.failure
            }
            print("the ledgers are equal: start the server with DATABASE_URL and the same data directory (blobs, keys and calendar stay in it)")
        }
    }
}

/// Runs a command's work: a finding already reported ends it with its `ExitCode`; any other error
/// is printed as "<command> failed: …" and ends it with a failure.
func reportingFailure(of command: String, _ work: () async throws -> Void) async throws {
    do {
        try await work()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("\(command) failed: \(error)")
        throw ExitCode.failure
    }
}
