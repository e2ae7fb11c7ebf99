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
    /// The ledger's origin line and signing key name (ARCHITECTURE "The ledger").
    public var ledgerOrigin: String
    /// A note-format private key from `LAWTRAIL_LEDGER_KEY`; else one in `keys/`.
    public var ledgerPrivateKey: String?
    public var bureauName: String
    /// bcrypt cost for new password hashes (tests use the minimum to stay fast).
    public var passwordHashCost: Int = 12
    /// Largest upload accepted (issue 4: default 8 GiB).
    public var maxUploadBytes: UInt64 = 8 << 30

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
        return AppConfig(
            host: host ?? "127.0.0.1",
            port: port,
            dataDirectory: URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL,
            database: database,
            demo: demo,
            ledgerOrigin: origin,
            ledgerPrivateKey: environment["LAWTRAIL_LEDGER_KEY"].flatMap { $0.isEmpty ? nil : $0 })
    }

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
