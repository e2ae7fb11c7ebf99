import FluentKit
import Foundation
import Ledger
import SQLKit

/// One problem `lawtrail verify` found in the stored ledger.
public struct LedgerFinding: Sendable, Equatable, CustomStringConvertible {
    /// The first entry index the finding is about, when it is about one.
    public let index: UInt64?
    public let message: String

    public init(index: UInt64?, message: String) {
        self.index = index
        self.message = message
    }

    public var description: String {
        index.map { "entry \($0): \(message)" } ?? message
    }
}

/// What an audit of the ledger saw.
public struct LedgerAuditReport: Sendable {
    public var entries: UInt64 = 0
    public var checkpoints = 0
    public var nodes = 0
    public var findings: [LedgerFinding] = []
    /// Entries checked through the bulk path, and in how many chunks (issue 16).
    public var bulkEntries: UInt64 = 0
    public var bulkChunks = 0
    /// Entries checked one row at a time (no bulk path, or after a chunk whose framing failed).
    public var rowByRowEntries: UInt64 = 0
    public var isClean: Bool { findings.isEmpty }
}

/// The offline audit of the whole stored ledger from the outside (STYLE "fsck"; SPEC X3, R14):
/// recompute every leaf hash and the tree from the stored leaves, check every stored node,
/// every checkpoint's signature and that its root is the root at its size. Successive
/// checkpoints are consistent exactly when each matches the tree recomputed from the same
/// leaves, so that check covers consistency too. Reads in chunks; memory stays flat.
///
/// Entries are read in bulk (issue 16): each aligned chunk of 2^chunkLevel entries is one row
/// (`LedgerReader.entryChunk`), proven complete by its count and lowest and highest index, and
/// checked in parallel with the next chunks' reads. Whatever the framing cannot vouch for sends
/// the audit to the row-by-row path from that chunk on, so each finding still names its entry.
public struct LedgerAudit: Sendable {
    let reader: LedgerReader
    let verifiers: [NoteVerifier]
    let origin: String?
    /// Stop collecting after this many findings (the first bad index is what matters).
    let maxFindings: Int

    /// The largest tree each retired key may have signed, by `keyDescription` (issue 12 item 12).
    let retiredAtSize: [String: UInt64]
    /// Entries are read and checked in aligned chunks of 2^chunkLevel (issue 16); `nil` reads
    /// row by row, the reference path.
    let chunkLevel: Int?
    /// Chunks read and checked at once (reads overlap hashing; both cores hash).
    let parallelChunks: Int
    /// Whether the bulk reads order by the aggregate's own ORDER BY (see `LedgerReader.entryChunk`).
    /// Off by default: an ordered subquery needs no sort (SQLite then audits twice as fast, issue 16,
    /// docs/benchmarks.md) and is as safe, because only a chunk that checks out completely is
    /// trusted; any other is read again row by row, which names the entry.
    let orderedAggregates: Bool

    public init(
        database: any Database, verifiers: [NoteVerifier], origin: String?, retiredAtSize: [String: UInt64] = [:],
        maxFindings: Int = 100, chunkLevel: Int? = 14, parallelChunks: Int = 3,
        orderedAggregates: Bool = false
    ) {
        self.orderedAggregates = orderedAggregates
        precondition(chunkLevel.map { (1...30).contains($0) } ?? true, "chunkLevel must be in 1...30")
        self.chunkLevel = chunkLevel
        self.parallelChunks = parallelChunks
        self.retiredAtSize = retiredAtSize
        self.reader = LedgerReader(database: database)
        self.verifiers = verifiers
        self.origin = origin
        self.maxFindings = maxFindings
    }

