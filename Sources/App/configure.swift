import Fluent
import Foundation
import Leaf
import LeafKit
import Persistence
import Vapor

/// Wires a LawTrail application from its settings. The executable and the tests both call it,
/// so the tests exercise the real app against a real database.
public func configure(_ app: Application, config: AppConfig, autoMigrate: Bool = true) async throws {
    let dataDirectory = DataDirectory(config.dataDirectory)
    try dataDirectory.prepare()

    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.http.server.configuration.serverName = "LawTrail"

    try config.database.register(on: app.databases)
    let signer = try LedgerKeys.signer(config: config, dataDirectory: dataDirectory)
    let metrics = ServerMetrics()
    app.serverMetrics = metrics
    app.lawTrail = LawTrailServices(
        config: config, dataDirectory: dataDirectory,
        ledger: LedgerService(
            signer: signer, verifiers: try LedgerKeys.verifiers(current: signer, dataDirectory: dataDirectory),
            database: app.db, observe: { metrics.observe($0) }),
        personalData: try PersonalDataProtection.load(keysDirectory: dataDirectory.keys),
        liveCalendar: try LiveCalendar(dataDirectory: config.dataDirectory))
    AllMigrations.register(on: app.migrations)
    if autoMigrate {
        try await app.autoMigrate()
        try await DatabaseTuning.apply(on: app.db)
        try await UploadCleanup.atStartUp(app)
    }

    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = Resources.viewsDirectory
    // The resource bundle sits under `.build/` when run from a checkout; Leaf's default
    // limits refuse hidden path components, so keep the sandbox and extension checks only.
    app.leaf.sources = .singleSource(NIOLeafFiles(
        fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
        sandboxDirectory: Resources.viewsDirectory, viewDirectory: Resources.viewsDirectory))
    app.leaf.tags["chineseDate"] = ChineseDateTag()
    app.leaf.tags["url"] = URLTag()

    // Problems replace Vapor's default error body (ARCHITECTURE "Errors": RFC 9457).
    app.middleware = Middlewares()
    // First, so it times the whole answer and sees the status sent (issue 16).
    app.middleware.use(RequestMetricsMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ForbiddenResponseLog())
    app.middleware.use(ProblemMiddleware(environment: app.environment))
    app.anonymousRefusals = AnonymousRefusalThrottle()
    app.publicCost = PublicCostBounds()
    app.portalPages = PortalPageCaches(bureauName: config.bureauName)
    app.openDataFiles = OpenDataFiles(directory: dataDirectory.root.appendingPathComponent("cache/open-data", isDirectory: true))

    app.passwords.use(.bcrypt(cost: config.passwordHashCost))
    app.passwordWork = PasswordWork(cost: config.passwordHashCost)
    app.lifecycle.use(PasswordWorkLifecycle())
    try routes(app)

    if config.demo {
        try await DemoData.seedIfEmpty(
            app.db, directory: DirectoryStore(ledger: app.lawTrail.ledger.writer, protection: app.lawTrail.personalData),
            ledger: app.lawTrail.ledger.writer, hasher: app.password.sync, logger: app.logger, services: app.lawTrail)
    }
}

/// Where the bundled views live at run time (SwiftPM resource bundle).
enum Resources {
    static var viewsDirectory: String {
        guard let url = Bundle.module.url(forResource: "Views", withExtension: nil) else {
            fatalError("LawTrail views are missing from the App resource bundle")
        }
        return url.path.hasSuffix("/") ? url.path : url.path + "/"
    }
}
