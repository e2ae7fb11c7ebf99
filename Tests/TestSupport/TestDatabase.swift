import Foundation
import Persistence

/// The databases every database test runs on: SQLite always, PostgreSQL when
/// `LAWTRAIL_TEST_POSTGRES_URL` is set (CI sets it and checks the PostgreSQL cases ran).
public enum TestDatabase: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    public static let postgresURL: String? = {
        let value = ProcessInfo.processInfo.environment["LAWTRAIL_TEST_POSTGRES_URL"]
        return value?.isEmpty == false ? value : nil
    }()

    /// The arguments for `@Test(arguments:)`.
    public static var all: [TestDatabase] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }
}

/// An isolated database for one test: a fresh SQLite file in its own directory, or a fresh
/// PostgreSQL schema, so tests run in parallel without seeing each other's rows.
public struct IsolatedDatabase: Sendable {
    public let target: DatabaseTarget
    public let dataDirectory: URL
    private let schema: String?

    public static func make(_ kind: TestDatabase) async throws -> IsolatedDatabase {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lawtrail-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            return IsolatedDatabase(
                target: .sqlite(path: directory.appendingPathComponent("lawtrail.sqlite").path),
                dataDirectory: directory, schema: nil)
        case .postgres:
            guard let url = TestDatabase.postgresURL else {
                throw TestSupportError.postgresNotConfigured
            }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await PostgresAdmin.execute("CREATE SCHEMA \(schema)", url: url)
            return IsolatedDatabase(
                target: .postgres(url: url, searchPath: [schema]),
                dataDirectory: directory, schema: schema)
        }
    }

    /// Drops the schema and the directory.
    public func tearDown() async {
        if let schema, let url = TestDatabase.postgresURL {
            try? await PostgresAdmin.execute("DROP SCHEMA \(schema) CASCADE", url: url)
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}

public enum TestSupportError: Error, CustomStringConvertible {
    case postgresNotConfigured

    public var description: String {
        "LAWTRAIL_TEST_POSTGRES_URL is not set; PostgreSQL tests cannot run"
    }
}
