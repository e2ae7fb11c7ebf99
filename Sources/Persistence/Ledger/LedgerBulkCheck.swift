import Foundation
import Ledger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What checking one bulk chunk gave (issue 16).
enum BulkChunkOutcome: Sendable {
    /// The chunk's framing could not be trusted (a missing, extra or repeated row, a leaf hash
    /// that is not 32 bytes, a raw newline in a leaf or type): read it row by row.
    case rowByRow
    case checked(BulkChunkResult)
}

struct BulkChunkResult: Sendable {
    /// Entries in the chunk.
    let count: Int
    /// Findings in index order: leaves first, then the chunk's tree nodes.
    let findings: [LedgerFinding]
    let badLeaves: [UInt64]
    /// The chunk's own right edge (the hashes of `CompactRange` over its leaves): one subtree
    /// hash for a full chunk.
    let edge: [Hash]
    /// For each checkpoint size ending inside the chunk, the chunk's right edge up to there.
    let edgesAt: [(size: UInt64, hashes: [Hash])]
    /// Nodes whose stored level could not be read as one run (a node missing or repeated, a hash
    /// of the wrong length): the caller compares them one by one to name them.
    let uncheckedNodes: [NodeID: Hash]
}

/// The checks of one chunk, the same as the row-by-row audit makes for each of its entries and
/// tree nodes: the stored leaf hash is the hash of the stored leaf, the leaf is canonical JSON of
/// an event whose type is the `event_type` column, and every stored node of level 1…chunkLevel
/// inside the chunk is the node recomputed from the leaves. Pure CPU work, run off the reader.
enum BulkChunkCheck {
    /// `trustFindings: false` (the order of the bulk read was not guaranteed): any finding sends
    /// the chunk to the row-by-row path, which reads in guaranteed index order.
    static func check(
        _ chunk: LedgerEntryChunk, nodeRuns: [LedgerNodeRun], wantedSizes: [UInt64], trustFindings: Bool = true
    ) -> BulkChunkOutcome {
        guard chunk.isComplete, chunk.expected > 0 else { return .rowByRow }
        let count = chunk.expected
        var findings: [LedgerFinding] = []
        var badLeaves: [UInt64] = []
        var range = CompactRange()
        var levels: [[Hash]] = Array(repeating: [], count: 64)
        for run in nodeRuns { levels[run.level].reserveCapacity(run.expected) }
        var edgesAt: [(size: UInt64, hashes: [Hash])] = []
        var nextWanted = 0

        let framed: Bool = chunk.leaves.withUnsafeBytes { leaves in
            chunk.leafHashes.withUnsafeBytes { storedHashes in
                chunk.eventTypes.withUnsafeBytes { types in
                    var leafStart = 0, typeStart = 0
                    for k in 0..<count {
                        let index = chunk.first + UInt64(k)
                        let last = k == count - 1
                        // Pieces: exactly `count`, so no separator may be left after the last one.
                        guard let leafEnd = piece(leaves, from: leafStart, last: last),
                              let typeEnd = piece(types, from: typeStart, last: last)
                        else { return false }
                        let leaf = UnsafeRawBufferPointer(rebasing: leaves[leafStart..<leafEnd])
                        let type = UnsafeRawBufferPointer(rebasing: types[typeStart..<typeEnd])
                        leafStart = leafEnd + 1
                        typeStart = typeEnd + 1

                        let recomputed = MerkleHash.leaf(bufferPointer: leaf)
                        let stored = UnsafeRawBufferPointer(rebasing: storedHashes[k * Hash.byteCount..<(k + 1) * Hash.byteCount])
                        if !recomputed.withUnsafeBytes({ memcmp($0.baseAddress!, stored.baseAddress!, Hash.byteCount) == 0 }) {
                            badLeaves.append(index)
                            let storedHex = (try? Hash(bytes: stored))?.hex ?? "?"
                            findings.append(LedgerFinding(index: index, message: "stored leaf hash \(storedHex) is not the hash of the stored leaf (\(recomputed.hex))"))
                        }
                        let leafBytes = leaf.assumingMemoryBound(to: UInt8.self)
                        if let leafType = try? LedgerEvent.typeOfCanonicalLeaf(leafBytes) {
                            if !leafType.utf8.elementsEqual(type) {
                                let column = String(decoding: type, as: UTF8.self)
                                findings.append(LedgerFinding(index: index, message: "event type column \(column) differs from the leaf's type \(leafType)"))
                            }
                        } else {
                            findings.append(LedgerFinding(index: index, message: "leaf is not a canonical JSON event"))
                        }
                        range.append(recomputed) { node in
                            if node.level > 0 { levels[node.level].append(node.hash) }
                        }
                        if nextWanted < wantedSizes.count, wantedSizes[nextWanted] == index + 1 {
                            edgesAt.append((index + 1, range.hashes))
                            nextWanted += 1
                        }
                    }
                    return true
                }
            }
        }
        guard framed else { return .rowByRow }

        var uncheckedNodes: [NodeID: Hash] = [:]
        for run in nodeRuns {
            let computed = levels[run.level]
            precondition(computed.count == run.expected, "chunk node ranges must match the chunk")
            guard run.isComplete else {
                for (offset, hash) in computed.enumerated() {
                    uncheckedNodes[NodeID(level: run.level, index: run.first + UInt64(offset))] = hash
                }
                continue
            }
            run.hashes.withUnsafeBytes { stored in
                for (offset, hash) in computed.enumerated() {
                    let same = hash.withUnsafeBytes {
                        memcmp($0.baseAddress!, stored.baseAddress! + offset * Hash.byteCount, Hash.byteCount) == 0
                    }
                    guard !same else { continue }
                    let id = NodeID(level: run.level, index: run.first + UInt64(offset))
                    if !badLeaves.contains(where: id.covers) {
                        findings.append(LedgerFinding(index: id.firstLeaf, message: "stored tree node \(id) differs from the node recomputed from the leaves"))
                    }
                }
            }
        }
        if !trustFindings && !(findings.isEmpty && uncheckedNodes.isEmpty) { return .rowByRow }
        return .checked(BulkChunkResult(
            count: count, findings: findings, badLeaves: badLeaves, edge: range.hashes, edgesAt: edgesAt,
            uncheckedNodes: uncheckedNodes))
    }

