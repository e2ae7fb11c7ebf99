import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Which database LawTrail stores into (ARCHITECTURE "Data and settings").
///
/// SQLite is the embedded default; PostgreSQL is the production database. Both run the same
/// migrations; a database-specific extra sits behind `SQLDialect` checks.
public enum DatabaseTarget: Sendable, Equatable {
    case sqlite(path: String)
    /// `searchPath` lets tests give every test its own schema on one database.
    case postgres(url: String, searchPath: [String]? = nil)

    /// The value `/healthz` reports.
    public var kindName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// Registers the database as Fluent's default.
    public func register(on databases: Databases, maxConnectionsPerEventLoop: Int = 4) throws {
        switch self {
        case .sqlite(let path):
            // One connection per event loop: SQLite has one writer anyway, and sqlite-nio's busy
            // handler retries on the blocking thread pool, so more connections than pool threads
            // could starve the connection that holds the write lock.
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1), as: .sqlite)
        case .postgres(let url, let searchPath):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = searchPath
            databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop),
                as: .psql)
        }
    }
}
