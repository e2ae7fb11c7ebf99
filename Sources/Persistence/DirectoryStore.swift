import Domain
import FluentKit
import Foundation
import Ledger

/// Stores units, officers and their certificates, and counterparties, each with its ledger
/// event (SPEC X3). All rows and events of one call commit together or not at all.
public struct DirectoryStore: Sendable {
    let ledger: LedgerWriter
    let protection: PersonalDataProtection

    public init(ledger: LedgerWriter, protection: PersonalDataProtection) {
        self.ledger = ledger
        self.protection = protection
    }

    @discardableResult
    public func create(
        units: [BureauUnit], officers: [Officer], counterparties: [Counterparty], at: Date
    ) async throws -> [UInt64] {
        let events = try units.map { try DomainEvents.unitCreated($0, at: at) }
            + officers.map { try DomainEvents.officerCreated($0, at: at) }
            + counterparties.map {
                // A natural person's digest covers the keyed hash, not the number: a digest of a
                // low-entropy ID number in a public leaf could be reversed by trying them all.
                try DomainEvents.counterpartyCreated(
                    $0, at: at, identifierForDigest: CounterpartyModel.lookup($0.identifier, kind: $0.kind, protection: protection))
            }
        let counterpartyRows = try counterparties.map { try CounterpartyModel($0, protection: protection) }
        return try await ledger.append(events) { db in
            for unit in units {
                try await UnitModel(unit).create(on: db)
            }
            for officer in officers {
                try await OfficerModel(officer).create(on: db)
                for certificate in officer.certificates {
                    try await CertificateModel(certificate, officerID: officer.id).create(on: db)
                }
            }
            for row in counterpartyRows {
                try await row.create(on: db)
            }
        }
    }
}
