import Domain
import FluentKit
import Foundation
import SQLKit

/// What each channel (一网通办, 信用中国, WeChat) still has to be handed, and the record of every
/// hand-over attempt (SPEC P2, P4; issue 5 item 8). A publication step that changes what the public
/// sees — published, corrected, withdrawn, expired, ended early — is an outbox item for every channel
/// that carries its kind, until a hand-over of it is recorded as delivered. Attempts are insert-only.
public struct ChannelOutboxStore: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// One step to hand over.
    public struct Item: Sendable, Hashable {
        public let publicationID: UUID
        public let seq: Int
        public let step: PublicationTransition.Kind
        public let kind: PublicationKind
        public let versionID: UUID
        public let at: Date
        /// The ledger index of the step's event: its place in commit order.
        public let ledgerIndex: Int64
        /// Failed attempts so far, and when the last one was.
        public let failedAttempts: Int
        public let lastAttemptAt: Date?
    }

    static let publicSteps = ["published", "corrected", "withdrawn", "expired", "ended-early"]

    /// What one run of the hand-over job reads: the steps not yet delivered to a channel, in ledger
    /// order, and how far the channel's high-water mark may move once they are dealt with.
    public struct Pending: Sendable {
        /// Undelivered steps above the channel's mark, oldest (lowest ledger index) first.
        public let items: [Item]
        /// The mark when read.
        public let cursor: Int64?
        /// The highest ledger index of any step when the run started (before `items` was read):
        /// every step at or below it was already committed (ledger order is commit order).
        public let high: Int64?
        /// Whether `items` stopped at the limit (more may follow).
        public let truncated: Bool
    }

    /// Steps not yet delivered to `channel`, in ledger order (SPEC P2, P4; issue 16). Reads only
    /// above the channel's high-water mark in `channel_cursors`, so when nothing is pending a run
    /// costs a few index look-ups however many steps were ever recorded.
    public func pending(_ channel: PublicationChannel, limit: Int) async throws -> Pending {
        let cursor = try await self.cursor(channel)
        // Read before the steps: a step committed after this is above `high` and waits for the next run.
        let high = try await sql.raw("SELECT MAX(ledger_index) AS high FROM publication_transitions").first()?
            .decode(column: "high", as: Int64?.self)
        let items = try await steps(channel, above: cursor ?? -1, limit: limit)
        return Pending(items: items, cursor: cursor, high: high, truncated: items.count >= limit)
    }

    /// The channel's high-water mark: the highest `channel_cursors` row; nil before any.
    public func cursor(_ channel: PublicationChannel) async throws -> Int64? {
        try await sql.raw("SELECT MAX(ledger_index) AS mark FROM channel_cursors WHERE channel = \(bind: channel.rawValue)")
            .first()?.decode(column: "mark", as: Int64?.self)
    }

    /// Moves the mark after a run: up to the step before the first one still undelivered
    /// (`undelivered`: the steps of `pending` that failed or wait for their back-off), and never past
    /// what the run could see. A new row; nothing when the mark would not move. Two servers
    /// advancing at once both insert or one finds the row already there; either way the mark is right.
    public func advance(_ channel: PublicationChannel, after pending: Pending, undelivered: [Item], at: Date) async throws {
        guard var mark = pending.truncated ? pending.items.last?.ledgerIndex : pending.high else { return }
        if let first = undelivered.map(\.ledgerIndex).min() { mark = min(mark, first - 1) }
        if let cursor = pending.cursor, mark <= cursor { return }
        guard mark >= 0 else { return }
        try await sql.raw("""
            INSERT INTO channel_cursors (channel, ledger_index, at)
            VALUES (\(bind: channel.rawValue), \(bind: mark), \(bind: at.unixMilliseconds)) ON CONFLICT DO NOTHING
            """).run()
    }

    /// The mark that the handovers recorded so far justify, for migration 021's backfill: just
    /// below the first undelivered step, or the last step when every one was delivered.
    public func backfilledCursor(_ channel: PublicationChannel) async throws -> Int64? {
        if let first = try await steps(channel, above: -1, limit: 1).first { return first.ledgerIndex - 1 }
        return try await sql.raw("SELECT MAX(ledger_index) AS high FROM publication_transitions").first()?
            .decode(column: "high", as: Int64?.self)
    }

    func steps(_ channel: PublicationChannel, above cursor: Int64, limit: Int) async throws -> [Item] {
        let kinds = PublicationKind.allCases.filter(channel.carries).map(\.rawValue)
        // SQLite would walk `publication_transitions_at` for `kind IN (…)` — every public step ever —
        // and sort; a unary `+` keeps it on the ledger-order index, which starts at the mark.
        // PostgreSQL's statistics find the ledger index's range small on their own.
        let step = sql.dialect.name == "postgresql" ? "t.kind" : "+t.kind"
        return try await sql.raw("""
            SELECT t.publication_id, t.seq, t.kind AS step, p.kind, t.version_id, t.at, t.ledger_index,
                   (SELECT COUNT(*) FROM channel_handovers h WHERE h.channel = \(bind: channel.rawValue)
                       AND h.publication_id = t.publication_id AND h.transition_seq = t.seq) AS attempts,
                   (SELECT MAX(h.handed_at) FROM channel_handovers h WHERE h.channel = \(bind: channel.rawValue)
                       AND h.publication_id = t.publication_id AND h.transition_seq = t.seq) AS last_attempt
            FROM publication_transitions t JOIN publications p ON p.id = t.publication_id
            WHERE t.ledger_index > \(bind: cursor)
              AND \(unsafeRaw: step) IN (\(binds: Self.publicSteps)) AND p.kind IN (\(binds: kinds))
              AND NOT EXISTS (SELECT 1 FROM channel_handovers h WHERE h.channel = \(bind: channel.rawValue)
                  AND h.publication_id = t.publication_id AND h.transition_seq = t.seq AND h.delivered = 1)
            ORDER BY t.ledger_index, t.publication_id, t.seq LIMIT \(bind: limit)
            """).all().map { row in
            Item(
                publicationID: UUID(uuidString: try row.decode(column: "publication_id", as: String.self)) ?? UUID(),
                seq: try row.decode(column: "seq", as: Int.self),
                step: PublicationTransition.Kind(rawValue: try row.decode(column: "step", as: String.self)) ?? .published,
                kind: PublicationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .powerItem,
                versionID: UUID(uuidString: try row.decode(column: "version_id", as: String.self)) ?? UUID(),
                at: Date(unixMilliseconds: try row.decode(column: "at", as: Int64.self)),
                ledgerIndex: try row.decode(column: "ledger_index", as: Int64.self),
                failedAttempts: try row.decode(column: "attempts", as: Int.self),
                lastAttemptAt: try row.decode(column: "last_attempt", as: Int64?.self).map(Date.init(unixMilliseconds:)))
        }
    }

    /// Records one attempt for each of `items`: `method` is `file` or `webhook`, `detail` the file
    /// name or the error.
    public func record(
        _ items: [Item], channel: PublicationChannel, method: String, delivered: Bool, detail: String, at: Date
    ) async throws {
        guard !items.isEmpty else { return }
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            for item in items {
                try await sql.insert(into: "channel_handovers")
                    .columns("id", "channel", "publication_id", "transition_seq", "handed_at", "method", "delivered", "attempt", "detail")
                    .values(
                        SQLBind(UUID().lowercased), SQLBind(channel.rawValue), SQLBind(item.publicationID.lowercased),
                        SQLBind(item.seq), SQLBind(at.unixMilliseconds), SQLBind(method), SQLBind(delivered ? 1 : 0),
                        SQLBind(item.failedAttempts + 1), SQLBind(String(detail.prefix(500))))
                    .run()
            }
        }
    }

    /// Hand-overs of one publication to every channel, newest first (for staff pages).
    public struct Handover: Sendable, Hashable, Codable {
        public let channel: String
        public let seq: Int
        public let handedAt: Date
        public let method: String
        public let delivered: Bool
        public let attempt: Int
        public let detail: String
    }

    public func handovers(publication id: UUID) async throws -> [Handover] {
        try await sql.raw("""
            SELECT channel, transition_seq, handed_at, method, delivered, attempt, detail FROM channel_handovers
            WHERE publication_id = \(bind: id.lowercased) ORDER BY handed_at DESC
            """).all().map { row in
            Handover(
                channel: try row.decode(column: "channel", as: String.self),
                seq: try row.decode(column: "transition_seq", as: Int.self),
                handedAt: Date(unixMilliseconds: try row.decode(column: "handed_at", as: Int64.self)),
                method: try row.decode(column: "method", as: String.self),
                delivered: try row.decode(column: "delivered", as: Int.self) == 1,
                attempt: try row.decode(column: "attempt", as: Int.self),
                detail: try row.decode(column: "detail", as: String.self))
        }
    }
}
