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
    public var isClean: Bool { findings.isEmpty }
}

/// The offline audit of the whole stored ledger from the outside (STYLE "fsck"; SPEC X3, R14):
/// recompute every leaf hash and the tree from the stored leaves, check every stored node,
/// every checkpoint's signature and that its root is the root at its size. Successive
/// checkpoints are consistent exactly when each matches the tree recomputed from the same
/// leaves, so that check covers consistency too. Reads in pages; memory stays flat.
public struct LedgerAudit: Sendable {
    let reader: LedgerReader
    let verifiers: [NoteVerifier]
    let origin: String?
    /// Stop collecting after this many findings (the first bad index is what matters).
    let maxFindings: Int

    /// The largest tree each retired key may have signed, by `keyDescription` (issue 12 item 12).
    let retiredAtSize: [String: UInt64]

    public init(
        database: any Database, verifiers: [NoteVerifier], origin: String?, retiredAtSize: [String: UInt64] = [:],
        maxFindings: Int = 100
    ) {
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

        let checkpoints = try await reader.checkpoints()
        report.checkpoints = checkpoints.count
        var rootsWanted = Dictionary(checkpoints.map { ($0.treeSize, $0) }, uniquingKeysWith: { first, _ in first })
        var rootsAt: [UInt64: Hash] = [:]

        var range = CompactRange()
        var pageNodes: [NodeID: Hash] = [:]
        // Leaves already reported as bad: their ancestors differ as a consequence, not news.
        var badLeaves: [UInt64] = []
        var expectedIndex: UInt64 = 0
        try await reader.forEachEntry { entry in
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
            if rootsWanted[range.size] != nil {
                rootsAt[range.size] = range.root
            }
            expectedIndex += 1
        } afterPage: {
            for finding in try await checkNodes(pageNodes) {
                let (first, end) = (finding.node.firstLeaf, finding.node.endLeaf)
                if !badLeaves.contains(where: { $0 >= first && $0 < end }) {
                    find(finding.node.firstLeaf, finding.message)
                }
            }
            pageNodes.removeAll(keepingCapacity: true)
        }
        report.entries = expectedIndex

        for checkpoint in checkpoints {
            check(checkpoint, recomputedRoot: rootsAt[checkpoint.treeSize], storedSize: range.size, find: find)
            rootsWanted[checkpoint.treeSize] = nil
        }

        let storedNodes = try await reader.nodeCount()
        let expectedNodes = Self.expectedNodeCount(size: range.size)
        report.nodes = storedNodes
        if storedNodes != expectedNodes {
            find(nil, "ledger_nodes holds \(storedNodes) nodes; a tree of \(range.size) entries has \(expectedNodes)")
        }
        return report
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
