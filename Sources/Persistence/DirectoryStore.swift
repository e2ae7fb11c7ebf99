import Domain
import FluentKit
import Foundation

/// Stores units, officers and their certificates, and counterparties. Creating them is
/// atomic: all rows of one call commit together or not at all.
public struct DirectoryStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func create(units: [BureauUnit], officers: [Officer], counterparties: [Counterparty]) async throws {
        try await database.transaction { db in
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
