/// The right edge of an append-only RFC 9162 tree: the hashes of the perfect subtrees that tile
/// leaves [0, size), largest (leftmost) first — at most one per set bit of `size`, so at most 64.
///
/// This is all the sequencer has to keep in memory to append: each new leaf merges with equal-size
/// subtrees on the edge, and every subtree it completes is returned so storage can write it once
/// (SPEC X3: stored tree nodes make a proof cost O(log n) reads; nothing is updated in place).
/// After a restart, `init(size:hashes:)` resumes from the nodes named by `rightEdgeNodeIDs(size:)`.
///
/// The idea is the "compact range" of transparency-dev/merkle and Trillian, written from the
/// RFC 9162 §2.1.1 definition: MTH(D[n]) is the right fold of these subtree hashes.
public struct CompactRange: Hashable, Sendable {
    /// Number of leaves appended so far.
    public private(set) var size: UInt64
    /// Hashes of the right-edge perfect subtrees, in the order of `rightEdgeNodeIDs(size:)`.
    public private(set) var hashes: [Hash]

    /// An empty tree.
    public init() {
        size = 0
        hashes = []
    }

    /// Resumes a tree of `size` leaves from the hashes of `CompactRange.rightEdgeNodeIDs(size:)`,
    /// in that order (for example as read back from storage after a restart).
    public init(size: UInt64, hashes: [Hash]) throws {
        let expected = size.nonzeroBitCount
        guard hashes.count == expected else {
            throw LedgerError.invalidCompactRange(
                "a tree of size \(size) has \(expected) right-edge nodes, got \(hashes.count)")
        }
        self.size = size
        self.hashes = hashes
    }

    /// The perfect subtrees on the right edge of a tree of `size` leaves, largest first: one per
    /// set bit b of `size`, at level b, covering the leaves after the larger ones.
    public static func rightEdgeNodeIDs(size: UInt64) -> [NodeID] {
        TreeMath.perfectSubtrees(begin: 0, end: size)
    }

    /// `rightEdgeNodeIDs(size:)` for the current size.
    public var nodeIDs: [NodeID] { CompactRange.rightEdgeNodeIDs(size: size) }

    /// MTH of the current tree (RFC 9162 §2.1.1); the empty root when no leaf was appended.
    public var root: Hash {
        guard var result = hashes.last else { return MerkleHash.emptyRoot }
        for hash in hashes.dropLast().reversed() {
            result = MerkleHash.node(hash, result)
        }
        return result
    }

    /// Appends one leaf hash and returns every perfect subtree it completes, bottom first: the
    /// leaf itself at (0, size), then one node per level it merges up.
    @discardableResult
    public mutating func append(_ leafHash: Hash) -> [StoredNode] {
        var completed: [StoredNode] = []
        append(leafHash) { completed.append($0) }
        return completed
    }

    /// Appends one leaf hash and passes each completed perfect subtree to `body`, bottom first,
    /// without building an array — for bulk verification of a whole ledger.
    public mutating func append(_ leafHash: Hash, _ body: (StoredNode) throws -> Void) rethrows {
        precondition(size < UInt64.max, "tree is full")
        var index = size
        var level = 0
        var hash = leafHash
        try body(StoredNode(level: 0, index: index, hash: hash))
        // Each trailing 1 bit of the old size is a right-edge subtree the same height as `hash`.
        while index & 1 == 1 {
            hash = MerkleHash.node(hashes.removeLast(), hash)
            level += 1
            index >>= 1
            try body(StoredNode(level: level, index: index, hash: hash))
        }
        hashes.append(hash)
        size += 1
    }

    /// Appends many leaf hashes, discarding the completed nodes; returns self for chaining in tests
    /// and verification loops.
    public mutating func append(contentsOf leafHashes: some Sequence<Hash>) {
        for leafHash in leafHashes {
            append(leafHash) { _ in }
        }
    }
}
