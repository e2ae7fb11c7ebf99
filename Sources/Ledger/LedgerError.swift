import Foundation

/// Every refusal the `Ledger` module can give, each with a reason a person can act on.
///
/// One error type for the whole module so that the HTTP layer can map it to a problem+json
/// response (a refusal is the caller's fault, never a 500) and `lawtrail ledger verify` can print
/// the reason on one line. // SPEC X3
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A hash was not 32 bytes, or its hex/base64 text was malformed.
    case invalidHash(String)
    /// The operation needs a non-empty tree (RFC 9162 §2.1.3: an inclusion proof needs a leaf).
    case emptyTree
    /// A leaf index is not below the tree size.
    case indexOutOfRange(index: UInt64, size: UInt64)
    /// A consistency request whose sizes are out of order or zero (RFC 9162 §2.1.4: 0 < from ≤ to).
    case invalidRange(from: UInt64, to: UInt64, reason: String)
    /// Stored right-edge nodes do not fit the claimed tree size.
    case invalidCompactRange(String)
    /// A `NodeSource` answered with the wrong number of hashes.
    case nodeSourceMismatch(requested: Int, returned: Int)
    /// A proof did not verify; the reason says which check failed.
    case proofRejected(String)
    /// Checkpoint text does not follow C2SP tlog-checkpoint.
    case malformedCheckpoint(String)
    /// A signed note does not follow C2SP signed-note.
    case malformedNote(String)
    /// A signer or verifier key string is malformed or its key id does not match the key.
    case malformedKey(String)
    /// The note carries no signature by any of the given keys.
    case unknownKey(String)
    /// Two of the given verifiers share name and key id, so a signature cannot be attributed.
    case ambiguousKey(String)
    /// A signature by a known key does not verify over the note text.
    case invalidSignature(String)
    /// More signature lines than `SignedNote.maxSignatures`.
    case tooManySignatures(Int)
    /// JSON that is not valid, or not allowed in a ledger leaf (for example a floating-point number).
    case invalidJSON(String)
    /// A ledger event that breaks the event rules (type syntax, reserved field names, timestamp).
    case invalidEvent(String)

    public var description: String {
        switch self {
        case .invalidHash(let reason): "invalid hash: \(reason)"
        case .emptyTree: "the tree is empty"
        case .indexOutOfRange(let index, let size): "index \(index) is not below tree size \(size)"
        case .invalidRange(let from, let to, let reason): "invalid range from \(from) to \(to): \(reason)"
        case .invalidCompactRange(let reason): "invalid compact range: \(reason)"
        case .nodeSourceMismatch(let requested, let returned):
            "node source returned \(returned) hashes for \(requested) requested nodes"
        case .proofRejected(let reason): "proof rejected: \(reason)"
        case .malformedCheckpoint(let reason): "malformed checkpoint: \(reason)"
        case .malformedNote(let reason): "malformed note: \(reason)"
        case .malformedKey(let reason): "malformed key: \(reason)"
        case .unknownKey(let reason): "unknown key: \(reason)"
        case .ambiguousKey(let key): "ambiguous key \(key)"
        case .invalidSignature(let key): "invalid signature for key \(key)"
        case .tooManySignatures(let count): "too many signatures: more than \(count)"
        case .invalidJSON(let reason): "invalid JSON: \(reason)"
        case .invalidEvent(let reason): "invalid ledger event: \(reason)"
        }
    }
}
