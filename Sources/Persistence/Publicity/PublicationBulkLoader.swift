import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Stores many finished publications at once, with the rows `PublicationStore` writes for their
/// steps — for `lawtrail bench publications` (issue 5 item 9), which needs a million of them in
/// minutes rather than the hours a million workflow round trips would take.
///
/// For each publication: every version in `publication_versions`, every step of its `history` in
/// `publication_transitions` with one `publication.<step>` ledger event each (so `ledger_index`
/// is a real leaf), and its `publications` read-model row built by `PublicationHead` — the same
/// function the store uses — plus, on SQLite, its `publication_search` row. A batch is one ledger
/// append: its rows go into the ledger's transaction (multi-row INSERTs), so they commit or fail
/// together with their leaves.
///
/// Not written: obligations and their fulfilments (the store writes them when a decision is
/// drafted and published), correction requests and channel hand-overs. The public list and
/// search pages read none of them.
public struct PublicationBulkLoader: Sendable {
    let ledger: LedgerWriter
    /// Rows per INSERT: 27 columns × 500 stays under SQLite's 32,766 parameters.
    static let rowsPerInsert = 500

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// The rows of one batch, computed before the ledger's transaction so that the transaction
    /// (which holds SQLite's write lock) only inserts.
    struct Rows: Sendable {
        var events: [LedgerEvent] = []
        var versions: [[any Encodable & Sendable]] = []
        /// Each step's row without its ledger index, and that index relative to the batch.
        var transitions: [(columns: [any Encodable & Sendable], event: Int)] = []
        /// The read-model row, and the event (relative) that made its shown version public.
        var heads: [(head: PublicationHead, publicEvent: Int?)] = []
    }

    /// Prepares `publications` for `store(_:)`: CPU only, may run while another batch is stored.
    public struct Batch: Sendable {
        let rows: Rows
        public var eventCount: Int { rows.events.count }
    }

    /// Builds the rows of `publications`. Each must hold its whole history, first step first; a
    /// `published` step records the publication's current period (as the store does at the time).
    public static func prepare(_ publications: [Publication]) throws -> Batch {
        var rows = Rows()
        for publication in publications {
            for version in publication.versions {
                rows.versions.append([
                    version.id.lowercased, version.publicationID.lowercased, version.number,
                    version.draftedBy.lowercased, version.draftedAt.unixMilliseconds,
                    try PublicContent(version).sha256(), try JSONCoding.string(PublicationStore.atRest(version)),
                ])
            }
            var publicEvent: Int?
            for (seq, transition) in publication.history.enumerated() {
                guard let version = publication.version(transition.versionID) else {
                    throw PersistenceError.corruptRow(table: "publication_transitions", detail: "step names an unknown version")
                }
                let event = rows.events.count
                rows.events.append(try DomainEvents.publicationTransition(transition, content: PublicContent(version)))
                let periodJSON = transition.kind == .published ? try publication.period.map(JSONCoding.string) : nil
                rows.transitions.append(([
                    publication.id.lowercased, seq, transition.kind.rawValue, transition.at.unixMilliseconds,
                    transition.by?.userID.lowercased, transition.versionID.lowercased, periodJSON,
                    try JSONCoding.string(transition),
                ], event))
                if transition.kind == .published || transition.kind == .corrected { publicEvent = event }
            }
            // The head's ledger index is filled in once the batch's first index is known.
            rows.heads.append((try PublicationHead(publication, publicLedgerIndex: publicEvent.map(Int64.init)), publicEvent))
        }
        return Batch(rows: rows)
    }

    /// Stores a prepared batch in one ledger append; returns once it is durable.
    public func store(_ batch: Batch) async throws {
        let rows = batch.rows
        try await ledger.append(rows.events, indexedWork: { db, first in
            let sql = db as! any SQLDatabase
            let base = Int64(first)
            for chunk in rows.versions.chunked(Self.rowsPerInsert) {
                var insert = sql.insert(into: "publication_versions")
                    .columns("id", "publication_id", "number", "drafted_by", "drafted_at", "public_sha256", "content")
                for row in chunk { insert = insert.values(row.map { SQLBind($0) as any SQLExpression }) }
                try await insert.run()
            }
            for chunk in rows.transitions.chunked(Self.rowsPerInsert) {
                var insert = sql.insert(into: "publication_transitions")
                    .columns("publication_id", "seq", "kind", "at", "by_user", "version_id", "ledger_index", "period", "content")
                for row in chunk {
                    var values = row.columns.map { SQLBind($0) as any SQLExpression }
                    values.insert(SQLBind(base + Int64(row.event)), at: 6)
                    insert = insert.values(values)
                }
                try await insert.run()
            }
            for chunk in rows.heads.chunked(Self.rowsPerInsert) {
                var insert = sql.insert(into: "publications").columns(Self.headColumns)
                for (head, publicEvent) in chunk {
                    // Only a listed head keeps its index (`PublicationHead`); add the batch's first.
                    let index = head.publicLedgerIndex.flatMap { _ in publicEvent.map { base + Int64($0) } }
                    insert = insert.values(Self.headValues(head, publicLedgerIndex: index).map { SQLBind($0) as any SQLExpression })
                }
                try await insert.run()
            }
            if sql.dialect.name != "postgresql" {
                for chunk in rows.heads.filter(\.head.listed).chunked(Self.rowsPerInsert) {
                    var insert = sql.insert(into: "publication_search").columns("rowid", "tokens")
                    for (head, _) in chunk {
                        insert = insert.values(SQLBind(head.listKey), SQLBind(head.searchTokens))
                    }
                    try await insert.run()
                }
            }
        })
    }

    /// The columns of `publications`, in the order of `headValues`; the same as
    /// `PublicationStore.write`.
    static let headColumns = [
        "id", "kind", "state", "state_reason", "title", "created_at", "updated_at", "latest_version_id",
        "published_version_id", "pending_correction_id", "period", "period_last_day", "published_at", "withdrawn_at",
        "listed", "public_date", "public_title", "public_number", "public_party", "public_party_code",
        "public_ledger_index", "responsible_unit_id", "responsible_person_id", "source_case_id", "source_activity_id",
        "source_officer_id", "search_tokens", "list_key",
    ]

    static func headValues(_ head: PublicationHead, publicLedgerIndex: Int64?) -> [any Encodable & Sendable] {
        [
            head.id.lowercased, head.kind.rawValue, head.state, head.stateReason, head.title, head.createdAt,
            head.updatedAt, head.latestVersionID.lowercased, head.publishedVersionID?.lowercased,
            head.pendingCorrectionID?.lowercased, head.period, head.periodLastDay, head.publishedAt, head.withdrawnAt,
            head.listed ? 1 : 0, head.publicDate, head.publicTitle, head.publicNumber, head.publicParty,
            head.publicPartyCode, publicLedgerIndex, head.responsibleUnitID.lowercased,
            head.responsiblePersonID.lowercased, head.sourceCaseID?.lowercased, head.sourceActivityID?.lowercased,
            head.sourceOfficerID?.lowercased, head.searchTokens, head.listKey,
        ]
    }
}
