import Foundation
import Ledger
import Testing

/// The 8-leaf reference tree whose hashes are published in transparency-dev/merkle
/// `testonly/constants.go` (originally the Certificate Transparency C++ test vectors), so our
/// hashing agrees with every other RFC 6962/9162 implementation, not just with itself.
@Suite struct KnownTreeTests {
    /// `LeafInputs()`.
    static let leafInputs: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(bytes(hex:))

    /// `RootHashes()`, indexed by tree size.
    static let rootHashes: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// `NodeHashes()`: [level][index].
    static let nodeHashes: [[String]] = [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        [
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ]

    static var leafHashes: [Hash] { leafInputs.map { MerkleHash.leaf($0) } }

    @Test func emptyRootIsSHA256OfNothing() {
        #expect(MerkleHash.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(CompactRange().root == MerkleHash.emptyRoot)
        #expect(MerkleTree.root(leafHashes: [Hash]()) == MerkleHash.emptyRoot)
    }

    @Test func rootsForSizesZeroToEight() throws {
        var range = CompactRange()
        #expect(range.root.hex == Self.rootHashes[0])
        for size in 1...8 {
            range.append(Self.leafHashes[size - 1])
            #expect(range.root.hex == Self.rootHashes[size], "size \(size)")
            #expect(MerkleTree.root(leafHashes: Self.leafHashes[..<size]).hex == Self.rootHashes[size])
        }
        #expect(range.root.hex == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    }

    @Test func everyPerfectSubtreeMatchesPublishedNodeHashes() throws {
        let store = InMemoryNodeStore(leafHashes: Self.leafHashes)
        for (level, hashes) in Self.nodeHashes.enumerated() {
            for (index, hex) in hashes.enumerated() {
                let id = NodeID(level: level, index: UInt64(index))
                #expect(try store.hashes(of: [id]) == [try Hash(hex: hex)], "node \(id)")
            }
        }
        #expect(store.levels.map(\.count) == [8, 4, 2, 1])
    }

    /// `CompactTrees()`: the right edge after each append.
    @Test func compactRangesMatchPublishedCompactTrees() throws {
        let n = Self.nodeHashes
        let expected: [[String]] = [
            [], [n[0][0]], [n[1][0]], [n[1][0], n[0][2]], [n[2][0]], [n[2][0], n[0][4]],
            [n[2][0], n[1][2]], [n[2][0], n[1][2], n[0][6]], [n[3][0]],
        ]
        var range = CompactRange()
        #expect(range.hashes.isEmpty)
        for size in 1...8 {
            range.append(Self.leafHashes[size - 1])
            #expect(range.hashes.map(\.hex) == expected[size], "size \(size)")
        }
    }

    /// Proof values cross-checked against the published node hashes: inclusion of leaf 5 in
    /// size 7 is [leaf 4, leaf 6, node(2,0)]; consistency 6→8 is [node(1,2), node(1,3), node(2,0)].
    @Test func knownProofs() throws {
        let store = InMemoryNodeStore(leafHashes: Self.leafHashes)
        let n = Self.nodeHashes
        let inclusion = try MerkleProofs.inclusionProof(index: 5, size: 7, source: store)
        #expect(inclusion.map(\.hex) == [n[0][4], n[0][6], n[2][0]])
        let consistency = try MerkleProofs.consistencyProof(from: 6, to: 8, source: store)
        #expect(consistency.map(\.hex) == [n[1][2], n[1][3], n[2][0]])
        #expect(MerkleVerifier.verifyConsistency(from: 6, to: 8, proof: consistency,
                                                 oldRoot: try Hash(hex: Self.rootHashes[6]),
                                                 newRoot: try Hash(hex: Self.rootHashes[8])))
        // Old size a power of two: its root is not repeated in the proof.
        let fromFour = try MerkleProofs.consistencyProof(from: 4, to: 8, source: store)
        #expect(fromFour.map(\.hex) == [n[2][1]])
    }
}

func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        out.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return out
}