    /// The end of the piece starting at `start`: the next 0x0A, or for the last piece the end of
    /// the buffer, which must then hold no 0x0A. `nil` when the framing does not hold.
    private static func piece(_ buffer: UnsafeRawBufferPointer, from start: Int, last: Bool) -> Int? {
        guard start <= buffer.count else { return nil }
        let remaining = buffer.count - start
        let found = remaining == 0 ? nil : memchr(buffer.baseAddress! + start, 0x0A, remaining)
        if last { return found == nil ? buffer.count : nil }
        guard let found else { return nil }
        return UnsafeRawPointer(found) - buffer.baseAddress!
    }
}

/// The right edge of a tree built from aligned perfect subtrees (the chunks' roots), which
/// reports every node above them it completes — those the chunks could not check themselves.
struct SubtreeEdge {
    private(set) var size: UInt64 = 0
    private var stack: [(level: Int, hash: Hash)] = []

    var hashes: [Hash] { stack.map(\.hash) }

    /// Appends the perfect subtree of 2^level leaves starting at `size` (which must be aligned).
    mutating func append(_ hash: Hash, level: Int, completed: (NodeID, Hash) -> Void) {
        precondition(size & ((1 << UInt64(level)) - 1) == 0, "subtree must start at a multiple of its width")
        let end = size + (1 << UInt64(level))
        var hash = hash, level = level
        while let top = stack.last, top.level == level {
            stack.removeLast()
            hash = MerkleHash.node(top.hash, hash)
            level += 1
            completed(NodeID(level: level, index: (end >> UInt64(level)) - 1), hash)
        }
        stack.append((level, hash))
        size = end
    }

    /// MTH of the tree whose right edge is `hashes`, largest first (as `CompactRange.root`).
    static func root(of hashes: [Hash]) -> Hash {
        guard var result = hashes.last else { return MerkleHash.emptyRoot }
        for hash in hashes.dropLast().reversed() {
            result = MerkleHash.node(hash, result)
        }
        return result
    }
}

extension NodeID {
    /// Whether the subtree covers leaf `index`.
    func covers(_ index: UInt64) -> Bool { index >= firstLeaf && index < endLeaf }
}
