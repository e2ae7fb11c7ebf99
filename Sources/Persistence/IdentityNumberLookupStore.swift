import Domain
import FluentKit
import Foundation
import SQLKit

/// The attempts to look a counterparty up by full ID number (issue 12 item 6), shared by every
/// server on the database and kept across restarts.
public struct IdentityNumberLookupStore: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// Records this attempt, then counts the person's attempts in the window, this one included,
    /// and answers whether `limit` allows it. Recording first is what makes it race-safe: two
    /// requests at once each see the other's row, so at worst both are refused, never both let
    /// through past the limit.
    public func reserve(userID: UUID, at: Date, limit: IdentityNumberLookupLimit) async throws -> Bool {
        try await sql.insert(into: "identity_number_lookups")
            .columns("id", "user_id", "at")
            .values(SQLBind(UUID().lowercased), SQLBind(userID.lowercased), SQLBind(at.unixMilliseconds))
            .run()
        let since = at.addingTimeInterval(-limit.window).unixMilliseconds
        let row = try await sql.raw("""
            SELECT COUNT(*) AS n FROM identity_number_lookups
            WHERE user_id = \(bind: userID.lowercased) AND at > \(bind: since)
            """).first()
        return limit.allows(attempts: try row?.decode(column: "n", as: Int.self) ?? 0)
    }

    /// The attempts of `userID` since `since`, newest first: the log staff and auditors read.
    public func attempts(userID: UUID, since: Date) async throws -> [Date] {
        try await sql.raw("""
            SELECT at FROM identity_number_lookups WHERE user_id = \(bind: userID.lowercased) AND at >= \(bind: since.unixMilliseconds)
            ORDER BY at DESC
            """).all().map { Date(unixMilliseconds: try $0.decode(column: "at", as: Int64.self)) }
    }
}
