/// A perfect subtree and its hash: what `CompactRange.append` hands to storage to be written
/// once, and what a `NodeSource` reads back for proofs. // SPEC X3
public struct StoredNode: Hashable, Sendable {
    public let id: NodeID
    public let hash: Hash

    public init(id: NodeID, hash: Hash) {
        self.id = id
        self.hash = hash
    }

    public init(level: Int, index: UInt64, hash: Hash) {
        self.init(id: NodeID(level: level, index: index), hash: hash)
    }

    public var level: Int { id.level }
    public var index: UInt64 { id.index }
}
