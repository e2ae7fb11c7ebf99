/// Where proof generation reads stored perfect-subtree hashes from.
///
/// One call with every id a proof needs, so a database implementation can answer with a single
/// query (`WHERE (level, index) IN …`) — a proof then costs one round trip and O(log n) rows.
/// Storage decides how nodes are kept; this module decides which nodes are needed. // SPEC X3
public protocol NodeSource {
    /// Returns the hash of every requested node, in the order of `ids`.
    ///
    /// Every id is a perfect subtree of the tree size the caller asked about, so an
    /// implementation may throw when a node is missing: that means the size is beyond the stored
    /// tree, or storage has lost a node.
    func hashes(of ids: [NodeID]) throws -> [Hash]
}
