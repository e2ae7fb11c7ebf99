import App
import Foundation
import Vapor
import VaporTesting

/// Builds the real application on an isolated database, runs `body`, and cleans up
/// (STYLE "An app builder that takes configuration"). No socket: requests go through the router.
@discardableResult
public func withTestApp<T>(
    _ database: TestDatabase = .sqlite,
    demo: Bool = false,
    adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (Application) async throws -> T
) async throws -> T {
    let isolated = try await IsolatedDatabase.make(database)
    let config = testConfig(isolated, demo: demo, adjust: adjust)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, config: config)
        let result = try await body(app)
        try await app.asyncShutdown()
        await isolated.tearDown()
        return result
    } catch {
        try? await app.asyncShutdown()
        await isolated.tearDown()
        throw error
    }
}

/// The settings every test app uses: its isolated database and data directory, a fixed ledger
/// origin, and the cheapest bcrypt cost so sign-ins stay fast.
func testConfig(_ isolated: IsolatedDatabase, demo: Bool, adjust: (inout AppConfig) -> Void) -> AppConfig {
    var config = AppConfig(
        dataDirectory: isolated.dataDirectory, database: isolated.target, demo: demo,
        ledgerOrigin: "lawtrail.test/ledger")
    config.passwordHashCost = 4
    config.demoHistory = false  // the small demo set the tests count on; DemoHistoryTests turns it on
    adjust(&config)
    return config
}

/// Two applications on one database and one data directory, as two servers behind a proxy (issue 17
/// item 2): the first migrates, the second starts on the migrated database. `body` gets both.
public func withTwoTestApps<T>(
    _ database: TestDatabase = .sqlite,
    demo: Bool = false,
    adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (Application, Application) async throws -> T
) async throws -> T {
    let isolated = try await IsolatedDatabase.make(database)
    let config = testConfig(isolated, demo: demo, adjust: adjust)
    var apps: [Application] = []
    do {
        for index in 0..<2 {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            apps.append(app)
            var own = config
            own.demo = demo && index == 0
            try await configure(app, config: own)
        }
        let result = try await body(apps[0], apps[1])
        for app in apps { try await app.asyncShutdown() }
        await isolated.tearDown()
        return result
    } catch {
        for app in apps { try? await app.asyncShutdown() }
        await isolated.tearDown()
        throw error
    }
}
