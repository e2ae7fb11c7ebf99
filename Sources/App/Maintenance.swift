import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Vapor

/// Offline operations of the command line (migrate, verify, …): the database and the data
/// directory, without the HTTP server and without creating anything that is not there.
public enum Maintenance {
    /// Runs pending migrations; returns the names of those it applied.
    public static func migrate(config: AppConfig) async throws -> [String] {
        try DataDirectory(config.dataDirectory).prepare()
        return try await withDatabase(config: config) { app in
            let before = try await appliedMigrationNames(app.db)
            try await app.autoMigrate()
            try await DatabaseTuning.apply(on: app.db)
            let after = try await appliedMigrationNames(app.db)
            return after.subtracting(before).sorted()
        }
    }

    /// The ledger audit of `lawtrail ledger verify` (SPEC X3): findings, first bad index first.
    public static func verifyLedger(config: AppConfig) async throws -> LedgerAuditReport {
        let directory = DataDirectory(config.dataDirectory)
        let verifiers = try LedgerKeys.existingVerifiers(config: config, dataDirectory: directory)
        return try await withDatabase(config: config) { app in
            var report = try await LedgerAudit(
                database: app.db, verifiers: verifiers, origin: config.ledgerOrigin,
                retiredAtSize: try LedgerKeys.retiredBounds(dataDirectory: directory)
            ).run()
            if verifiers.isEmpty {
                report.findings.insert(LedgerFinding(
                    index: nil, message: "no ledger key in \(directory.keys.path) or LAWTRAIL_LEDGER_KEY: signatures cannot be checked"), at: 0)
            }
            return report
        }
    }

    /// The records-and-blobs part of `lawtrail verify` (SPEC R9.3, R14).
    public static func verifyRecords(config: AppConfig) async throws -> RecordAudit.Report {
        let directory = DataDirectory(config.dataDirectory)
        return try await withDatabase(config: config) { app in
            try await RecordAudit(database: app.db, blobs: config.blobStore(localStore: FileBlobStore(root: directory.blobs, temporary: directory.tmp))).run()
        }
    }

    /// The publicity part of `lawtrail verify` (SPEC X3; issue 5).
    public static func verifyPublications(config: AppConfig) async throws -> PublicationAudit.Report {
        try await withDatabase(config: config) { app in try await PublicationAudit(database: app.db).run() }
    }

    /// The latest signed checkpoint, or nil for a ledger with no entries.
    public static func latestCheckpoint(config: AppConfig) async throws -> String? {
        try await withDatabase(config: config) { app in
            try await LedgerReader(database: app.db).latestCheckpoint()?.note
        }
    }

    public static func ledgerSize(config: AppConfig) async throws -> UInt64 {
        if case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path) { return 0 }
        return try await withDatabase(config: config) { app in
            try await LedgerReader(database: app.db).size()
        }
    }

    /// `lawtrail ledger rotate-key`: retires the signing key at the ledger's present size and
    /// creates a new one (issue 12 item 12). Run with the servers stopped.
    public static func rotateLedgerKey(config: AppConfig) async throws -> (retired: String, current: String, size: UInt64) {
        let size = try await ledgerSize(config: config)
        let keys = try LedgerKeys.rotate(config: config, dataDirectory: DataDirectory(config.dataDirectory), atSize: size)
        return (keys.retired.verifierKey, keys.current.verifierKey, size)
    }

    /// Creates a staff account (`lawtrail user add`).
    public static func addUser(config: AppConfig, username: String, displayName: String, role: String, password: String) async throws {
        guard let role = Role(rawValue: role) else {
            throw AccountService.Failure.unknownRole(role)
        }
        try await withDatabase(config: config) { app in
            _ = try await AccountService.createUser(
                username: username, displayName: displayName, role: role, password: password,
                on: app.db, hasher: BcryptHasher(cost: config.passwordHashCost))
        }
    }

    /// Boots the database layer around `body`, then shuts it down.
    static func withDatabase<T: Sendable>(
        config: AppConfig, _ body: @Sendable (Application) async throws -> T
    ) async throws -> T {
        if case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path) {
            throw MaintenanceError.noDatabase(path)
        }
        let app = try await Application.make(Environment(name: "production", arguments: ["lawtrail"]))
        app.logger.logLevel = .warning
        do {
            try config.database.register(on: app.databases)
            AllMigrations.register(on: app.migrations)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    private static func appliedMigrationNames(_ db: Database) async throws -> Set<String> {
        do {
            return Set(try await MigrationLog.query(on: db).all().map(\.name))
        } catch {
            return []  // no _fluent_migrations table yet
        }
    }
}

public enum MaintenanceError: Error, CustomStringConvertible {
    case noDatabase(String)

    public var description: String {
        switch self {
        case .noDatabase(let path): "no database at \(path) (run `lawtrail serve` or `lawtrail migrate` first, or set --data-dir)"
        }
    }
}
