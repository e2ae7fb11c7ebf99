import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Writes the later life of duties (issue 13; SPEC X1, X2): a duty counted again, each with its
/// `obligation.rescheduled` event in one transaction. Nothing is changed in place: the latest
/// reschedule is the due day in force (`ObligationQueries.joined`), the earlier ones stay.
public struct ObligationStore: Sendable {
    /// One duty counted again, and why (`决定日期更正`, `导入2027年节假日安排`).
    public struct Reschedule: Sendable {
        public let obligation: Obligation
        public let reason: String

        public init(_ obligation: Obligation, reason: String) {
            self.obligation = obligation
            self.reason = reason
        }
    }

    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Stores `reschedules` after `events` (the change that caused them, e.g. a corrected decision
    /// record), with `work` for that change, in one transaction.
    public func reschedule(
        _ reschedules: [Reschedule], at: Date, along events: [LedgerEvent] = [], work: LedgerWriter.Work? = nil
    ) async throws {
        guard !reschedules.isEmpty || !events.isEmpty else { return }
        let leading = events.count
        let all = try events + reschedules.map { try DomainEvents.obligationRescheduled($0.obligation, reason: $0.reason, at: at) }
        try await ledger.append(all, indexedWork: { db, first in
            try await work?(db)
            for (offset, change) in reschedules.enumerated() {
                try await Self.insert(change, ledgerIndex: first + UInt64(leading + offset), at: at, on: db)
            }
        })
    }

    static func insert(_ change: Reschedule, ledgerIndex: UInt64, at: Date, on db: any Database) async throws {
        let obligation = change.obligation
        let seq = try await ObligationQueries(database: db).rescheduleCount(obligation.id) + 1
        try await (db as! any SQLDatabase).insert(into: "obligation_reschedules")
            .columns("obligation_id", "seq", "trigger_date", "due_date", "reason", "created_at", "ledger_index", "content")
            .values(
                SQLBind(obligation.id.lowercased), SQLBind(seq), SQLBind(obligation.triggerDate.description),
                SQLBind(obligation.due.date?.description), SQLBind(change.reason), SQLBind(at.unixMilliseconds),
                SQLBind(Int64(ledgerIndex)), SQLBind(try JSONCoding.string(Self.unmet(obligation))))
            .run()
    }

    /// The stored form has no `metOn`: meeting is its own row (`obligation_fulfilments`).
    static func unmet(_ obligation: Obligation) -> Obligation {
        Obligation(
            id: obligation.id, kind: obligation.kind, subject: obligation.subject, title: obligation.title,
            triggerDate: obligation.triggerDate, due: obligation.due, responsibility: obligation.responsibility)
    }
}
