import Foundation
import Ledger
import Testing

/// The right-edge appender storage relies on: it must emit each perfect subtree exactly once,
/// agree with the reference root, and resume after a restart from stored nodes. // SPEC X3
@Suite struct CompactRangeTests {
    @Test func appendEmitsExactlyThePerfectSubtrees() throws {
        let reference = ReferenceMerkle(count: 130)
        var range = CompactRange()
        var emitted: [NodeID: Hash] = [:]
        for n in 1...130 {
            let nodes = range.append(reference.leafHash(n - 1))
            // Bottom first, starting with the leaf itself.
            #expect(nodes.first?.id == NodeID(level: 0, index: UInt64(n - 1)))
            #expect(nodes.map(\.level) == Array(0..<nodes.count))
            for node in nodes {
                #expect(emitted.updateValue(node.hash, forKey: node.id) == nil, "node \(node.id) emitted twice")
                #expect(node.id.endLeaf == UInt64(n), "a completed subtree ends at the new leaf")
                #expect(node.hash == (try Hash(bytes: reference.mth(Int(node.id.firstLeaf)..<Int(node.id.endLeaf)))))
            }
            // After n leaves, exactly the perfect subtrees inside [0, n) exist.
            var expectedCount = 0
            for level in 0..<8 { expectedCount += n >> level }
            #expect(emitted.count == expectedCount, "size \(n)")
            #expect(range.size == UInt64(n))
            #expect(range.root == reference.root(n))
            #expect(range.nodeIDs == CompactRange.rightEdgeNodeIDs(size: UInt64(n)))
            #expect(range.hashes.count == n.nonzeroBitCount)
        }
    }

    @Test func rightEdgeNodeIDs() {
        #expect(CompactRange.rightEdgeNodeIDs(size: 0) == [])
        #expect(CompactRange.rightEdgeNodeIDs(size: 1) == [NodeID(level: 0, index: 0)])
        #expect(CompactRange.rightEdgeNodeIDs(size: 8) == [NodeID(level: 3, index: 0)])
        #expect(CompactRange.rightEdgeNodeIDs(size: 13) ==
                [NodeID(level: 3, index: 0), NodeID(level: 2, index: 2), NodeID(level: 0, index: 12)])
        let big = CompactRange.rightEdgeNodeIDs(size: UInt64.max)
        #expect(big.count == 64)
        #expect(big.first == NodeID(level: 63, index: 0))
        #expect(big.last == NodeID(level: 0, index: UInt64.max - 1))
    }

    @Test func resumingFromStoredRightEdgeGivesTheSameTree() throws {
        let reference = ReferenceMerkle(count: 130)
        var store: [NodeID: Hash] = [:]
        var original = CompactRange()
        for n in 1...130 {
            for node in original.append(reference.leafHash(n - 1)) { store[node.id] = node.hash }
        }
        for n in 0...129 {
            // "Restart" at size n: read the right edge back, then continue appending.
            let ids = CompactRange.rightEdgeNodeIDs(size: UInt64(n))
            var resumed = try CompactRange(size: UInt64(n), hashes: ids.map { store[$0]! })
            #expect(resumed.root == reference.root(n))
            for m in n..<130 {
                for node in resumed.append(reference.leafHash(m)) {
                    #expect(store[node.id] == node.hash, "resumed at \(n): node \(node.id)")
                }
            }
            #expect(resumed == original)
        }
    }

    @Test func resumeRefusesWrongNodeCount() throws {
        let leaf = MerkleHash.leaf([UInt8]())
        #expect(throws: LedgerError.self) { try CompactRange(size: 3, hashes: [leaf]) }
        #expect(throws: LedgerError.self) { try CompactRange(size: 0, hashes: [leaf]) }
        #expect(try CompactRange(size: 3, hashes: [leaf, leaf]).size == 3)
    }

    @Test func bulkAppendWithoutCollectingNodes() {
        let reference = ReferenceMerkle(count: 50)
        var range = CompactRange()
        range.append(contentsOf: (0..<50).map { reference.leafHash($0) })
        #expect(range.root == reference.root(50))
        var visited: [NodeID] = []
        range.append(reference.leafHash(0)) { visited.append($0.id) }
        #expect(visited == [NodeID(level: 0, index: 50)])
        visited = []
        range.append(reference.leafHash(1)) { visited.append($0.id) }
        // 51 = 0b110011: leaf 51 completes (1, 25) and (2, 12).
        #expect(visited == [NodeID(level: 0, index: 51), NodeID(level: 1, index: 25), NodeID(level: 2, index: 12)])
    }
}
