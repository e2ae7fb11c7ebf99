/// A whole tree kept in memory: every perfect subtree by level and index.
///
/// For tests, benchmarks and offline tools (`lawtrail ledger verify` can rebuild the tree from
/// the stored leaves and then compare proofs); the server keeps nodes in the database instead.
public struct InMemoryNodeStore: NodeSource, Sendable {
    /// `levels[l][j]` is the hash of NodeID(level: l, index: j).
    public private(set) var levels: [[Hash]] = []
    private var range = CompactRange()

    public init() {}

    /// Builds the tree of these leaf hashes.
    public init(leafHashes: some Sequence<Hash>) {
        for leafHash in leafHashes {
            append(leafHash)
        }
    }

    /// Number of leaves.
    public var size: UInt64 { range.size }

    /// Root of the whole tree.
    public var root: Hash { range.root }

    /// The right edge, for resuming appends elsewhere.
    public var compactRange: CompactRange { range }

    /// Appends one leaf hash and stores every perfect subtree it completes.
    public mutating func append(_ leafHash: Hash) {
        range.append(leafHash) { node in
            if levels.count <= node.level { levels.append([]) }
            levels[node.level].append(node.hash)
        }
    }

    public func hashes(of ids: [NodeID]) throws -> [Hash] {
        try ids.map { id in
            guard id.level < levels.count, id.index < UInt64(levels[id.level].count) else {
                throw LedgerError.invalidRange(from: id.firstLeaf, to: id.endLeaf,
                                               reason: "node \(id) is not a perfect subtree of a tree of size \(size)")
            }
            return levels[id.level][Int(id.index)]
        }
    }
}
