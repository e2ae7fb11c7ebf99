import Crypto
import Foundation

/// An Ed25519 key that signs notes (C2SP signed-note), for the ledger's checkpoints.
///
/// Keeps the 32-byte seed rather than a `Curve25519.Signing.PrivateKey` so that it is `Sendable`
/// and can live in application state. Its persisted form is the Go `sumdb/note` signer key
/// `PRIVATE+KEY+<name>+<keyid>+<base64(0x01 ‖ seed)>`, which the `keys/` file or
/// `LAWTRAIL_LEDGER_KEY` holds; the "PRIVATE+KEY" prefix keeps it from being mistaken for the
/// public verifier key. // SPEC X3
public struct NoteSigner: Sendable {
    /// The key name; for checkpoints, the log origin.
    public let name: String
    /// Key id of the public key (see `NoteVerifier.keyID`).
    public let keyID: UInt32
    private let seed: [UInt8]
    private let publicKeyBytes: [UInt8]

    /// A signer for `name` with an existing private key.
    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws {
        if let problem = NoteFormat.nameProblem(name) { throw LedgerError.malformedKey(problem) }
        self.name = name
        self.seed = Array(privateKey.rawRepresentation)
        self.publicKeyBytes = Array(privateKey.publicKey.rawRepresentation)
        self.keyID = NoteFormat.keyID(name: name, publicKey: publicKeyBytes)
    }

    /// A signer with a new random key.
    public static func generate(name: String) throws -> NoteSigner {
        try NoteSigner(name: name, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// Parses `PRIVATE+KEY+<name>+<keyid>+<base64(0x01 ‖ 32-byte seed)>` and checks that the key
    /// id matches the public key derived from the seed.
    public init(privateKeyString: String) throws {
        let parts = privateKeyString.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw LedgerError.malformedKey("signer key must be PRIVATE+KEY+<name>+<key id>+<key>")
        }
        let name = String(parts[2])
        if let problem = NoteFormat.nameProblem(name) { throw LedgerError.malformedKey(problem) }
        guard let claimedID = NoteFormat.parseKeyID(parts[3]) else {
            throw LedgerError.malformedKey("key id must be 8 hex digits")
        }
        guard let key = StrictBase64.decode(parts[4]) else {
            throw LedgerError.malformedKey("key is not canonical standard base64")
        }
        guard key.first == NoteFormat.ed25519 else {
            throw LedgerError.malformedKey("unknown key algorithm (only 0x01 Ed25519 is supported)")
        }
        guard key.count == 33 else {
            throw LedgerError.malformedKey("Ed25519 seed must be 32 bytes, got \(key.count - 1)")
        }
        let privateKey: Curve25519.Signing.PrivateKey
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: key.dropFirst())
        } catch {
            throw LedgerError.malformedKey("not an Ed25519 seed")
        }
        try self.init(name: name, privateKey: privateKey)
        guard keyID == claimedID else {
            throw LedgerError.malformedKey(
                "key id \(NoteFormat.hex(claimedID)) does not match the key (expected \(NoteFormat.hex(keyID)))")
        }
    }

    /// The persisted form `PRIVATE+KEY+<name>+<keyid>+<base64(0x01 ‖ seed)>`. Secret.
    public var privateKeyString: String {
        "PRIVATE+KEY+\(name)+\(NoteFormat.hex(keyID))+\(StrictBase64.encode([NoteFormat.ed25519] + seed))"
    }

    /// The matching verifier.
    public var verifier: NoteVerifier {
        // The name was validated and the key is a valid public key, so this cannot fail.
        try! NoteVerifier(name: name, publicKey: publicKey)
    }

    /// The public verifier key string served at `GET /ledger/key`.
    public var verifierKey: String { verifier.verifierKey }

    /// The Ed25519 public key.
    public var publicKey: Curve25519.Signing.PublicKey {
        try! Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes)
    }

    /// The Ed25519 private key.
    public var privateKey: Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// The signature line for `text` (which must end in a newline): U+2014, space, name, space,
    /// base64(4-byte key id ‖ 64-byte Ed25519 signature of the text), newline.
    public func signatureLine(for text: String) throws -> String {
        guard text.utf8.last == 0x0A else {
            throw LedgerError.malformedNote("note text must end with a newline")
        }
        let signature = try privateKey.signature(for: Array(text.utf8))
        let blob = NoteFormat.bigEndian(keyID) + Array(signature)
        return "\u{2014} \(name) \(StrictBase64.encode(blob))\n"
    }
}
