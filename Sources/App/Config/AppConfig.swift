import Domain
import Services
import Foundation
import Persistence

/// Every setting of a running LawTrail, parsed and checked once at start-up
/// (ARCHITECTURE "Data and settings"). Tests build their own and pass it to `configure`.
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: URL
    public var database: DatabaseTarget
    /// Fill an empty database with the demo set.
    public var demo: Bool
    /// With the demo set, also its history (issue 14): an inspection seven months old whose video was
    /// disposed of, an archived case. On for `serve --demo`; tests that share the small demo set
    /// turn it off and those about the history turn it on.
    public var demoHistory = true
    /// The ledger's origin line and signing key name (ARCHITECTURE "The ledger").
    public var ledgerOrigin: String
    /// A note-format private key from `LAWTRAIL_LEDGER_KEY`; else one in `keys/`.
    public var ledgerPrivateKey: String?
    public var bureauName: String
    /// The bureau's 统一社会信用代码, published as 处罚机关/数据来源单位 code (SPEC P7.1 field set).
    /// `LAWTRAIL_BUREAU_USCC`; the default is a well-formed placeholder to be replaced in production.
    public var bureauUSCC: String = AppConfig.placeholderUSCC
    /// bcrypt cost for new password hashes (tests use the minimum to stay fast).
    public var passwordHashCost: Int = 12
    /// Largest upload accepted (issue 4: default 8 GiB).
    public var maxUploadBytes: UInt64 = 8 << 30
    /// Uploads one person may have open at once (issue 12 item 12).
    public var maxPendingUploadsPerUser: Int = 20
    /// The clock every rule reads "today" from (deadlines, overdue, publicity periods). Tests pin it.
    public var now: @Sendable () -> Date = { Date() }
    /// Publicity periods per category (SPEC P7.5); the national defaults unless the legal section
    /// overrides them (`LAWTRAIL_PUBLICITY_PERIODS`, JSON `{"general-penalty": {"months": …}}`).
    public var publicityPolicy: PublicityPeriodPolicy = .national
    /// Correction-request form submissions allowed per client per hour (SPEC P9.2, spam resistance).
    public var correctionRequestsPerHour: Int = 5
    /// Correction requests taken in per day from everyone (issue 12 item 9): each is a ledger entry
    /// and a deadline for a named official, so a flood is stopped here and the rest call the bureau.
    public var correctionRequestsPerDay: Int = 200
    /// Working days a unit has to rectify a case-review finding (案卷评查, issue 15 item 2; SPEC X1).
    public var caseReviewRectificationWorkdays: Int = CaseReviewService.defaultRectificationWorkdays
    /// Proxies whose `X-Forwarded-For`/`X-Forwarded-Proto` are believed (issue 12 item 8);
    /// `LAWTRAIL_TRUSTED_PROXIES`, comma-separated addresses or CIDR blocks; none by default.
    public var trustedProxies: TrustedProxies = .none
    /// The portal's public address (`LAWTRAIL_PUBLIC_URL`, e.g. `https://zfgs.example.gov.cn`), used
    /// for absolute links in the Atom feed instead of the request's `Host` (issue 12 item 1).
    public var publicBaseURL: String?
    /// Webhook URLs per channel (`LAWTRAIL_CHANNEL_<NAME>_URL`); channels without one get export files.
    public var channelWebhooks: [String: String] = [:]
    /// Seconds of an act's time that may go without video before SPEC R5's full recording counts as
    /// incomplete (`LAWTRAIL_RECORDING_COVERAGE_TOLERANCE_SECONDS`, 0…3600; docs/recording.md).
    public var recordingCoverageTolerance: TimeInterval = RecordingSession.defaultCoverageTolerance
    /// How fast the fixity audit re-reads blobs (issue 14 item 4), bytes per second; 0 turns it off
    /// (`LAWTRAIL_FIXITY_BYTES_PER_SECOND`; default 32 MiB/s).
    public var fixityBytesPerSecond: UInt64 = FixityPacing.defaultBytesPerSecond
    /// The rest between two fixity audit cycles (`LAWTRAIL_FIXITY_CYCLE_PAUSE_SECONDS`; default one day).
    public var fixityCyclePause: TimeInterval = 24 * 3600
    /// Test only (`LAWTRAIL_TEST_FAIL_POINT`; docs/reliability.md): places where the server fails on
    /// purpose to prove what a crash there leaves. Empty in production.
    public var failPoints = FailPoints()
    /// Test only (`LAWTRAIL_TEST_JOB_SECONDS`, 1…3600; docs/operations.md "Two or more servers"):
    /// every periodic job runs at this period instead of its own (and first after at most this),
    /// so that a short cluster run sees each job's once-per-period claim. Unset in production.
    public var jobPeriodOverride: Int64?
    /// Where blobs are kept (`LAWTRAIL_BLOB_STORE`; issue 17 item 1): the data directory by default.
    public var blobStorage: BlobStorage = .local
    /// The real time, for signing requests to remote services (S3's SigV4 allows 15 minutes of
    /// skew): never pinned, unlike `now`, which tests set to a fixed day.
    public var requestClock: @Sendable () -> Date = { Date() }

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        dataDirectory: URL,
        database: DatabaseTarget? = nil,
        demo: Bool = false,
        ledgerOrigin: String? = nil,
        ledgerPrivateKey: String? = nil,
        bureauName: String = "上海市普陀区应急管理局"
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database ?? .sqlite(path: dataDirectory.appendingPathComponent("lawtrail.sqlite").path)
        self.demo = demo
        self.ledgerOrigin = ledgerOrigin ?? AppConfig.defaultOrigin()
        self.ledgerPrivateKey = ledgerPrivateKey
        self.bureauName = bureauName
    }

    /// Resolves flags and environment the documented way: flag, else environment, else default.
    public static func resolve(
        host: String? = nil,
        port: Int? = nil,
        dataDirectory: String? = nil,
        demo: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> AppConfig {
        let directory = dataDirectory ?? environment["LAWTRAIL_DATA_DIR"] ?? "./lawtrail-data"
        guard !directory.isEmpty else { throw .invalid("data directory", "must not be empty") }
        let port = port ?? 8080
        guard (1...65535).contains(port) else { throw .invalid("port", "must be 1–65535, is \(port)") }
        var database: DatabaseTarget?
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw .invalid("DATABASE_URL", "only postgres:// URLs are supported")
            }
            database = .postgres(url: url)
        }
        let origin = environment["LAWTRAIL_LEDGER_ORIGIN"].flatMap { $0.isEmpty ? nil : $0 }
        if let origin, origin.contains(where: { $0 == "\n" || $0 == "+" || $0 == " " }) {
            throw .invalid("LAWTRAIL_LEDGER_ORIGIN", "must not contain spaces, '+' or newlines")
        }
        var config = AppConfig(
            host: host ?? "127.0.0.1",
            port: port,
            dataDirectory: URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL,
            database: database,
            demo: demo,
            ledgerOrigin: origin,
            ledgerPrivateKey: environment["LAWTRAIL_LEDGER_KEY"].flatMap { $0.isEmpty ? nil : $0 })
        if let code = environment["LAWTRAIL_BUREAU_USCC"], !code.isEmpty {
            guard UnifiedSocialCreditCode.isValid(code) else { throw .invalid("LAWTRAIL_BUREAU_USCC", "not a valid USCC") }
            config.bureauUSCC = code
        }
        if let periods = environment["LAWTRAIL_PUBLICITY_PERIODS"], !periods.isEmpty {
            do {
                let overrides = try JSONDecoder().decode([PublicityCategory: PublicityDuration].self, from: Data(periods.utf8))
                config.publicityPolicy = try PublicityPeriodPolicy(overriding: overrides)
            } catch {
                throw .invalid("LAWTRAIL_PUBLICITY_PERIODS", "\(error)")
            }
        }
        if let list = environment["LAWTRAIL_TRUSTED_PROXIES"], !list.isEmpty {
            do {
                config.trustedProxies = try TrustedProxies(parsing: list)
            } catch {
                throw .invalid("LAWTRAIL_TRUSTED_PROXIES", "\"\(error.text)\" is not an IP address or CIDR block")
            }
        }
        if let base = environment["LAWTRAIL_PUBLIC_URL"], !base.isEmpty {
            guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme),
                  url.host != nil, url.query == nil, url.fragment == nil,
                  base.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\"" && $0 != "<" && $0 != ">" }) else {
                throw .invalid("LAWTRAIL_PUBLIC_URL", "must be an absolute http(s) URL without query")
            }
            config.publicBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        if let text = environment["LAWTRAIL_RECORDING_COVERAGE_TOLERANCE_SECONDS"], !text.isEmpty {
            guard let seconds = Int(text), seconds >= 0, TimeInterval(seconds) <= RecordingTolerances.maximumCoverage else {
                throw .invalid("LAWTRAIL_RECORDING_COVERAGE_TOLERANCE_SECONDS", "must be whole seconds from 0 to 3600")
            }
            config.recordingCoverageTolerance = TimeInterval(seconds)
        }
        if let text = environment["LAWTRAIL_FIXITY_BYTES_PER_SECOND"], !text.isEmpty {
            guard let rate = UInt64(text) else {
                throw .invalid("LAWTRAIL_FIXITY_BYTES_PER_SECOND", "must be a whole number of bytes per second (0 = off)")
            }
            config.fixityBytesPerSecond = rate
        }
        if let text = environment["LAWTRAIL_FIXITY_CYCLE_PAUSE_SECONDS"], !text.isEmpty {
            guard let seconds = Int(text), (0...(366 * 86400)).contains(seconds) else {
                throw .invalid("LAWTRAIL_FIXITY_CYCLE_PAUSE_SECONDS", "must be whole seconds from 0 to one year")
            }
            config.fixityCyclePause = TimeInterval(seconds)
        }
        config.blobStorage = try BlobStorage.resolve(environment)
        if let text = environment["LAWTRAIL_TEST_JOB_SECONDS"], !text.isEmpty {
            guard let seconds = Int64(text), (1...3600).contains(seconds) else {
                throw .invalid("LAWTRAIL_TEST_JOB_SECONDS", "a test switch: whole seconds from 1 to 3600")
            }
            config.jobPeriodOverride = seconds
        }
        if let name = environment["LAWTRAIL_TEST_FAIL_POINT"], !name.isEmpty {
            guard let points = FailPoints.named(name) else {
                throw .invalid("LAWTRAIL_TEST_FAIL_POINT", "a test switch; one of \(FailPoints.names.joined(separator: ", "))")
            }
            config.failPoints = points
        }
        for channel in PublicationChannel.allCases {
            if let url = environment["LAWTRAIL_CHANNEL_\(channel.environmentName)_URL"], !url.isEmpty {
                guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                    throw .invalid("LAWTRAIL_CHANNEL_\(channel.environmentName)_URL", "must be an http(s) URL")
                }
                config.channelWebhooks[channel.rawValue] = url
            }
        }
        return config
    }

    /// 11 (机关) + 310107 (普陀区) + an all-zero organisation code, with its GB 32100 check character.
    static let placeholderUSCC: String = {
        let body = "11310107000000000"
        return body + String(UnifiedSocialCreditCode.checkCharacter(for: body) ?? "0")
    }()

    /// `lawtrail.local/<host name>`, the documented default origin.
    static func defaultOrigin() -> String {
        let host = ProcessInfo.processInfo.hostName
            .filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
        return "lawtrail.local/" + (host.isEmpty ? "localhost" : host)
    }
}

public enum ConfigError: Error, CustomStringConvertible, Equatable {
    case invalid(String, String)

    public var description: String {
        switch self {
        case .invalid(let setting, let reason): "invalid setting \(setting): \(reason)"
        }
    }
}
