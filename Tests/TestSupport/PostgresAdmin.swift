import FluentPostgresDriver
import Foundation
import Logging

/// One-off statements against the test server (creating and dropping per-test schemas).
public enum PostgresAdmin {
    public static func execute(_ statement: String, url: String) async throws {
        let configuration = try SQLPostgresConfiguration(url: url)
        let connection = try await PostgresConnection.connect(
            configuration: configuration.coreConfiguration, id: 1, logger: Logger(label: "test-admin"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test-admin"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
