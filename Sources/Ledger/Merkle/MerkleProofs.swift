/// Inclusion and consistency proof generation (RFC 9162 §2.1.3.1 and §2.1.4.1) that reads only
/// O(log n) stored perfect subtrees.
///
/// The RFC defines PATH and PROOF recursively over the leaves; this computes the same hashes from
/// positions alone. A proof is the list of siblings on the way from a node up to the root. Below
/// the level where the node's path leaves the tree's right edge every sibling is a complete
/// subtree; at that level the sibling may be the incomplete right-edge subtree ("ephemeral", the
/// idea of transparency-dev/merkle `proof.Nodes`), which is recomputed from the perfect subtrees
/// tiling it; above it only left siblings exist. // SPEC X3
public enum MerkleProofs {
    /// The nodes for the inclusion proof of leaf `index` in the tree of `size` leaves.
    public static func inclusionPlan(index: UInt64, size: UInt64) throws -> ProofPlan {
        guard size > 0 else { throw LedgerError.emptyTree }
        guard index < size else { throw LedgerError.indexOutOfRange(index: index, size: size) }
        return ProofPlan(elements: path(level: 0, index: index, size: size))
    }

    /// The nodes for the consistency proof between the trees of `from` and `to` leaves.
    ///
    /// RFC 9162 §2.1.4 defines the proof for 0 < from ≤ to (PROOF(m, D[m]) is empty). A request
    /// with from = 0 is refused rather than answered with an empty proof: the empty tree needs no
    /// proof, and an endpoint that answered it would invite verifiers to treat "empty" as
    /// "verified". (transparency-dev/merkle accepts from = 0 with an empty proof; we follow the RFC.)
    public static func consistencyPlan(from: UInt64, to: UInt64) throws -> ProofPlan {
        guard from > 0 else {
            throw LedgerError.invalidRange(from: from, to: to, reason: "from must be at least 1 (RFC 9162 §2.1.4)")
        }
        guard from <= to else {
            throw LedgerError.invalidRange(from: from, to: to, reason: "from must not exceed to")
        }
        if from == to { return ProofPlan(elements: []) }
        // SUBPROOF(m, D[n], true) stops at the largest perfect subtree that ends at leaf m: the
        // last one in m's right edge. Its hash is part of the proof unless it is the whole old
        // tree (m a power of two), whose root the verifier already has.
        let level = from.trailingZeroBitCount
        let index = (from >> UInt64(level)) - 1
        var elements: [ProofPlan.Element] = []
        if index != 0 {
            elements.append(.node(NodeID(level: level, index: index)))
        }
        elements += path(level: level, index: index, size: to)
        return ProofPlan(elements: elements)
    }

    /// The nodes whose right fold is the root of the tree of `size` leaves (none for size 0).
    public static func rootPlan(size: UInt64) -> ProofPlan {
        guard size > 0 else { return ProofPlan(elements: []) }
        let ids = CompactRange.rightEdgeNodeIDs(size: size)
        return ProofPlan(elements: [ids.count == 1 ? .node(ids[0]) : .ephemeral(ids)])
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves, bottom first.
    public static func inclusionProof(index: UInt64, size: UInt64, source: some NodeSource) throws -> [Hash] {
        try fetch(inclusionPlan(index: index, size: size), from: source)
    }

    /// The consistency proof from the tree of `from` leaves to the tree of `to` leaves.
    public static func consistencyProof(from: UInt64, to: UInt64, source: some NodeSource) throws -> [Hash] {
        try fetch(consistencyPlan(from: from, to: to), from: source)
    }

    /// The root of the tree of `size` leaves, read from at most 64 stored nodes.
    public static func root(size: UInt64, source: some NodeSource) throws -> Hash {
        guard size > 0 else { return MerkleHash.emptyRoot }
        return try fetch(rootPlan(size: size), from: source)[0]
    }

    /// `inclusionProof(index:size:source:)` over an asynchronous store.
    public static func inclusionProof(index: UInt64, size: UInt64, source: some AsyncNodeSource) async throws -> [Hash] {
        let plan = try inclusionPlan(index: index, size: size)
        return try plan.assemble(hashes: await source.hashes(of: plan.nodeIDs))
    }

    /// `consistencyProof(from:to:source:)` over an asynchronous store.
    public static func consistencyProof(from: UInt64, to: UInt64, source: some AsyncNodeSource) async throws -> [Hash] {
        let plan = try consistencyPlan(from: from, to: to)
        return try plan.assemble(hashes: await source.hashes(of: plan.nodeIDs))
    }

    /// `root(size:source:)` over an asynchronous store.
    public static func root(size: UInt64, source: some AsyncNodeSource) async throws -> Hash {
        guard size > 0 else { return MerkleHash.emptyRoot }
        let plan = rootPlan(size: size)
        return try plan.assemble(hashes: await source.hashes(of: plan.nodeIDs))[0]
    }

    /// Expected number of hashes in an inclusion proof (0 ≤ index < size).
    static func inclusionProofLength(index: UInt64, size: UInt64) -> Int {
        let inner = TreeMath.bitLength(index ^ (size - 1))
        return inner + (index >> UInt64(inner)).nonzeroBitCount
    }

    /// Expected number of hashes in a consistency proof (0 < from ≤ to).
    static func consistencyProofLength(from: UInt64, to: UInt64) -> Int {
        if from == to { return 0 }
        let level = from.trailingZeroBitCount
        let index = (from >> UInt64(level)) - 1
        let first = index << UInt64(level)
        let inner = max(TreeMath.bitLength(first ^ (to - 1)), level)
        return (index != 0 ? 1 : 0) + (inner - level) + (first >> UInt64(inner)).nonzeroBitCount
    }

    private static func fetch(_ plan: ProofPlan, from source: some NodeSource) throws -> [Hash] {
        try plan.assemble(hashes: source.hashes(of: plan.nodeIDs))
    }

    /// The siblings on the path from the perfect subtree (level, index) to the root of the tree
    /// of `size` leaves, bottom first. For level 0 this is PATH(index, D[size]).
    static func path(level: Int, index: UInt64, size: UInt64) -> [ProofPlan.Element] {
        let first = index << UInt64(level)      // first leaf under the node
        let last = size - 1                     // last leaf of the tree
        // Below `inner` the node's ancestors differ from those of the last leaf; from `inner` up
        // they are the same nodes, on the tree's right edge.
        let inner = TreeMath.bitLength(first ^ last)
        var elements: [ProofPlan.Element] = []
        if inner > level {
            // Complete siblings inside the subtree where the paths still differ.
            for l in level..<(inner - 1) {
                elements.append(.node(NodeID(level: l, index: (first >> UInt64(l)) ^ 1)))
            }
            // At level inner-1 the node's ancestor is a left child; its right sibling holds the
            // last leaf and covers [start, size), complete only if size reaches its end.
            let start = ((first >> UInt64(inner - 1)) | 1) << UInt64(inner - 1)
            let ids = TreeMath.perfectSubtrees(begin: start, end: size)
            elements.append(ids.count == 1 ? .node(ids[0]) : .ephemeral(ids))
        }
        // On the right edge a right child has a complete left sibling; a left child has no
        // sibling at all (nothing to its right yet), so that level contributes nothing.
        for l in max(inner, level)..<64 where (first >> UInt64(l)) & 1 == 1 {
            elements.append(.node(NodeID(level: l, index: (first >> UInt64(l)) ^ 1)))
        }
        return elements
    }
}
