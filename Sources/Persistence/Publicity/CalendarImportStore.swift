import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Holiday arrangements taken into the statutory calendar (SPEC X1; issue 13 item 3), each once per
/// year and digest with its `calendar.imported` event — whichever server or command notices it first.
public struct CalendarImportStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Whether `arrangement`, as it is now, has been recorded.
    public func isRecorded(_ arrangement: HolidayArrangement, on db: any Database) async throws -> Bool {
        try await (db as! any SQLDatabase).raw("""
            SELECT 1 AS found FROM calendar_imports WHERE year = \(bind: arrangement.year) AND sha256 = \(bind: arrangement.sha256)
            """).first() != nil
    }

    /// Records `arrangement` with its event. A second record of the same year and digest (another
    /// server that noticed the same file) is refused by the primary key and changes nothing.
    public func record(_ arrangement: HolidayArrangement, by userID: UUID?, at: Date) async throws {
        let event = try DomainEvents.calendarImported(year: arrangement.year, sha256: arrangement.sha256, userID: userID, at: at)
        try await ledger.append([event], indexedWork: { db, first in
            try await (db as! any SQLDatabase).insert(into: "calendar_imports")
                .columns("year", "sha256", "imported_at", "imported_by", "ledger_index")
                .values(
                    SQLBind(arrangement.year), SQLBind(arrangement.sha256), SQLBind(at.unixMilliseconds),
                    SQLBind(userID?.lowercased), SQLBind(Int64(first)))
                .run()
        })
    }
}
