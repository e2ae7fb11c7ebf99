import Domain
import FluentKit
import Foundation
import Ledger

/// Stores units, officers and their certificates, and counterparties, each with its ledger
/// event (SPEC X3). All rows and events of one call commit together or not at all.
public struct DirectoryStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    @discardableResult
    public func create(
        units: [BureauUnit], officers: [Officer], counterparties: [Counterparty], at: Date = Date()
    ) async throws -> [UInt64] {
        let events = try units.map { try DomainEvents.unitCreated($0, at: at) }
            + officers.map { try DomainEvents.officerCreated($0, at: at) }
            + counterparties.map { try DomainEvents.counterpartyCreated($0, at: at) }
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
            for counterparty in counterparties {
                try await CounterpartyModel(counterparty).create(on: db)
            }
        }
    }
}
