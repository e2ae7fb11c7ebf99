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
        var verifiers = [current.verifier]
        let retired = dataDirectory.keys.appendingPathComponent(retiredDirectory)
        let files = (try? FileManager.default.contentsOfDirectory(at: retired, includingPropertiesForKeys: nil)) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) {
            // A retired key may be kept whole (private) or as its verifier key alone (public).
            let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("PRIVATE+KEY+") {
                _ = try SecretFile.read(file)
                verifiers.append(try NoteSigner(privateKeyString: text).verifier)
            } else {
                verifiers.append(try NoteVerifier(verifierKey: text))
            }
        }
        return verifiers
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

    public var description: String {
        switch self {
        case .originMismatch(let keyName, let origin, let source):
            "the ledger key in \(source) is named \(keyName) but the origin is \(origin); set LAWTRAIL_LEDGER_ORIGIN=\(keyName) or rotate the key (docs/ledger-format.md)"
        case .cannotWrite(let path): "cannot write the ledger key to \(path)"
        }
    }
}
