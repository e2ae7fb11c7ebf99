import Domain
import Foundation
import Persistence

/// The daily P8 (三) check (issue 13 item 5 (b)): every officer certificate whose validity ended
/// yesterday or earlier raises the update duty of the published certificate items that show it,
/// once per certificate and end date (`CertificateEndDuty`, `CertificateEndStore`). Run by the
/// server once a day and callable at any time; running it again, or on two servers, adds nothing.
public struct CertificateEndService: Sendable {
    public struct Result: Sendable, Codable, Hashable {
        /// Certificates whose end raised duties in this run.
        public let certificates: Int
        /// Obligations created in this run.
        public let obligations: Int
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func run() async throws -> Result {
        let today = context.clock.today
        let at = context.clock.nowSeconds
        let store = CertificateEndStore(database: context.database)
        let queries = PublicationQueries(database: context.database)
        var certificates = 0
        var created = 0
        for ended in try await store.endedNotRaised(today: today) {
            let affected = CertificateEndDuty.affected(
                try await queries.certificatePublications(officer: ended.officerID), validTo: ended.validTo)
            // Nothing shows this certificate: no duty, and nothing stored (a later day finds the same).
            guard !affected.isEmpty else { continue }
            let obligations = context.obligationRules.obligations(for: .certificateChanged(
                on: CertificateEndDuty.triggerDate(validTo: ended.validTo), affected: affected.map(ObligationTarget.init(publication:))))
            if try await store.raise(ended, obligations: obligations, at: at, ledger: context.ledger) {
                certificates += 1
                created += obligations.count
            }
        }
        return Result(certificates: certificates, obligations: created)
    }
}
