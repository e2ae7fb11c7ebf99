import Crypto
import Foundation

/// A public key that checks signatures on signed notes (C2SP signed-note, Ed25519).
///
/// Its text form is the verifier key published at `GET /ledger/key`:
/// `<name>+<key id as 8 hex>+<base64(0x01 ‖ 32-byte public key)>`; parsing checks that the key
/// id really is the id of that name and key, so a mistyped or spliced key string is refused
/// instead of silently never matching. // SPEC X3
public struct NoteVerifier: Hashable, Sendable {
    /// The key name (for the ledger: the checkpoint origin).
    public let name: String
    /// First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian.
    public let keyID: UInt32
    /// The raw 32-byte Ed25519 public key (kept as bytes so the verifier is `Sendable`).
    public let publicKeyBytes: [UInt8]

    /// Builds a verifier for `name` and an Ed25519 public key.
    public init(name: String, publicKey: Curve25519.Signing.PublicKey) throws {
        if let problem = NoteFormat.nameProblem(name) { throw LedgerError.malformedKey(problem) }
        self.name = name
        self.publicKeyBytes = Array(publicKey.rawRepresentation)
        self.keyID = NoteFormat.keyID(name: name, publicKey: publicKeyBytes)
    }

    /// Parses `<name>+<keyid>+<base64(0x01 ‖ public key)>`.
    public init(verifierKey: String) throws {
        // The name cannot contain '+', the hex id neither; the base64 part may.
        let parts = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw LedgerError.malformedKey("verifier key must be <name>+<key id>+<key>")
        }
        let name = String(parts[0])
        if let problem = NoteFormat.nameProblem(name) { throw LedgerError.malformedKey(problem) }
        guard let claimedID = NoteFormat.parseKeyID(parts[1]) else {
            throw LedgerError.malformedKey("key id must be 8 hex digits")
        }
        guard let key = StrictBase64.decode(parts[2]) else {
            throw LedgerError.malformedKey("key is not canonical standard base64")
        }
        guard key.first == NoteFormat.ed25519 else {
            throw LedgerError.malformedKey("unknown key algorithm (only 0x01 Ed25519 is supported)")
        }
        guard key.count == 33 else {
            throw LedgerError.malformedKey("Ed25519 public key must be 32 bytes, got \(key.count - 1)")
        }
        let publicKeyBytes = Array(key.dropFirst())
        let actualID = NoteFormat.keyID(name: name, publicKey: publicKeyBytes)
        guard actualID == claimedID else {
            throw LedgerError.malformedKey(
                "key id \(NoteFormat.hex(claimedID)) does not match name and key (expected \(NoteFormat.hex(actualID)))")
        }
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes)) != nil else {
            throw LedgerError.malformedKey("not an Ed25519 public key")
        }
        self.name = name
        self.keyID = actualID
        self.publicKeyBytes = publicKeyBytes
    }

    /// The verifier key string `<name>+<keyid>+<base64(0x01 ‖ public key)>`.
    public var verifierKey: String {
        "\(name)+\(NoteFormat.hex(keyID))+\(StrictBase64.encode([NoteFormat.ed25519] + publicKeyBytes))"
    }

    /// `name+keyid`, how errors and logs name the key.
    public var keyDescription: String { "\(name)+\(NoteFormat.hex(keyID))" }

    /// The Ed25519 public key.
    public var publicKey: Curve25519.Signing.PublicKey {
        // Validated in both initialisers.
        try! Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes)
    }

    /// Whether `signature` (the 64 bytes after the key id) is this key's signature of `message`.
    public func isValidSignature(_ signature: some DataProtocol, for message: some DataProtocol) -> Bool {
        guard signature.count == 64 else { return false }
        return publicKey.isValidSignature(signature, for: message)
    }
}
