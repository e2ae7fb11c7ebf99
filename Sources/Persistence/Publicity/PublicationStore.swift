import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Stores publications and their workflow (SPEC P7–P11, X2, X3).
///
/// Every step is one transaction with its ledger leaves: the new versions, the transition (with the
/// index of its leaf), the obligations it creates or meets, and the `publications` read-model row.
/// Nothing is updated in place except that read model. Two steps racing on one publication both
/// compute the same next `seq`; the primary key refuses the second, which is answered 409.
public struct PublicationStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// A new publication from its first version, with the obligations `trigger` creates (a decision
    /// made: publish it within 7 or 20 working days, SPEC P7.1, P7.2), or linked to the duties it
    /// will meet that already exist (a decision entered in its case, the year's figures; issue 13).
    @discardableResult
    public func draft(
        _ version: PublicationVersion, by actor: PublicationActor, at: Date,
        obligations: [Obligation] = [], linking linked: [Obligation] = [], on db: any Database
    ) async throws -> Publication {
        let change = try PublicationWorkflow.draft(version, by: actor, at: at)
        try await record(change, previous: nil, newObligations: obligations, linked: linked, at: at, on: db)
        return change.publication
    }

    /// Loads publication `id`, applies `step` (a `PublicationWorkflow` function) and stores the
    /// result. Throws `PersistenceError.notFound` for an unknown id and the step's own
    /// `PublicationError` when the workflow refuses.
    @discardableResult
    public func apply(
        _ id: UUID, at: Date, on db: any Database,
        _ step: (Publication) throws -> PublicationChange
    ) async throws -> Publication {
        guard let publication = try await PublicationQueries(database: db).publication(id) else {
            throw PersistenceError.notFound("publication \(id)")
        }
        let change = try step(publication)
        try await record(change, previous: publication, newObligations: [], linked: [], at: at, on: db)
        return change.publication
    }

    /// Creates obligations raised outside the workflow (a law or the organisation changed, a
    /// decision changed or was revoked, the year ended; SPEC P8, P9.3, P7.4). `events` and `work`
    /// are the change that raised them (e.g. a new certificate, P8 (三)), stored in the same
    /// transaction, their events first.
    public func create(
        obligations: [Obligation], at: Date, along events: [LedgerEvent] = [], work: LedgerWriter.Work? = nil
    ) async throws {
        guard !obligations.isEmpty || !events.isEmpty else { return }
        let leading = events.count
        let all = try events + obligations.map { try DomainEvents.obligationCreated($0, at: at) }
        try await ledger.append(all, indexedWork: { db, first in
            try await work?(db)
            let sql = db as! any SQLDatabase
            for (offset, obligation) in obligations.enumerated() {
                try await Self.insert(obligation, ledgerIndex: first + UInt64(leading + offset), at: at, on: sql)
            }
        })
    }

    // MARK: - Writing one step

    private func record(
        _ change: PublicationChange, previous: Publication?, newObligations: [Obligation], linked: [Obligation],
        at: Date, on db: any Database
    ) async throws {
        let publication = change.publication
        let transition = change.transition
        let newVersions = Array(publication.versions.dropFirst(previous?.versions.count ?? 0))
        guard let stepVersion = publication.version(transition.versionID) else {
            throw PersistenceError.corruptRow(table: "publication_transitions", detail: "step names an unknown version")
        }
        let content = PublicContent(stepVersion)
        var events = [try DomainEvents.publicationTransition(transition, content: content)]
        events += try newObligations.map { try DomainEvents.obligationCreated($0, at: at) }
        events += try linked.map { try DomainEvents.obligationLinked(obligationID: $0.id, publicationID: publication.id, at: at) }
        let seq = publication.history.count - 1
        let metKinds = transition.kind.obligationsMet
        let today = CivilDate(at)
        let makesPublic = transition.kind == .published || transition.kind == .corrected
        // Obligations this step meets are read before the append so their events join the same leaf batch.
        let open: [Obligation] = metKinds.isEmpty ? [] : try await ObligationQueries(database: db)
            .open(publication: publication.id, kinds: metKinds)
        events += try open.map { try DomainEvents.obligationMet($0, on: today, at: at) }

        try await ledger.append(events, indexedWork: { db, first in
            let sql = db as! any SQLDatabase
            for version in newVersions {
                try await sql.insert(into: "publication_versions")
                    .columns("id", "publication_id", "number", "drafted_by", "drafted_at", "public_sha256", "content")
                    .values(
                        SQLBind(version.id.lowercased), SQLBind(version.publicationID.lowercased), SQLBind(version.number),
                        SQLBind(version.draftedBy.lowercased), SQLBind(version.draftedAt.unixMilliseconds),
                        SQLBind(try PublicContent(version).sha256()), SQLBind(try JSONCoding.string(Self.atRest(version))))
                    .run()
            }
            let periodJSON = transition.kind == .published ? try publication.period.map(JSONCoding.string) : nil
            try await sql.insert(into: "publication_transitions")
                .columns("publication_id", "seq", "kind", "at", "by_user", "version_id", "ledger_index", "period", "content")
                .values(
                    SQLBind(publication.id.lowercased), SQLBind(seq), SQLBind(transition.kind.rawValue),
                    SQLBind(transition.at.unixMilliseconds), SQLBind(transition.by?.userID.lowercased),
                    SQLBind(transition.versionID.lowercased), SQLBind(Int64(first)), SQLBind(periodJSON),
                    SQLBind(try JSONCoding.string(transition)))
                .run()
            var publicIndex: Int64? = makesPublic ? Int64(first) : nil
            if publicIndex == nil, let previous {
                publicIndex = try await PublicationQueries(database: db).publicLedgerIndex(previous.id)
            }
            try await Self.write(try PublicationHead(publication, publicLedgerIndex: publicIndex), on: sql)
            for (offset, obligation) in newObligations.enumerated() {
                try await Self.insert(obligation, ledgerIndex: first + 1 + UInt64(offset), at: at, on: sql)
            }
            for (offset, obligation) in linked.enumerated() {
                try await sql.insert(into: "obligation_links")
                    .columns("obligation_id", "publication_id", "created_at", "ledger_index")
                    .values(
                        SQLBind(obligation.id.lowercased), SQLBind(publication.id.lowercased), SQLBind(at.unixMilliseconds),
                        SQLBind(Int64(first) + 1 + Int64(newObligations.count + offset)))
                    .run()
            }
            for (offset, obligation) in open.enumerated() {
                try await sql.insert(into: "obligation_fulfilments")
                    .columns("obligation_id", "met_on", "created_at", "ledger_index")
                    .values(
                        SQLBind(obligation.id.lowercased), SQLBind(today.description), SQLBind(at.unixMilliseconds),
                        SQLBind(Int64(first) + 1 + Int64(newObligations.count + linked.count + offset)))
                    .run()
            }
        })
    }

    /// A version as it is written: ID numbers masked (issue 12 item 3), whoever built it — the
    /// service, the demo loader, a benchmark. Its public content is unchanged by that (the masker
    /// masks masked numbers to themselves), so the digest computed before and the one `verify`
    /// recomputes from the row agree. Versions of the old rule are written as given: their digest
    /// was made from the clear text (only tests still build them).
    static func atRest(_ version: PublicationVersion) -> PublicationVersion {
        version.masking == .normalised ? IdentityNumberRedaction.redacted(version) : version
    }

    /// Inserts a duty with its key (`Obligation.uniquenessKey`): a second duty with the same key is
    /// refused by the key's primary key, so the whole change that raised it is not stored.
    static func insert(_ obligation: Obligation, ledgerIndex: UInt64, at: Date, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "obligation_keys")
            .columns("key", "obligation_id")
            .values(SQLBind(obligation.uniquenessKey), SQLBind(obligation.id.lowercased))
            .run()
        try await sql.insert(into: "obligations")
            .columns(
                "id", "kind", "spec_id", "subject", "trigger_date", "due_date", "unit_id", "person_id", "created_at",
                "ledger_index", "content")
            .values(
                SQLBind(obligation.id.lowercased), SQLBind(obligation.kind.rawValue), SQLBind(obligation.specID),
                SQLBind(obligation.subject.reference), SQLBind(obligation.triggerDate.description),
                SQLBind(obligation.due.date?.description), SQLBind(obligation.responsibility.unitID.lowercased),
                SQLBind(obligation.responsibility.personID.lowercased), SQLBind(at.unixMilliseconds),
                SQLBind(Int64(ledgerIndex)), SQLBind(try JSONCoding.string(obligation)))
            .run()
    }

    /// Writes the read-model row and, on SQLite, its full-text entry (rowid = `list_key`, issue 16;
    /// PostgreSQL's `search_vector` is a generated column).
    static func write(_ head: PublicationHead, on sql: any SQLDatabase, schema: ReadModelSchema = .current) async throws {
        var columns: [(String, any Encodable & Sendable)] = [
            ("id", head.id.lowercased), ("kind", head.kind.rawValue), ("state", head.state),
            ("state_reason", head.stateReason), ("title", head.title), ("created_at", head.createdAt),
            ("updated_at", head.updatedAt), ("latest_version_id", head.latestVersionID.lowercased),
            ("published_version_id", head.publishedVersionID?.lowercased),
            ("pending_correction_id", head.pendingCorrectionID?.lowercased), ("period", head.period),
            ("period_last_day", head.periodLastDay), ("published_at", head.publishedAt),
            ("withdrawn_at", head.withdrawnAt), ("listed", head.listed ? 1 : 0), ("public_date", head.publicDate),
            ("public_title", head.publicTitle), ("public_number", head.publicNumber), ("public_party", head.publicParty),
            ("public_party_code", head.publicPartyCode), ("public_ledger_index", head.publicLedgerIndex),
            ("responsible_unit_id", head.responsibleUnitID.lowercased),
            ("responsible_person_id", head.responsiblePersonID.lowercased),
            ("source_case_id", head.sourceCaseID?.lowercased), ("source_activity_id", head.sourceActivityID?.lowercased),
            ("source_officer_id", head.sourceOfficerID?.lowercased), ("search_tokens", head.searchTokens),
        ]
        let postgres = sql.dialect.name == "postgresql"
        if schema == .beforeListKeys {
            return try await writeBeforeListKeys(head, columns: columns, on: sql)
        }
        columns.append(("list_key", head.listKey))
        if !postgres {
            // The full-text row is keyed by the list key, which changes with the date: drop the old one first.
            try await sql.raw("""
                DELETE FROM publication_search WHERE rowid = (SELECT list_key FROM publications WHERE id = \(bind: head.id.lowercased))
                """).run()
        }
        try await upsertRow(columns, on: sql)
        if !postgres, let key = head.listKey {
            try await sql.raw("""
                INSERT INTO publication_search (rowid, tokens) VALUES (\(bind: key), \(bind: head.searchTokens))
                """).run()
        }
    }


    /// Inserts the read-model row, or replaces every column but the id of the one there.
    private static func upsertRow(_ columns: [(String, any Encodable & Sendable)], on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "publications")
            .columns(columns.map(\.0))
            .values(columns.map { SQLBind($0.1) as any SQLExpression })
            .onConflict(with: ["id"]) { update in
                columns.dropFirst().reduce(update) { $0.set(excludedValueOf: $1.0) }
            }
            .run()
    }

    /// The read model's layout: today's, or the one before migration 020 (`IndexPublicationsInListOrder`),
    /// which migration 010 rebuilds on a database that predates both.
    enum ReadModelSchema: Sendable { case current, beforeListKeys }

    /// The row as written before migration 020: no list key, full-text rows keyed by publication id.
    private static func writeBeforeListKeys(
        _ head: PublicationHead, columns: [(String, any Encodable & Sendable)], on sql: any SQLDatabase
    ) async throws {
        try await upsertRow(columns, on: sql)
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("DELETE FROM publication_search WHERE publication_id = \(bind: head.id.lowercased)").run()
        if head.listed {
            try await sql.raw("""
                INSERT INTO publication_search (publication_id, tokens) VALUES (\(bind: head.id.lowercased), \(bind: head.searchTokens))
                """).run()
        }
    }
}

extension UUID {
    /// The form ids take in the publicity tables and the ledger.
    var lowercased: String { uuidString.lowercased() }
}

extension JSONCoding {
    static func string(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }
}
