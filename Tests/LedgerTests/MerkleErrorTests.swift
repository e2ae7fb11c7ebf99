import Foundation
import Ledger
import Testing

/// Requests that must be refused with a typed reason (the HTTP layer turns these into 4xx).
@Suite struct MerkleErrorTests {
    let store = InMemoryNodeStore(leafHashes: (0..<10).map { MerkleHash.leaf([UInt8($0)]) })

    @Test func inclusionRefusals() {
        #expect(throws: LedgerError.emptyTree) { try MerkleProofs.inclusionPlan(index: 0, size: 0) }
        #expect(throws: LedgerError.indexOutOfRange(index: 5, size: 5)) { try MerkleProofs.inclusionPlan(index: 5, size: 5) }
        #expect(throws: LedgerError.indexOutOfRange(index: UInt64.max, size: 3)) {
            try MerkleProofs.inclusionPlan(index: UInt64.max, size: 3)
        }
    }

    @Test func consistencyRefusals() throws {
        #expect(throws: LedgerError.self) { try MerkleProofs.consistencyPlan(from: 0, to: 5) }
        #expect(throws: LedgerError.self) { try MerkleProofs.consistencyPlan(from: 6, to: 5) }
        #expect(try MerkleProofs.consistencyPlan(from: 5, to: 5).elements.isEmpty)
    }

    @Test func sizeBeyondTheStoredTreeIsAnError() {
        // The store has 10 leaves; size 11 needs leaf 10, which does not exist.
        #expect(throws: LedgerError.self) { try MerkleProofs.inclusionProof(index: 0, size: 11, source: store) }
        #expect(throws: LedgerError.self) { try MerkleProofs.root(size: 11, source: store) }
    }

    @Test func sourceReturningTheWrongCountIsAnError() throws {
        struct Short: NodeSource {
            func hashes(of ids: [NodeID]) throws -> [Hash] { [] }
        }
        #expect(throws: LedgerError.nodeSourceMismatch(requested: 3, returned: 0)) {
            try MerkleProofs.inclusionProof(index: 5, size: 7, source: Short())
        }
    }

    @Test func verificationEdgeCases() throws {
        let root = store.root
        let leaf = MerkleHash.leaf([UInt8(0)])
        // Size 1: the leaf hash is the root and the proof is empty.
        let one = InMemoryNodeStore(leafHashes: [leaf])
        #expect(MerkleVerifier.verifyInclusion(leafHash: leaf, index: 0, size: 1, proof: [], root: one.root))
        #expect(!MerkleVerifier.verifyInclusion(leafHash: leaf, index: 1, size: 1, proof: [], root: one.root))
        #expect(!MerkleVerifier.verifyInclusion(leafHash: leaf, index: 0, size: 0, proof: [], root: MerkleHash.emptyRoot))
        // Equal sizes: consistent iff the proof is empty and the roots are equal.
        #expect(MerkleVerifier.verifyConsistency(from: 10, to: 10, proof: [], oldRoot: root, newRoot: root))
        #expect(!MerkleVerifier.verifyConsistency(from: 10, to: 10, proof: [root], oldRoot: root, newRoot: root))
        #expect(!MerkleVerifier.verifyConsistency(from: 10, to: 10, proof: [], oldRoot: root, newRoot: leaf))
        // From 0 is not defined by RFC 9162, even with the empty root and an empty proof.
        #expect(!MerkleVerifier.verifyConsistency(from: 0, to: 10, proof: [], oldRoot: MerkleHash.emptyRoot, newRoot: root))
        #expect(!MerkleVerifier.verifyConsistency(from: 0, to: 0, proof: [], oldRoot: MerkleHash.emptyRoot,
                                                  newRoot: MerkleHash.emptyRoot))
        // from > to.
        #expect(!MerkleVerifier.verifyConsistency(from: 11, to: 10, proof: [], oldRoot: root, newRoot: root))
        // Reasons are given.
        #expect(throws: LedgerError.proofRejected("inclusion proof for index 3 in size 10 has 0 hashes, expected 4")) {
            try MerkleVerifier.checkInclusion(leafHash: leaf, index: 3, size: 10, proof: [], root: root)
        }
    }

    @Test func asyncSourceGivesTheSameProofs() async throws {
        struct Async: AsyncNodeSource {
            let store: InMemoryNodeStore
            func hashes(of ids: [NodeID]) async throws -> [Hash] { try store.hashes(of: ids) }
        }
        let source = Async(store: store)
        #expect(try await MerkleProofs.inclusionProof(index: 3, size: 9, source: source)
                == (try MerkleProofs.inclusionProof(index: 3, size: 9, source: store)))
        #expect(try await MerkleProofs.consistencyProof(from: 3, to: 9, source: source)
                == (try MerkleProofs.consistencyProof(from: 3, to: 9, source: store)))
        #expect(try await MerkleProofs.root(size: 9, source: source) == (try MerkleProofs.root(size: 9, source: store)))
        #expect(try await MerkleProofs.root(size: 0, source: source) == MerkleHash.emptyRoot)
    }

    @Test func planAssemblesFromALookupTable() throws {
        let plan = try MerkleProofs.inclusionPlan(index: 5, size: 7)
        // Leaf 4, then the ephemeral [6, 7) which is just leaf 6, then node (2, 0).
        #expect(plan.elements == [.node(NodeID(level: 0, index: 4)), .node(NodeID(level: 0, index: 6)),
                                  .node(NodeID(level: 2, index: 0))])
        let withEphemeral = try MerkleProofs.inclusionPlan(index: 0, size: 7)
        #expect(withEphemeral.elements.last == .ephemeral([NodeID(level: 1, index: 2), NodeID(level: 0, index: 6)]))
        var table: [NodeID: Hash] = [:]
        for id in withEphemeral.nodeIDs { table[id] = try store.hashes(of: [id])[0] }
        #expect(try withEphemeral.assemble(lookup: table) == (try MerkleProofs.inclusionProof(index: 0, size: 7, source: store)))
        table.removeValue(forKey: NodeID(level: 0, index: 6))
        #expect(throws: LedgerError.self) { try withEphemeral.assemble(lookup: table) }
    }
}
