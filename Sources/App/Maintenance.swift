import Fluent
import Persistence
import Vapor

/// Offline operations of the command line (migrate, verify, …) over the same wiring as `serve`,
/// without starting the HTTP server.
public enum Maintenance {
    /// Runs pending migrations; returns the names of those it applied.
    public static func migrate(config: AppConfig) async throws -> [String] {
        try await withDatabase(config: config, autoMigrate: false) { app in
            let before = try await appliedMigrationNames(app.db)
            try await app.autoMigrate()
            try await DatabaseTuning.apply(on: app.db)
            let after = try await appliedMigrationNames(app.db)
            return after.filter { !before.contains($0) }
        }
    }

    /// Boots an application around `body` (database and services, no HTTP), then shuts it down.
    public static func withDatabase<T: Sendable>(
        config: AppConfig, autoMigrate: Bool = true,
        _ body: @Sendable (Application) async throws -> T
    ) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["lawtrail"]))
        app.logger.logLevel = .warning
        do {
            var quiet = config
            quiet.demo = false
            try await configure(app, config: quiet, autoMigrate: autoMigrate)
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
