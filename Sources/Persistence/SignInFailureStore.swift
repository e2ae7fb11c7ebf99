import FluentKit
import Foundation
import SQLKit

/// Failed sign-ins per account and per client (issue 6 item 1), for `SignInPolicy`.
public struct SignInFailureStore: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    public func record(username: String, clientKey: String, at: Date) async throws {
        try await sql.insert(into: "sign_in_failures")
            .columns("id", "username", "client_key", "at")
            .values(SQLBind(UUID().lowercased), SQLBind(String(username.prefix(64))), SQLBind(clientKey), SQLBind(at.unixMilliseconds))
            .run()
    }

    /// Failures since `since`: for the account, and from the client; and the latest for the account.
    public func counts(username: String, clientKey: String, since: Date) async throws -> (account: Int, client: Int, lastAccountFailure: Date?) {
        let account = try await sql.raw("""
            SELECT COUNT(*) AS n, MAX(at) AS last FROM sign_in_failures
            WHERE username = \(bind: String(username.prefix(64))) AND at >= \(bind: since.unixMilliseconds)
            """).first()
        let client = try await sql.raw("""
            SELECT COUNT(*) AS n FROM sign_in_failures WHERE client_key = \(bind: clientKey) AND at >= \(bind: since.unixMilliseconds)
            """).first()
        return (
            try account?.decode(column: "n", as: Int.self) ?? 0, try client?.decode(column: "n", as: Int.self) ?? 0,
            try account?.decode(column: "last", as: Int64?.self).map(Date.init(unixMilliseconds:)))
    }
}
