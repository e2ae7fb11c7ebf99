import Crypto
import Foundation

/// What a proof bundle proved: the content below is in the ledger whose signed checkpoint is
/// `checkpoint`, as leaf `index`. Only `ProofBundle.check` makes one. // SPEC X3
public struct ProofBundleCheck: Hashable, Sendable {
    /// The checkpoint whose signature verified (origin, size, root hash).
    public let checkpoint: Checkpoint
    /// The leaf's index in the ledger.
    public let index: UInt64
    /// RFC 9162 leaf hash of the leaf, the hash the proof started from.
    public let leafHash: Hash
    /// The event the leaf encodes.
    public let event: LedgerEvent
    /// Lowercase hex SHA-256 of the content, equal to the leaf's `contentSha256`.
    public let contentSha256: String
    /// The content, parsed.
    public let content: JSONValue

    /// The log the checkpoint belongs to.
    public var origin: String { checkpoint.origin }
    /// The size of the tree the leaf was proven in.
    public var treeSize: UInt64 { checkpoint.size }
    /// The event type, e.g. `record.ingested`.
    public var eventType: String { event.type }
    /// The whole leaf as one JSON object (`type`, `at` and the event's fields).
    public var leaf: JSONValue { event.jsonValue }
}

extension ProofBundle {
    /// Reads a bundle file and checks it against a verifier key string
    /// (`<name>+<key id>+<base64 key>`, as served at `GET /ledger/key`): what
    /// `lawtrail proof check` does. The key is parsed before the bundle is read.
    public static func check(_ data: Data, verifierKey: String) throws(ProofBundleError) -> ProofBundleCheck {
        let verifier = try parseVerifierKey(verifierKey)
        return try decode(data).check(verifier: verifier)
    }

    /// Checks the bundle against a verifier key string; see `check(verifier:)`.
    public func check(verifierKey: String) throws(ProofBundleError) -> ProofBundleCheck {
        try check(verifier: try Self.parseVerifierKey(verifierKey))
    }

    /// Checks, in this order, stopping at the first failure with its own error:
    /// 1. `format` is the current one;
    /// 2. the checkpoint note is signed by `verifier` and parses, and its origin is the key's
    ///    name (the ledger signs under its origin);
    /// 3. `index` is below the checkpoint's tree size;
    /// 4. the leaf hash and the inclusion proof lead to the checkpoint's root (RFC 9162
    ///    §2.1.3.2) — from here on, the leaf is known to be the one the log holds;
    /// 5. the leaf is a canonical event with a string `contentSha256`;
    /// 6. `content` is RFC 8785 canonical JSON;
    /// 7. SHA-256 of the content's UTF-8 is that `contentSha256`.
    ///
    /// Steps 5 and 6 are separate from 7 so that a bundle built from a record stored with
    /// different white space or key order is told apart from one whose data differs.
    public func check(verifier: NoteVerifier) throws(ProofBundleError) -> ProofBundleCheck {
        // 1.
        guard format == Self.currentFormat else { throw .unknownFormat(format) }

        // 2.
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.open(self.checkpoint, verifiers: [verifier])
        } catch LedgerError.unknownKey {
            throw .checkpointNotSignedByKey(verifier.keyDescription)
        } catch LedgerError.invalidSignature(let key) {
            throw .invalidCheckpointSignature(key)
        } catch {
            throw .malformedCheckpoint("\(error)")
        }
        guard checkpoint.origin == verifier.name else {
            throw .originMismatch(origin: checkpoint.origin, keyName: verifier.name)
        }

        // 3.
        guard index < checkpoint.size else { throw .indexOutOfRange(index: index, treeSize: checkpoint.size) }

        // 4. The length is checked here so that a short or long proof gets its own error;
        // `rootFromInclusionProof` checks it again.
        let expectedLength = MerkleProofs.inclusionProofLength(index: index, size: checkpoint.size)
        guard inclusionProof.count == expectedLength else {
            throw .inclusionProofLength(count: inclusionProof.count, expected: expectedLength)
        }
        let leafHash = MerkleHash.leaf(leaf)
        let computedRoot: Hash
        do {
            computedRoot = try MerkleVerifier.rootFromInclusionProof(
                leafHash: leafHash, index: index, size: checkpoint.size, proof: inclusionProof)
        } catch {
            // Unreachable after the checks above; kept as a refusal rather than a crash.
            throw .inclusionProofLength(count: inclusionProof.count, expected: expectedLength)
        }
        guard computedRoot == checkpoint.rootHash else {
            throw .rootMismatch(computed: computedRoot, signed: checkpoint.rootHash)
        }

        // 5.
        let event: LedgerEvent
        do {
            event = try LedgerEvent(canonicalBytes: leaf)
        } catch {
            throw .leafNotCanonical("\(error)")
        }
        guard let recorded = event.fields["contentSha256"]?.stringValue else {
            throw .leafWithoutContentDigest(eventType: event.type)
        }

        // 6.
        let contentBytes = Array(content.utf8)
        let contentValue: JSONValue
        do {
            contentValue = try CanonicalJSON.decode(contentBytes)
            guard try CanonicalJSON.encode(contentValue) == contentBytes else { throw ProofBundleError.contentNotCanonical }
        } catch let error as ProofBundleError {
            throw error
        } catch {
            throw .contentNotJSON("\(error)")
        }

        // 7.
        let actual = Hash(SHA256.hash(data: contentBytes)).hex
        guard actual == recorded else { throw .contentMismatch(expected: recorded, actual: actual) }

        return ProofBundleCheck(checkpoint: checkpoint, index: index, leafHash: leafHash, event: event,
                                contentSha256: actual, content: contentValue)
    }

    private static func parseVerifierKey(_ text: String) throws(ProofBundleError) -> NoteVerifier {
        do {
            return try NoteVerifier(verifierKey: text)
        } catch {
            throw .malformedVerifierKey("\(error)")
        }
    }
}