    public func run() async throws -> LedgerAuditReport {
        var report = LedgerAuditReport()
        func find(_ index: UInt64?, _ message: String) {
            if report.findings.count < maxFindings {
                report.findings.append(LedgerFinding(index: index, message: message))
            }
        }

        // Checkpoints first, then the size: a checkpoint is written in the same transaction as
        // its entries, so every checkpoint read here covers entries that exist at `size`.
        let checkpoints = try await reader.checkpoints()
        report.checkpoints = checkpoints.count
        var rootsAt: [UInt64: Hash] = [:]
        // Leaves already reported as bad: their ancestors differ as a consequence, not news.
        var badLeaves: [UInt64] = []

        var range = CompactRange()
        var rowByRowFrom: UInt64? = 0
        if let chunkLevel, try await reader.indexesAreUnique() {
            let size = try await reader.size()
            let bulk = try await runBulk(
                size: size, chunkLevel: chunkLevel, checkpointSizes: checkpoints.map(\.treeSize),
                rootsAt: &rootsAt, badLeaves: &badLeaves, find: find)
            range = bulk.range
            rowByRowFrom = bulk.rowByRowFrom
            report.entries = range.size
            report.bulkEntries = bulk.entries
            report.bulkChunks = bulk.chunks
        }

        if let start = rowByRowFrom {
            // The reference path: one row at a time, naming the exact entry for whatever the
            // bulk framing could not (a missing or repeated row, a hash of the wrong length, a
            // leaf with a raw newline), and for the rest of the ledger after it.
            var rootsWanted = Set(checkpoints.map(\.treeSize).filter { $0 > start })
            var pageNodes: [NodeID: Hash] = [:]
            var expectedIndex = start
            try await reader.forEachEntry(from: start) { entry in
                if entry.index != expectedIndex {
                    find(expectedIndex, "missing: the next stored entry is \(entry.index)")
                    expectedIndex = entry.index  // keep checking what is there
                }
                let recomputed = MerkleHash.leaf(entry.leaf)
                if recomputed != entry.leafHash {
                    badLeaves.append(entry.index)
                    find(entry.index, "stored leaf hash \(entry.leafHash.hex) is not the hash of the stored leaf (\(recomputed.hex))")
                }
                // Checks the leaf is byte-exact canonical JSON and reads its type, without building the event.
                if let type = try? LedgerEvent.typeOfCanonicalLeaf(entry.leaf) {
                    if type != entry.eventType {
                        find(entry.index, "event type column \(entry.eventType) differs from the leaf's type \(type)")
                    }
                } else {
                    find(entry.index, "leaf is not a canonical JSON event")
                }
                // The tree is rebuilt from the recomputed hashes: a changed leaf changes every root after it.
                range.append(recomputed) { node in
                    if node.level > 0 { pageNodes[node.id] = node.hash }
                }
                if rootsWanted.remove(range.size) != nil {
                    rootsAt[range.size] = range.root
                }
                expectedIndex += 1
                report.rowByRowEntries += 1
            } afterPage: {
                for finding in try await checkNodes(pageNodes) where !badLeaves.contains(where: finding.node.covers) {
                    find(finding.node.firstLeaf, finding.message)
                }
                pageNodes.removeAll(keepingCapacity: true)
            }
            report.entries = expectedIndex
        }

        for checkpoint in checkpoints {
            check(checkpoint, recomputedRoot: rootsAt[checkpoint.treeSize], storedSize: range.size, find: find)
        }

        let storedNodes = try await reader.nodeCount()
        let expectedNodes = Self.expectedNodeCount(size: range.size)
        report.nodes = storedNodes
        if storedNodes != expectedNodes {
            find(nil, "ledger_nodes holds \(storedNodes) nodes; a tree of \(range.size) entries has \(expectedNodes)")
        }
        return report
    }

    /// The bulk audit (issue 16): entries [0, size) in aligned chunks of 2^chunkLevel, each read
    /// as one row with its tree nodes of levels 1…chunkLevel as one row per level, checked on
    /// the cooperative pool while the next chunks are read. A chunk checks exactly what the
    /// row-by-row path checks; the nodes above the chunks are joined here in order. Returns the
    /// tree so far and, if a chunk's framing failed, where the row-by-row path must take over.
    private func runBulk(
        size: UInt64, chunkLevel: Int, checkpointSizes: [UInt64],
        rootsAt: inout [UInt64: Hash], badLeaves: inout [UInt64],
        find: (UInt64?, String) -> Void
    ) async throws -> (range: CompactRange, rowByRowFrom: UInt64?, entries: UInt64, chunks: Int) {
        let chunkSize = UInt64(1) << UInt64(chunkLevel)
        let chunkCount = Int((size + chunkSize - 1) / chunkSize)
        let wanted = checkpointSizes.filter { $0 > 0 && $0 <= size }.sorted()
        let reader = self.reader
        let window = max(1, parallelChunks)
        let ordered = orderedAggregates

        var edge = SubtreeEdge()
        var upperNodes: [NodeID: Hash] = [:]
        var rowByRowFrom: UInt64?
        var entries: UInt64 = 0, chunks = 0
        try await withThrowingTaskGroup(of: (Int, BulkChunkOutcome).self) { group in
            func start(_ number: Int) {
                let first = UInt64(number) * chunkSize
                let count = Int(min(chunkSize, size - first))
                let sizes = wanted.filter { $0 > first && $0 <= first + UInt64(count) }
                group.addTask {
                    async let entries = reader.entryChunk(first: first, count: count, orderedAggregates: ordered)
                    let nodes = try await reader.nodeRuns((1...chunkLevel).map { level in
                        let low = first >> UInt64(level), high = (first + UInt64(count)) >> UInt64(level)
                        return (level, low, Int(high - low))
                    }, orderedAggregates: ordered)
                    return (number, BulkChunkCheck.check(
                        try await entries, nodeRuns: nodes, wantedSizes: sizes, trustFindings: ordered))
                }
            }
            var started = 0, consumed = 0
            var finished: [Int: BulkChunkOutcome] = [:]
            while started < chunkCount && started < window {
                start(started)
                started += 1
            }
            consuming: while let (number, outcome) = try await group.next() {
                finished[number] = outcome
                while let outcome = finished.removeValue(forKey: consumed) {
                    let first = UInt64(consumed) * chunkSize
                    guard case .checked(let result) = outcome else {
                        rowByRowFrom = first
                        group.cancelAll()
                        break consuming
                    }
                    for finding in result.findings { find(finding.index, finding.message) }
                    badLeaves += result.badLeaves
                    for (size, hashes) in result.edgesAt {
                        rootsAt[size] = SubtreeEdge.root(of: edge.hashes + hashes)
                    }
                    if !result.uncheckedNodes.isEmpty {
                        for finding in try await checkNodes(result.uncheckedNodes) where !badLeaves.contains(where: finding.node.covers) {
                            find(finding.node.firstLeaf, finding.message)
                        }
                    }
                    // The chunk's own right edge joins the tree: one subtree for a full chunk.
                    let count = UInt64(result.count)
                    var level = 63 - count.leadingZeroBitCount
                    for hash in result.edge {
                        while count & (1 << UInt64(level)) == 0 { level -= 1 }
                        edge.append(hash, level: level) { upperNodes[$0] = $1 }
                        level -= 1
                    }
                    entries += count
                    chunks += 1
                    consumed += 1
                    if started < chunkCount {
                        start(started)
                        started += 1
                    }
                }
            }
        }
        if !upperNodes.isEmpty {
            for finding in try await checkNodes(upperNodes) where !badLeaves.contains(where: finding.node.covers) {
                find(finding.node.firstLeaf, finding.message)
            }
        }
        return (try CompactRange(size: edge.size, hashes: edge.hashes), rowByRowFrom, entries, chunks)
    }

