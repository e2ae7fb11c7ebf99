import Domain
import FluentKit
import Foundation
import SQLKit

/// Correction requests from the public and the bureau's answers (SPEC P9.2), each with its
/// obligation (answer within 5 working days) and ledger events, in one transaction.
public struct CorrectionRequestStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Stores `request` with `obligation` (its P9.2 duty). `clientKey` is a keyed hash of the
    /// sender's address, kept only for rate limiting. With `limits`, the counts are taken inside the
    /// ledger's append, which runs one at a time, so parallel submissions cannot all pass a count
    /// taken before any of them was stored; over a limit nothing is stored and the
    /// `CorrectionIntakeLimits.Refusal` is thrown.
    public func receive(_ request: CorrectionRequest, obligation: Obligation, clientKey: String, limits: CorrectionIntakeLimits? = nil) async throws {
        let events = [
            try DomainEvents.correctionRequestReceived(request, at: request.receivedAt),
            try DomainEvents.obligationCreated(obligation, at: request.receivedAt),
        ]
        try await ledger.append(events, indexedWork: { db, first in
            let sql = db as! any SQLDatabase
            if let limits {
                let client = try await count(clientKey: clientKey, since: request.receivedAt.addingTimeInterval(-3600), on: db)
                let today = try await sql.raw("""
                    SELECT COUNT(*) AS n FROM correction_requests
                    WHERE received_at >= \(bind: CivilDate(request.receivedAt).startInstant().unixMilliseconds)
                      AND client_key NOT LIKE 'staff:%'
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
                if let refusal = limits.refusal(fromClientInLastHour: client, today: today) { throw refusal }
            }
            try await sql.insert(into: "correction_requests")
                .columns("id", "receipt", "publication_id", "obligation_id", "client_key", "received_at", "ledger_index", "content")
                .values(
                    SQLBind(request.id.lowercased), SQLBind(request.receipt), SQLBind(request.publicationID?.lowercased),
                    SQLBind(obligation.id.lowercased), SQLBind(clientKey), SQLBind(request.receivedAt.unixMilliseconds),
                    SQLBind(Int64(first)), SQLBind(try JSONCoding.string(request)))
                .run()
            try await PublicationStore.insert(obligation, ledgerIndex: first + 1, at: request.receivedAt, on: sql)
        })
    }

    /// Stores `answer` and meets the request's obligation on the day answered. A second answer is
    /// refused by the primary key (409).
    public func answer(_ answer: CorrectionAnswer, obligation: Obligation) async throws {
        let day = CivilDate(answer.answeredAt)
        let events = [
            try DomainEvents.correctionRequestAnswered(answer, at: answer.answeredAt),
            try DomainEvents.obligationMet(obligation, on: day, at: answer.answeredAt),
        ]
        try await ledger.append(events, indexedWork: { db, first in
            let sql = db as! any SQLDatabase
            try await sql.insert(into: "correction_answers")
                .columns("request_id", "outcome", "answered_at", "ledger_index", "content")
                .values(
                    SQLBind(answer.requestID.lowercased), SQLBind(answer.outcome.rawValue),
                    SQLBind(answer.answeredAt.unixMilliseconds), SQLBind(Int64(first)), SQLBind(try JSONCoding.string(answer)))
                .run()
            if obligation.metOn == nil {
                try await sql.insert(into: "obligation_fulfilments")
                    .columns("obligation_id", "met_on", "created_at", "ledger_index")
                    .values(
                        SQLBind(obligation.id.lowercased), SQLBind(day.description),
                        SQLBind(answer.answeredAt.unixMilliseconds), SQLBind(Int64(first) + 1))
                    .run()
            }
        })
    }

    /// A request with its obligation id and answer, as stored.
    public struct Entry: Sendable, Hashable {
        public let request: CorrectionRequest
        public let obligationID: UUID
        public let answer: CorrectionAnswer?
    }

    public func find(receipt: String, on db: any Database) async throws -> Entry? {
        try await entries(where: "r.receipt = \(bind: receipt)" as SQLQueryString, offset: 0, limit: 1, on: db).items.first
    }

    public func find(_ id: UUID, on db: any Database) async throws -> Entry? {
        try await entries(where: "r.id = \(bind: id.lowercased)" as SQLQueryString, offset: 0, limit: 1, on: db).items.first
    }

    /// The inbox: unanswered first when `unansweredOnly`, newest first.
    public func list(unansweredOnly: Bool, offset: Int, limit: Int, on db: any Database) async throws -> (items: [Entry], total: Int) {
        try await entries(where: unansweredOnly ? SQLRaw("a.request_id IS NULL") : nil, offset: offset, limit: limit, on: db)
    }

    /// How many requests came from `clientKey` since `since` (the form's rate limit).
    public func count(clientKey: String, since: Date, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM correction_requests
            WHERE client_key = \(bind: clientKey) AND received_at >= \(bind: since.unixMilliseconds)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private func entries(where condition: (any SQLExpression)?, offset: Int, limit: Int, on db: any Database) async throws -> (items: [Entry], total: Int) {
        let sql = db as! any SQLDatabase
        let whereClause = PublicationQueries.conjunction(condition.map { [$0] } ?? [])
        let from = SQLRaw("FROM correction_requests r LEFT JOIN correction_answers a ON a.request_id = r.id")
        let total = try await sql.raw("SELECT COUNT(*) AS n \(from) \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT r.content AS request, r.obligation_id, a.content AS answer \(from) \(whereClause)
            ORDER BY r.received_at DESC, r.id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all()
        let items = try rows.map { row in
            Entry(
                request: try JSONCoding.decode(CorrectionRequest.self, try row.decode(column: "request", as: String.self)),
                obligationID: UUID(uuidString: try row.decode(column: "obligation_id", as: String.self)) ?? UUID(),
                answer: try row.decode(column: "answer", as: String?.self).map { try JSONCoding.decode(CorrectionAnswer.self, $0) })
        }
        return (items, total)
    }
}
