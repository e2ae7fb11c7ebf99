import Logging
import Persistence
import Vapor

/// Runs the HTTP server until Ctrl-C or SIGTERM (Vapor's serve command handles both and
/// shuts down cleanly). The `lawtrail serve` command is a thin wrapper over this.
public enum ServerRunner {
    public static func run(config: AppConfig) async throws {
        // Vapor parses these arguments itself; host and port come from `config` instead.
        var environment = Environment(name: "production", arguments: ["lawtrail", "serve"])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            try await configure(app, config: config, autoMigrate: true)
            PublicityScheduler.start(app)
            CalendarWatch.start(app)
            DutyScheduler.start(app)
            RetentionScheduler.start(app)
            UploadCleanup.startPeriodic(app)
            FixityAuditJob.start(app)
            // The planner's statistics (issue 16 item 4): hourly, cheap when little changed.
            let database = app.db
            app.runPeriodically("optimize", after: 60 * 60, every: 60 * 60) { try await DatabaseTuning.optimize(on: database) }
            app.logger.notice("LawTrail \(LawTrailVersion.current) on \(config.database.kindName), data in \(config.dataDirectory.path)")
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
