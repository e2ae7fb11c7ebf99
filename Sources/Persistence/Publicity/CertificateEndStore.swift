import Domain
import FluentKit
import Foundation
import SQLKit

/// Certificates whose validity ended, and the P8 (三) duties they raised (issue 13 item 5 (b)).
/// `certificate_end_duties` is keyed by (certificate, end date): a duty set is stored at most once,
/// also when two servers run the daily job at the same time.
public struct CertificateEndStore: Sendable {
    /// One certificate whose validity ended.
    public struct Ended: Sendable, Hashable {
        public let certificateID: UUID
        public let officerID: UUID
        public let validTo: CivilDate
    }

    /// Raised already (by this or another server): nothing was stored.
    struct AlreadyRaised: Error {}

    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Certificates valid to a day before `today` whose end has not raised its duties yet.
    public func endedNotRaised(today: CivilDate) async throws -> [Ended] {
        let certificates = try await CertificateModel.query(on: database)
            .filter(\.$validTo < today.description).all()
        guard !certificates.isEmpty else { return [] }
        let raised = Set(try await (database as! any SQLDatabase).raw("""
            SELECT certificate_id, valid_to FROM certificate_end_duties
            """).all().map { row in
            "\(try row.decode(column: "certificate_id", as: String.self))/\(try row.decode(column: "valid_to", as: String.self))"
        })
        return certificates.compactMap { model in
            guard let id = model.id, let validTo = CivilDate(iso: model.validTo),
                  CertificateEndDuty.hasEnded(validTo: validTo, today: today),
                  !raised.contains("\(id.lowercased)/\(validTo)") else { return nil }
            return Ended(certificateID: id, officerID: model.$officer.id, validTo: validTo)
        }
    }

    /// Stores that `ended` raised `obligations`, with the `officer.certificate_ended` event and the
    /// obligations' events, in one transaction. Returns false when it had been raised already — the
    /// check runs inside the ledger's append (one at a time across servers) and the primary key backs
    /// it — and then nothing is stored.
    @discardableResult
    public func raise(_ ended: Ended, obligations: [Obligation], at: Date, ledger: LedgerWriter) async throws -> Bool {
        let event = try DomainEvents.certificateEnded(
            certificateID: ended.certificateID, officerID: ended.officerID, validTo: ended.validTo, at: at)
        let ids = try JSONCoding.string(obligations.map { $0.id.lowercased })
        do {
            try await PublicationStore(ledger: ledger).create(obligations: obligations, at: at, along: [event], work: { db in
                let sql = db as! any SQLDatabase
                let existing = try await sql.raw("""
                    SELECT 1 AS found FROM certificate_end_duties
                    WHERE certificate_id = \(bind: ended.certificateID.lowercased) AND valid_to = \(bind: ended.validTo.description)
                    """).first()
                if existing != nil { throw AlreadyRaised() }
                try await sql.insert(into: "certificate_end_duties")
                    .columns("certificate_id", "valid_to", "officer_id", "obligation_ids", "created_at")
                    .values(
                        SQLBind(ended.certificateID.lowercased), SQLBind(ended.validTo.description),
                        SQLBind(ended.officerID.lowercased), SQLBind(ids), SQLBind(at.unixMilliseconds))
                    .run()
            })
            return true
        } catch is AlreadyRaised {
            return false
        }
    }

    /// How many duty sets are stored for one certificate (for tests and `lawtrail verify`).
    public func raisedCount(certificateID: UUID) async throws -> Int {
        try await (database as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS n FROM certificate_end_duties WHERE certificate_id = \(bind: certificateID.lowercased)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
