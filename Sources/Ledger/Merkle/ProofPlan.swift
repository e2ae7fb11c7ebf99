/// Which stored nodes a proof needs and how to turn their hashes into the proof.
///
/// Proof generation is split in two so that storage can fetch everything in ONE query, from any
/// kind of store, synchronously or not: read `nodeIDs`, fetch those hashes, call `assemble`.
/// A plan never asks for more than about 2·log2(n) nodes. // SPEC X3
public struct ProofPlan: Hashable, Sendable {
    /// One hash of the finished proof.
    public enum Element: Hashable, Sendable {
        /// A stored perfect subtree, used as is.
        case node(NodeID)
        /// A subtree on the right edge that is not complete at this tree size, so it was never
        /// stored: its hash is recomputed as the right fold of these perfect subtrees (left to
        /// right), i.e. MTH over the leaves they cover (RFC 9162 §2.1.1).
        case ephemeral([NodeID])
    }

    /// The proof hashes in order, bottom first (RFC 9162 §2.1.3.1, §2.1.4.1).
    public let elements: [Element]

    public init(elements: [Element]) {
        self.elements = elements
    }

    /// Every node to fetch, in the order `assemble(hashes:)` expects their hashes.
    public var nodeIDs: [NodeID] {
        elements.flatMap { element -> [NodeID] in
            switch element {
            case .node(let id): [id]
            case .ephemeral(let ids): ids
            }
        }
    }

    /// Builds the proof from the hashes of `nodeIDs`, in the same order.
    public func assemble(hashes: [Hash]) throws -> [Hash] {
        var cursor = 0
        let requested = elements.reduce(0) { count, element in
            switch element {
            case .node: count + 1
            case .ephemeral(let ids): count + ids.count
            }
        }
        guard hashes.count == requested else {
            throw LedgerError.nodeSourceMismatch(requested: requested, returned: hashes.count)
        }
        var proof: [Hash] = []
        proof.reserveCapacity(elements.count)
        for element in elements {
            switch element {
            case .node:
                proof.append(hashes[cursor])
                cursor += 1
            case .ephemeral(let ids):
                let parts = hashes[cursor..<(cursor + ids.count)]
                cursor += ids.count
                guard !parts.isEmpty else {
                    throw LedgerError.invalidCompactRange("an ephemeral proof element needs at least one node")
                }
                var folded = parts[parts.endIndex - 1]
                for hash in parts.dropLast().reversed() {
                    folded = MerkleHash.node(hash, folded)
                }
                proof.append(folded)
            }
        }
        return proof
    }

    /// Builds the proof from a lookup table that holds at least the hashes of `nodeIDs`.
    public func assemble(lookup: [NodeID: Hash]) throws -> [Hash] {
        let ids = nodeIDs
        var hashes: [Hash] = []
        hashes.reserveCapacity(ids.count)
        for id in ids {
            guard let hash = lookup[id] else {
                throw LedgerError.nodeSourceMismatch(requested: ids.count, returned: hashes.count)
            }
            hashes.append(hash)
        }
        return try assemble(hashes: hashes)
    }
}
