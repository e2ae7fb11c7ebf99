import Domain
import Persistence
import Vapor

/// The app-wide services built once by `configure`.
public struct LawTrailServices: Sendable {
    public let config: AppConfig
    public let dataDirectory: DataDirectory
    public let ledger: LedgerService
    /// Seals natural persons' ID numbers at rest (SPEC X4).
    public let personalData: PersonalDataProtection
    /// The statutory calendar: bundled years plus those imported into `DATA_DIR/calendar` (SPEC X1).
    public let calendar: StatutoryCalendar

    public var obligationRules: ObligationRules { ObligationRules(calendar: calendar) }
    public var now: Date { config.now() }
    /// `now` to whole milliseconds: what request and answer times are stored and hashed with.
    public var nowMilliseconds: Date { Date(timeIntervalSince1970: (config.now().timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
    /// Today in Asia/Shanghai by the configured clock.
    public var today: CivilDate { CivilDate(config.now()) }

    public var blobStore: FileBlobStore {
        FileBlobStore(root: dataDirectory.blobs, temporary: dataDirectory.tmp)
    }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = LawTrailServices
    }

    public var lawTrail: LawTrailServices {
        get {
            guard let services = storage[ServicesKey.self] else {
                fatalError("configure(_:config:) has not run")
            }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}
