import Domain
import FluentKit
import Foundation
import SQLKit

/// Records the end of every publicity period that has run out (SPEC P7.5): each such publication
/// gets its `expired` step and ledger event. The public lists already hide it from the day after
/// its last day (`PublicationQueries.publicList` filters on the period), so a sweep that runs late
/// never shows an expired item; the sweep makes the end part of the record.
public enum ExpirySweep {
    public struct Result: Codable, Sendable, Hashable {
        public let expired: Int
    }

    public static func run(database: any Database, ledger: LedgerWriter, at: Date) async throws -> Result {
        let sql = database as! any SQLDatabase
        let today = CivilDate(at)
        let store = PublicationStore(ledger: ledger)
        var expired = 0
        while true {
            let ids = try await sql.raw("""
                SELECT id FROM publications
                WHERE state IN ('published', 'corrected') AND period_last_day IS NOT NULL
                  AND period_last_day < \(bind: today.description)
                ORDER BY period_last_day, id LIMIT 200
                """).all().compactMap { UUID(uuidString: try $0.decode(column: "id", as: String.self)) }
            if ids.isEmpty { break }
            for id in ids {
                try await store.apply(id, at: at, on: database) { try PublicationWorkflow.expire($0, at: at) }
                expired += 1
            }
        }
        return Result(expired: expired)
    }
}
