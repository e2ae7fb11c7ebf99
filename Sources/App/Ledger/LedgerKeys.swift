import Foundation
import Ledger
import Persistence

/// The ledger's Ed25519 signing key (ARCHITECTURE "Keys").
///
/// From `LAWTRAIL_LEDGER_KEY` when set, else `keys/ledger.key` in the data directory, created
/// with mode 0600 on first start. The key's name is the ledger's origin. Keys retired by a
/// rotation stay in `keys/retired/` so that old checkpoints still verify (docs/ledger-format.md).
public enum LedgerKeys {
    public static let fileName = "ledger.key"
    public static let retiredDirectory = "retired"

    public static func signer(config: AppConfig, dataDirectory: DataDirectory) throws -> NoteSigner {
        if let text = config.ledgerPrivateKey {
            let signer = try NoteSigner(privateKeyString: text.trimmingCharacters(in: .whitespacesAndNewlines))
            try checkName(signer, origin: config.ledgerOrigin, source: "LAWTRAIL_LEDGER_KEY")
            return signer
        }
        let file = dataDirectory.keys.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: file.path) {
            let text = try SecretFile.read(file)
            let signer = try NoteSigner(privateKeyString: text.trimmingCharacters(in: .whitespacesAndNewlines))
            try checkName(signer, origin: config.ledgerOrigin, source: file.path)
            return signer
        }
        let signer = try NoteSigner.generate(name: config.ledgerOrigin)
        try writePrivate(signer.privateKeyString + "\n", to: file)
        return signer
    }

    /// Verifiers for the key that exists now (never creating one) and every retired key.
    public static func existingVerifiers(config: AppConfig, dataDirectory: DataDirectory) throws -> [NoteVerifier] {
        let file = dataDirectory.keys.appendingPathComponent(fileName)
        guard config.ledgerPrivateKey != nil || FileManager.default.fileExists(atPath: file.path) else {
            return []
        }
        return try verifiers(current: signer(config: config, dataDirectory: dataDirectory), dataDirectory: dataDirectory)
    }

    /// Verifiers for the current key and every retired one.
    public static func verifiers(current: NoteSigner, dataDirectory: DataDirectory) throws -> [NoteVerifier] {
        [current.verifier] + (try retiredKeys(dataDirectory: dataDirectory)).map(\.verifier)
    }

    /// A key taken out of service, and the largest tree it may have signed (issue 12 item 12):
    /// a checkpoint of a larger tree signed by it is a forgery by whoever kept the old key.
    public struct RetiredKey: Sendable {
        public let verifier: NoteVerifier
        /// nil for a key retired by hand without the line `retired-at-size N` (trusted without bound).
        public let retiredAtSize: UInt64?
    }

    /// The files in `keys/retired/`: a verifier key line (or, kept whole, the private key), then
    /// optionally `retired-at-size N`, as `lawtrail ledger rotate-key` writes them.
    public static func retiredKeys(dataDirectory: DataDirectory) throws -> [RetiredKey] {
        let retired = dataDirectory.keys.appendingPathComponent(retiredDirectory)
        let files = (try? FileManager.default.contentsOfDirectory(at: retired, includingPropertiesForKeys: nil)) ?? []
        return try files.sorted(by: { $0.path < $1.path }).map { file in
            let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let key = lines.first else { throw LedgerKeyError.badRetiredKey(file.path) }
            let verifier: NoteVerifier
            if key.hasPrefix("PRIVATE+KEY+") {
                _ = try SecretFile.read(file)
                verifier = try NoteSigner(privateKeyString: key).verifier
            } else {
                verifier = try NoteVerifier(verifierKey: key)
            }
            var bound: UInt64?
            for line in lines.dropFirst() {
                let parts = line.split(separator: " ")
                guard parts.count == 2, parts[0] == "retired-at-size", let size = UInt64(parts[1]) else {
                    throw LedgerKeyError.badRetiredKey(file.path)
                }
                bound = size
            }
            return RetiredKey(verifier: verifier, retiredAtSize: bound)
        }
    }

    /// For the audit: the largest tree each bounded retired key may have signed, by key.
    public static func retiredBounds(dataDirectory: DataDirectory) throws -> [String: UInt64] {
        var bounds: [String: UInt64] = [:]
        for key in try retiredKeys(dataDirectory: dataDirectory) {
            if let size = key.retiredAtSize { bounds[key.verifier.keyDescription] = size }
        }
        return bounds
    }

    /// Retires the signing key in `keys/ledger.key` at ledger size `size` — its verifier key and
    /// the bound go to `keys/retired/`, the private key is deleted — and creates a new one. The
    /// servers must be stopped: a running one would keep signing with the old key in memory.
    public static func rotate(config: AppConfig, dataDirectory: DataDirectory, atSize size: UInt64) throws -> (retired: NoteVerifier, current: NoteVerifier) {
        guard config.ledgerPrivateKey == nil else { throw LedgerKeyError.keyFromEnvironment }
        let file = dataDirectory.keys.appendingPathComponent(fileName)
        let old = try NoteSigner(privateKeyString: try SecretFile.read(file).trimmingCharacters(in: .whitespacesAndNewlines))
        let retired = dataDirectory.keys.appendingPathComponent(retiredDirectory)
        try FileManager.default.createDirectory(at: retired, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let keyIDHex = old.verifier.keyDescription.split(separator: "+").last.map(String.init) ?? "key"
        let record = retired.appendingPathComponent("\(keyIDHex).vkey")
        do {
            try SecretFile.create(record, contents: "\(old.verifier.verifierKey)\nretired-at-size \(size)\n")
        } catch {
            throw LedgerKeyError.cannotWrite(record.path)
        }
        try FileManager.default.removeItem(at: file)
        let new = try NoteSigner.generate(name: config.ledgerOrigin)
        try writePrivate(new.privateKeyString + "\n", to: file)
        return (old.verifier, new.verifier)
    }

    static func checkName(_ signer: NoteSigner, origin: String, source: String) throws {
        guard signer.name == origin else {
            throw LedgerKeyError.originMismatch(keyName: signer.name, origin: origin, source: source)
        }
    }

    /// Creates the file readable by its owner only, before any secret is written into it.
    static func writePrivate(_ text: String, to file: URL) throws {
        do {
            try SecretFile.create(file, contents: text)
        } catch {
            throw LedgerKeyError.cannotWrite(file.path)
        }
    }
}

public enum LedgerKeyError: Error, CustomStringConvertible {
    case originMismatch(keyName: String, origin: String, source: String)
    case cannotWrite(String)
    case badRetiredKey(String)
    case keyFromEnvironment

    public var description: String {
        switch self {
        case .originMismatch(let keyName, let origin, let source):
            "the ledger key in \(source) is named \(keyName) but the origin is \(origin); set LAWTRAIL_LEDGER_ORIGIN=\(keyName) or rotate the key (docs/ledger-format.md)"
        case .cannotWrite(let path): "cannot write the ledger key to \(path)"
        case .badRetiredKey(let path): "\(path): expected a verifier key line, then optionally `retired-at-size N`"
        case .keyFromEnvironment: "the signing key comes from LAWTRAIL_LEDGER_KEY: set a new one there and put the old verifier key, with `retired-at-size N`, into keys/retired/"
        }
    }
}
