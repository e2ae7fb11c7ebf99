/// The position of a perfect subtree in the RFC 9162 tree: `level` 0 is a leaf, and the node at
/// `level` l and `index` j covers leaves [j·2^l, (j+1)·2^l).
///
/// Only perfect (complete) subtrees get an id: once such a subtree exists its hash never changes,
/// so storage can write it once and never update it (SPEC X3, nothing is updated in place). The
/// partial right-edge subtrees of a tree whose size is not a power of two are recomputed from
/// these (see `ProofPlan.Element.ephemeral`).
public struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Height above the leaves, 0...63.
    public let level: Int
    /// Position among the nodes of that level, counted from 0 at the left.
    public let index: UInt64

    public init(level: Int, index: UInt64) {
        precondition(level >= 0 && level < 64, "level must be in 0..<64")
        self.level = level
        self.index = index
    }

    /// The first leaf the subtree covers.
    public var firstLeaf: UInt64 { index << UInt64(level) }

    /// One past the last leaf the subtree covers (the tree needs at least this size to contain it).
    public var endLeaf: UInt64 { (index + 1) << UInt64(level) }

    /// Number of leaves covered: 2^level.
    public var leafCount: UInt64 { 1 << UInt64(level) }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        (lhs.level, lhs.index) < (rhs.level, rhs.index)
    }

    public var description: String { "(\(level), \(index))" }
}
