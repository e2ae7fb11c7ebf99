/// The Merkle Tree Hash over a list of leaf hashes (RFC 9162 §2.1.1).
///
/// Used by `lawtrail ledger verify` to recompute the root from every stored leaf. // SPEC X3
public enum MerkleTree {
    /// MTH(D[n]): the empty root for no leaves, the leaf hash for one, otherwise
    /// HASH(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k the largest power of two strictly less than n.
    ///
    /// O(n) hashing and O(log n) stack; the leaf hashes are taken as given (already
    /// SHA-256(0x00 ‖ leaf)). To verify a whole ledger without holding every leaf hash, stream
    /// them through `CompactRange.append(_:_:)` instead; the root is the same.
    public static func root(leafHashes: some RandomAccessCollection<Hash>) -> Hash {
        guard !leafHashes.isEmpty else { return MerkleHash.emptyRoot }
        if let result = leafHashes.withContiguousStorageIfAvailable({ root(of: $0[...]) }) {
            return result
        }
        return Array(leafHashes).withUnsafeBufferPointer { root(of: $0[...]) }
    }

    private static func root(of hashes: Slice<UnsafeBufferPointer<Hash>>) -> Hash {
        if hashes.count == 1 { return hashes[hashes.startIndex] }
        let k = Int(TreeMath.largestPowerOfTwo(below: UInt64(hashes.count)))
        let split = hashes.startIndex + k
        return MerkleHash.node(root(of: hashes[..<split]), root(of: hashes[split...]))
    }
}
