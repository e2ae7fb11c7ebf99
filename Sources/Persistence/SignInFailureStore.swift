import FluentKit
import Foundation
import SQLKit

/// Failed sign-ins per account and per client (issue 6 item 1), for `SignInPolicy`.
///
/// An attempt is reserved as a failure *before* the password is checked and released (a row in
/// `sign_in_releases`; both tables are insert-only) only when it succeeds or is refused unchecked
/// (issue 12 item 2): parallel attempts each see the others' reservations, so a burst cannot slip
/// past the limit between check and record.
public struct SignInFailureStore: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// Records one failure (or a reservation for an attempt in progress); returns its id.
    @discardableResult
    public func record(username: String, clientKey: String, at: Date) async throws -> String {
        let id = UUID().lowercased
        try await sql.insert(into: "sign_in_failures")
            .columns("id", "username", "client_key", "at")
            .values(SQLBind(id), SQLBind(String(username.prefix(64))), SQLBind(clientKey), SQLBind(at.unixMilliseconds))
            .run()
        return id
    }

    /// Withdraws a reservation: the attempt succeeded, or was refused without a password check.
    public func release(_ id: String, outcome: String) async throws {
        try await sql.insert(into: "sign_in_releases").columns("attempt_id", "outcome")
            .values(SQLBind(id), SQLBind(outcome)).run()
    }

    /// Failures since `since` other than `excluding`: for the account, and from the client; and the
    /// latest for the account.
    public func counts(
        username: String, clientKey: String, since: Date, excluding: String = ""
    ) async throws -> (account: Int, client: Int, lastAccountFailure: Date?) {
        let account = try await sql.raw("""
            SELECT COUNT(*) AS n, MAX(at) AS last FROM sign_in_failures f
            WHERE username = \(bind: String(username.prefix(64))) AND at >= \(bind: since.unixMilliseconds) AND id <> \(bind: excluding)
            AND NOT EXISTS (SELECT 1 FROM sign_in_releases r WHERE r.attempt_id = f.id)
            """).first()
        let client = try await sql.raw("""
            SELECT COUNT(*) AS n FROM sign_in_failures f
            WHERE client_key = \(bind: clientKey) AND at >= \(bind: since.unixMilliseconds) AND id <> \(bind: excluding)
            AND NOT EXISTS (SELECT 1 FROM sign_in_releases r WHERE r.attempt_id = f.id)
            """).first()
        return (
            try account?.decode(column: "n", as: Int.self) ?? 0, try client?.decode(column: "n", as: Int.self) ?? 0,
            try account?.decode(column: "last", as: Int64?.self).map(Date.init(unixMilliseconds:)))
    }
}
