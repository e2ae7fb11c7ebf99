/// Proof verification exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency)
/// describe it, step by step, so that our verifier and any outside one agree.
///
/// The `check…` functions throw `LedgerError.proofRejected` with the failed step; the
/// `verify…` functions answer yes or no. Neither trusts the proof's length: a proof that is too
/// short or too long is refused before any hashing, with the expected length in the reason.
/// // SPEC X3: anyone can verify offline.
public enum MerkleVerifier {
    // MARK: Inclusion (RFC 9162 §2.1.3.2)

    /// The root hash that `proof` implies for `leafHash` at `index` in a tree of `size` leaves.
    public static func rootFromInclusionProof(leafHash: Hash, index: UInt64, size: UInt64, proof: [Hash]) throws -> Hash {
        // Step 1: the index must be inside the tree.
        guard index < size else {
            throw LedgerError.proofRejected("leaf index \(index) is not below tree size \(size)")
        }
        let expected = MerkleProofs.inclusionProofLength(index: index, size: size)
        guard proof.count == expected else {
            throw LedgerError.proofRejected(
                "inclusion proof for index \(index) in size \(size) has \(proof.count) hashes, expected \(expected)")
        }
        // Steps 2-3.
        var fn = index
        var sn = size - 1
        var r = leafHash
        // Step 4.
        for p in proof {
            // 4a.
            guard sn != 0 else { throw LedgerError.proofRejected("inclusion proof is too long") }
            // 4b.
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            // 4c.
            fn >>= 1
            sn >>= 1
        }
        // Step 5 (sn part).
        guard sn == 0 else { throw LedgerError.proofRejected("inclusion proof is too short") }
        return r
    }

    /// Throws unless `proof` shows that `leafHash` is leaf `index` of the tree of `size` leaves
    /// whose root is `root`.
    public static func checkInclusion(leafHash: Hash, index: UInt64, size: UInt64, proof: [Hash], root: Hash) throws {
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, size: size, proof: proof)
        // Step 5 (root part).
        guard computed == root else {
            throw LedgerError.proofRejected("inclusion proof leads to root \(computed.hex), expected \(root.hex)")
        }
    }

    /// Whether `proof` shows that `leafHash` is leaf `index` of the tree of `size` leaves with `root`.
    public static func verifyInclusion(leafHash: Hash, index: UInt64, size: UInt64, proof: [Hash], root: Hash) -> Bool {
        (try? checkInclusion(leafHash: leafHash, index: index, size: size, proof: proof, root: root)) != nil
    }

    // MARK: Consistency (RFC 9162 §2.1.4.2)

    /// Throws unless `proof` shows that the tree of `to` leaves with root `newRoot` extends the
    /// tree of `from` leaves with root `oldRoot`.
    ///
    /// Beyond the RFC's 0 < from < to: from == to is consistent iff the proof is empty and the
    /// roots are equal (PROOF(m, D[m]) is empty, §2.1.4.1). from == 0 is refused, as RFC 9162
    /// §2.1.4 defines consistency only for 0 < from (transparency-dev/merkle instead accepts it
    /// with an empty proof; we keep the RFC's rule, see `MerkleProofs.consistencyPlan`).
    public static func checkConsistency(from: UInt64, to: UInt64, proof: [Hash], oldRoot: Hash, newRoot: Hash) throws {
        guard from > 0 else {
            throw LedgerError.proofRejected("consistency from size 0 is not defined (RFC 9162 §2.1.4 requires 0 < from)")
        }
        guard from <= to else {
            throw LedgerError.proofRejected("old size \(from) is larger than new size \(to)")
        }
        if from == to {
            guard proof.isEmpty else {
                throw LedgerError.proofRejected("consistency proof between equal sizes must be empty, has \(proof.count) hashes")
            }
            guard oldRoot == newRoot else {
                throw LedgerError.proofRejected("roots differ for the same tree size \(from)")
            }
            return
        }
        let expected = MerkleProofs.consistencyProofLength(from: from, to: to)
        guard proof.count == expected else {
            throw LedgerError.proofRejected(
                "consistency proof from \(from) to \(to) has \(proof.count) hashes, expected \(expected)")
        }
        // Step 1.
        guard !proof.isEmpty else { throw LedgerError.proofRejected("consistency proof is empty") }
        // Step 2.
        var path = proof
        if TreeMath.isPowerOfTwo(from) {
            path.insert(oldRoot, at: 0)
        }
        // Step 3.
        var fn = from - 1
        var sn = to - 1
        // Step 4.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5.
        var fr = path[0]
        var sr = path[0]
        // Step 6.
        for c in path.dropFirst() {
            // 6a.
            guard sn != 0 else { throw LedgerError.proofRejected("consistency proof is too long") }
            // 6b.
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            // 6c.
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else { throw LedgerError.proofRejected("consistency proof is too short") }
        guard fr == oldRoot else {
            throw LedgerError.proofRejected("consistency proof leads to old root \(fr.hex), expected \(oldRoot.hex)")
        }
        guard sr == newRoot else {
            throw LedgerError.proofRejected("consistency proof leads to new root \(sr.hex), expected \(newRoot.hex)")
        }
    }

    /// Whether `proof` shows that the tree of `to` leaves with `newRoot` extends the tree of
    /// `from` leaves with `oldRoot`.
    public static func verifyConsistency(from: UInt64, to: UInt64, proof: [Hash], oldRoot: Hash, newRoot: Hash) -> Bool {
        (try? checkConsistency(from: from, to: to, proof: proof, oldRoot: oldRoot, newRoot: newRoot)) != nil
    }
}
