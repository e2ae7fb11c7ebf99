import Domain
import Fluent
import Persistence
import Services
import Vapor

/// The app-wide services built once by `configure`.
public struct LawTrailServices: Sendable {
    public let config: AppConfig
    public let dataDirectory: DataDirectory
    public let ledger: LedgerService
    /// Seals natural persons' ID numbers at rest (SPEC X4).
    public let personalData: PersonalDataProtection
    /// The statutory calendar: bundled years plus those imported into `DATA_DIR/calendar` (SPEC X1),
    /// taken in live (issue 13 item 3).
    let liveCalendar: LiveCalendar
    public var calendar: StatutoryCalendar { liveCalendar.current }

    public var obligationRules: ObligationRules { ObligationRules(calendar: calendar) }
    /// The one clock (issue 11 item 4): `config.now`, which tests pin.
    public var clock: ServiceClock { ServiceClock(config.now) }
    public var now: Date { clock.now }
    /// `now` to whole milliseconds: what request and answer times are stored and hashed with.
    public var nowMilliseconds: Date { clock.nowMilliseconds }
    /// Today in Asia/Shanghai by the configured clock.
    public var today: CivilDate { clock.today }

    /// What the services need, on `database` (a request's, or the application's for jobs and the CLI).
    public func serviceContext(on database: any Database) -> ServiceContext {
        ServiceContext(
            database: database, ledger: ledger.writer, clock: clock, personalData: personalData, calendar: calendar,
            publicityPolicy: config.publicityPolicy,
            bureau: ServiceContext.Bureau(name: config.bureauName, uscc: config.bureauUSCC),
            recordingTolerances: RecordingTolerances(coverage: config.recordingCoverageTolerance))
    }

    /// The data directory's `blobs/` and `tmp/`: where uploads are received (partial files) and, with
    /// the default storage, where blobs are kept.
    public var blobStore: FileBlobStore {
        FileBlobStore(root: dataDirectory.blobs, temporary: dataDirectory.tmp)
    }

    /// Where blobs are kept (issue 17 item 1): the data directory, or an S3 bucket with Object Lock.
    public var blobs: any BlobStore {
        config.blobStore(localStore: blobStore)
    }

    /// Where archive packages are built and kept, and the key their proofs are checked with.
    public var archiveSetup: ArchiveService.Setup {
        ArchiveService.Setup(blobs: blobs, archives: dataDirectory.archives, verifier: ledger.signer.verifier)
    }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = LawTrailServices
    }

    public var lawTrail: LawTrailServices {
        get { configured(ServicesKey.self) }
        set { storage[ServicesKey.self] = newValue }
    }

    /// A value `configure` stores; reading it before `configure` has run is a programming error.
    func configured<Key: StorageKey>(_ key: Key.Type) -> Key.Value {
        guard let value = storage[key] else { fatalError("configure(_:config:) has not run") }
        return value
    }
}

extension Request {
    /// The services, acting on this request's database.
    var serviceContext: ServiceContext { application.lawTrail.serviceContext(on: db) }
}

extension AuthenticatedUser {
    /// The staff member the services act for.
    var staffMember: StaffMember { StaffMember(id: id, role: role, unitID: unitID, officerID: officerID) }
}

extension Request {
    /// The signed-in staff member as the services know them; only call behind `RequireAction`.
    var staff: StaffMember {
        get throws { try user.staffMember }
    }
}

extension Application {
    private struct SupervisionFactsKey: StorageKey {
        typealias Value = (any SupervisionFactSource)?
    }

    /// A replacement for the stored case-review scores and complaint outcomes the weak-spot
    /// statistics read (issue 15 item 4); nil — the stored ones — unless a test sets it.
    public var supervisionFacts: (any SupervisionFactSource)? {
        get { storage[SupervisionFactsKey.self] ?? nil }
        set { storage[SupervisionFactsKey.self] = newValue }
    }
}
