import Foundation
import Ledger
import Testing

/// The fast tree code against the literal RFC 9162 definitions, for every tree size up to 130,
/// every leaf and every pair of sizes. // SPEC X3
@Suite struct MerkleReferenceTests {
    static let maxSize = 130

    @Test func rootsEqualReferenceForEverySize() throws {
        let reference = ReferenceMerkle(count: Self.maxSize)
        let leafHashes = (0..<Self.maxSize).map { MerkleHash.leaf(reference.leaves[$0]) }
        let store = InMemoryNodeStore(leafHashes: leafHashes)
        var range = CompactRange()
        #expect(range.root == reference.root(0))
        for n in 1...Self.maxSize {
            range.append(leafHashes[n - 1])
            let expected = reference.root(n)
            #expect(leafHashes[n - 1] == reference.leafHash(n - 1))
            #expect(MerkleTree.root(leafHashes: leafHashes[..<n]) == expected, "MerkleTree.root, size \(n)")
            #expect(range.root == expected, "CompactRange.root, size \(n)")
            #expect(try MerkleProofs.root(size: UInt64(n), source: store) == expected, "root from store, size \(n)")
            let source = ReferenceNodeSource(reference: reference, size: UInt64(n))
            #expect(try MerkleProofs.root(size: UInt64(n), source: source) == expected, "root from reference nodes, size \(n)")
        }
        #expect(MerkleTree.root(leafHashes: [Hash]()) == MerkleHash.emptyRoot)
    }

    @Test func everyInclusionProofEqualsReferenceAndVerifies() throws {
        let reference = ReferenceMerkle(count: Self.maxSize)
        let store = InMemoryNodeStore(leafHashes: (0..<Self.maxSize).map { reference.leafHash($0) })
        for n in 1...Self.maxSize {
            let size = UInt64(n)
            let root = reference.root(n)
            for m in 0..<n {
                let expected = reference.path(m, n)
                let source = ReferenceNodeSource(reference: reference, size: size)
                let proof = try MerkleProofs.inclusionProof(index: UInt64(m), size: size, source: source)
                #expect(proof == expected, "inclusion \(m) in \(n)")
                #expect(source.calls == 1, "one batched read")
                #expect(source.requested.count <= 2 * log2Ceil(n) + 1, "O(log n) nodes for \(m) in \(n)")
                #expect(try MerkleProofs.inclusionProof(index: UInt64(m), size: size, source: store) == expected)
                #expect(MerkleVerifier.verifyInclusion(leafHash: reference.leafHash(m), index: UInt64(m),
                                                       size: size, proof: proof, root: root))
            }
        }
    }

    @Test func everyConsistencyProofEqualsReferenceAndVerifies() throws {
        let reference = ReferenceMerkle(count: Self.maxSize)
        let store = InMemoryNodeStore(leafHashes: (0..<Self.maxSize).map { reference.leafHash($0) })
        for n in 1...Self.maxSize {
            for m in 1...n {
                let expected = reference.proof(m, n)
                let source = ReferenceNodeSource(reference: reference, size: UInt64(n))
                let proof = try MerkleProofs.consistencyProof(from: UInt64(m), to: UInt64(n), source: source)
                #expect(proof == expected, "consistency \(m) to \(n)")
                #expect(source.calls == 1, "one batched read")
                #expect(source.requested.count <= 2 * log2Ceil(n) + 2, "O(log n) nodes for \(m) to \(n)")
                #expect(try MerkleProofs.consistencyProof(from: UInt64(m), to: UInt64(n), source: store) == expected)
                #expect(MerkleVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), proof: proof,
                                                         oldRoot: reference.root(m), newRoot: reference.root(n)),
                        "verify consistency \(m) to \(n)")
            }
        }
    }

    /// Any single flipped bit, a dropped or an added hash makes a valid proof fail.
    @Test func tamperedProofsFail() throws {
        let reference = ReferenceMerkle(count: 40)
        let store = InMemoryNodeStore(leafHashes: (0..<40).map { reference.leafHash($0) })
        for n in [1, 2, 3, 7, 8, 13, 32, 33, 40] {
            let root = reference.root(n)
            for m in 0..<n {
                let proof = try MerkleProofs.inclusionProof(index: UInt64(m), size: UInt64(n), source: store)
                let leaf = reference.leafHash(m)
                for (position, hash) in proof.enumerated() {
                    var bad = proof
                    bad[position] = flip(hash, bit: (position * 37 + m) % 256)
                    #expect(!MerkleVerifier.verifyInclusion(leafHash: leaf, index: UInt64(m), size: UInt64(n), proof: bad, root: root))
                }
                if !proof.isEmpty {
                    #expect(!MerkleVerifier.verifyInclusion(leafHash: leaf, index: UInt64(m), size: UInt64(n),
                                                            proof: Array(proof.dropLast()), root: root))
                }
                #expect(!MerkleVerifier.verifyInclusion(leafHash: leaf, index: UInt64(m), size: UInt64(n),
                                                        proof: proof + [root], root: root))
                #expect(!MerkleVerifier.verifyInclusion(leafHash: flip(leaf, bit: 3), index: UInt64(m), size: UInt64(n),
                                                        proof: proof, root: root))
            }
            for m in 1..<n {
                let proof = try MerkleProofs.consistencyProof(from: UInt64(m), to: UInt64(n), source: store)
                for (position, hash) in proof.enumerated() {
                    var bad = proof
                    bad[position] = flip(hash, bit: (position * 11 + m) % 256)
                    #expect(!MerkleVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), proof: bad,
                                                              oldRoot: reference.root(m), newRoot: root))
                }
                #expect(!MerkleVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), proof: Array(proof.dropLast()),
                                                          oldRoot: reference.root(m), newRoot: root))
                #expect(!MerkleVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), proof: proof + [root],
                                                          oldRoot: reference.root(m), newRoot: root))
                #expect(!MerkleVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), proof: proof,
                                                          oldRoot: flip(reference.root(m), bit: 0), newRoot: root))
                #expect(!MerkleVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), proof: proof,
                                                          oldRoot: reference.root(m), newRoot: flip(root, bit: 255)))
            }
        }
    }
}

func log2Ceil(_ n: Int) -> Int {
    var bits = 0
    while (1 << bits) < n { bits += 1 }
    return bits
}

func flip(_ hash: Hash, bit: Int) -> Hash {
    var bytes = hash.bytes
    bytes[bit / 8] ^= UInt8(1 << (bit % 8))
    return try! Hash(bytes: bytes)
}
