import Foundation
import Ledger

/// A `NodeSource` answered from the reference, which also checks the fast code only ever asks
/// for perfect subtrees inside the tree and counts how many it asks for.
final class ReferenceNodeSource: NodeSource {
    let reference: ReferenceMerkle
    let size: UInt64
    private(set) var requested: [NodeID] = []
    private(set) var calls = 0

    init(reference: ReferenceMerkle, size: UInt64) {
        self.reference = reference
        self.size = size
    }

    struct NotPerfect: Error { let id: NodeID }

    func hashes(of ids: [NodeID]) throws -> [Hash] {
        calls += 1
        requested += ids
        return try ids.map { id in
            guard id.endLeaf <= size else { throw NotPerfect(id: id) }
            return try Hash(bytes: reference.mth(Int(id.firstLeaf)..<Int(id.endLeaf)))
        }
    }
}
