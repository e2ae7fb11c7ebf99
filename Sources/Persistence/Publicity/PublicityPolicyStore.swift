import Domain
import FluentKit
import Foundation
import SQLKit

/// The publicity-period policy versions the legal section sets (issue 13 item 4; SPEC P7.5, X3):
/// insert-only rows in `publicity_policy_versions`, each with its `publicity_policy.changed` ledger
/// event in the same transaction.
public struct PublicityPolicyStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Stores `version` with its ledger event.
    public func add(_ version: PublicityPolicyVersion, ledger: LedgerWriter) async throws {
        try await ledger.append([try DomainEvents.publicityPolicyChanged(version)], indexedWork: { db, first in
            try await (db as! any SQLDatabase).insert(into: "publicity_policy_versions")
                .columns("id", "effective_from", "changed_by", "changed_at", "ledger_index", "content")
                .values(
                    SQLBind(version.id.lowercased), SQLBind(version.effectiveFrom.description),
                    SQLBind(version.changedBy.lowercased), SQLBind(version.changedAt.unixMilliseconds),
                    SQLBind(Int64(first)), SQLBind(try JSONCoding.string(version)))
                .run()
        })
    }

    /// Every stored version, oldest effective date first (a handful: one per change of the rules).
    public func versions() async throws -> [PublicityPolicyVersion] {
        let rows = try await (database as! any SQLDatabase).raw("""
            SELECT content FROM publicity_policy_versions ORDER BY effective_from, changed_at
            """).all()
        return try rows.map { try JSONCoding.decode(PublicityPolicyVersion.self, try $0.decode(column: "content", as: String.self)) }
    }

    /// The schedule: stored versions over `fallback` (the start-up setting).
    public func schedule(fallback: PublicityPeriodPolicy) async throws -> PublicityPolicySchedule {
        PublicityPolicySchedule(versions: try await versions(), fallback: fallback)
    }
}
