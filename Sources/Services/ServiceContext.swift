import Domain
import FluentKit
import Foundation
import Persistence

/// What every service shares: the database, the ledger's one writer, the clock, the sealing key
/// for personal data, the statutory calendar and the bureau's settings. Built by the door for each
/// use (the API and staff pages per request, the CLI and jobs once).
public struct ServiceContext: Sendable {
    /// The issuing bureau, as published in 处罚机关 / 数据来源单位 fields.
    public struct Bureau: Sendable {
        public let name: String
        public let uscc: String

        public init(name: String, uscc: String) {
            self.name = name
            self.uscc = uscc
        }
    }

    public let database: any Database
    public let ledger: LedgerWriter
    public let clock: ServiceClock
    public let personalData: PersonalDataProtection
    public let calendar: StatutoryCalendar
    public let publicityPolicy: PublicityPeriodPolicy
    public let bureau: Bureau
    /// What recording compliance tolerates (SPEC R5, R7; `RecordingTolerances`).
    public let recordingTolerances: RecordingTolerances

    public init(
        database: any Database, ledger: LedgerWriter, clock: ServiceClock, personalData: PersonalDataProtection,
        calendar: StatutoryCalendar, publicityPolicy: PublicityPeriodPolicy, bureau: Bureau,
        recordingTolerances: RecordingTolerances = .standard
    ) {
        self.recordingTolerances = recordingTolerances
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.personalData = personalData
        self.calendar = calendar
        self.publicityPolicy = publicityPolicy
        self.bureau = bureau
    }

    public var obligationRules: ObligationRules { ObligationRules(calendar: calendar) }
}
