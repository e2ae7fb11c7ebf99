import Crypto
import Foundation

/// The two hash functions of an RFC 9162 Merkle tree (§2.1.1), with SHA-256.
///
/// The 0x00 / 0x01 prefixes keep a leaf from ever being mistaken for an inner node (second
/// preimage resistance), which is what lets a verifier trust an inclusion proof. // SPEC X3
///
/// Both functions feed the prefix and the data to one incremental `SHA256` hasher straight from
/// stack memory, so the only allocation per call is the hasher's own context: verifying a whole
/// ledger is bounded by SHA-256 itself, not by copying bytes around.
public enum MerkleHash {
    /// MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1): e3b0c442…b855.
    public static let emptyRoot: Hash = Hash(SHA256().finalize())

    /// The leaf hash SHA-256(0x00 ‖ leaf) (RFC 9162 §2.1.1).
    @inlinable
    public static func leaf(_ bytes: some DataProtocol) -> Hash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(data: bytes)
        return Hash(hasher.finalize())
    }

    /// The leaf hash of bytes already in memory, for callers that hold a raw buffer.
    @inlinable
    public static func leaf(bufferPointer bytes: UnsafeRawBufferPointer) -> Hash {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: bytes)
        return Hash(hasher.finalize())
    }

    /// The inner node hash SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1).
    @inlinable
    public static func node(_ left: Hash, _ right: Hash) -> Hash {
        // One 65-byte update from the stack: fewer calls into the hasher than three updates.
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return Hash(hasher.finalize())
        }
    }
}