    /// Compares the nodes one page of leaves completed with the stored ones.
    private func checkNodes(_ pageNodes: [NodeID: Hash]) async throws -> [(node: NodeID, message: String)] {
        var findings: [(node: NodeID, message: String)] = []
        let byLevel = Dictionary(grouping: pageNodes.keys, by: \.level)
        for (level, ids) in byLevel.sorted(by: { $0.key < $1.key }) {
            let low = ids.map(\.index).min()!, high = ids.map(\.index).max()!
            let stored = try await reader.nodes(level: level, from: low, limit: Int(high - low + 1))
            var seen = Set<NodeID>()
            for node in stored where node.index <= high {
                seen.insert(node.id)
                if let expected = pageNodes[node.id], expected != node.hash {
                    findings.append((node.id, "stored tree node \(node.id) differs from the node recomputed from the leaves"))
                }
            }
            for id in ids.sorted() where !seen.contains(id) {
                findings.append((id, "stored tree node \(id) is missing"))
            }
        }
        return findings
    }

    private func check(
        _ checkpoint: LedgerCheckpointRow, recomputedRoot: Hash?, storedSize: UInt64,
        find: (UInt64?, String) -> Void
    ) {
        let size = checkpoint.treeSize
        do {
            // A retired key counts only for the trees it signed while in service.
            let usable = verifiers.filter { retiredAtSize[$0.keyDescription].map { size <= $0 } ?? true }
            let opened = try Checkpoint.open(checkpoint.note, verifiers: usable, expectedOrigin: origin)
            if opened.size != size || opened.rootHash != checkpoint.rootHash {
                find(nil, "checkpoint \(size): the signed note says size \(opened.size), root \(opened.rootHash.hex); the row says size \(size), root \(checkpoint.rootHash.hex)")
            }
        } catch {
            find(nil, "checkpoint \(size): signed note does not verify: \(error)")
        }
        guard size <= storedSize else {
            find(storedSize, "checkpoint \(size) covers entries up to \(size - 1) but only \(storedSize) entries are stored (entries \(storedSize)…\(size - 1) missing)")
            return
        }
        let expectedRoot = size == 0 ? MerkleHash.emptyRoot : recomputedRoot
        if let expectedRoot, expectedRoot != checkpoint.rootHash {
            find(nil, "checkpoint \(size): root \(checkpoint.rootHash.hex) is not the root of the stored entries 0…\(size - 1) (\(expectedRoot.hex))")
        }
    }

    /// Perfect subtrees of level ≥ 1 in a tree of `size` leaves: Σ floor(size / 2^l).
    static func expectedNodeCount(size: UInt64) -> Int {
        var total: UInt64 = 0
        var level: UInt64 = 1
        while size >> level > 0 {
            total += size >> level
            level += 1
        }
        return Int(total)
    }
}
