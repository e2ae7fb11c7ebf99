import Foundation
import Ledger

/// One stored entry of `ledger_entries`.
public struct LedgerEntryRow: Sendable, Equatable {
    public let index: UInt64
    public let leaf: Data
    public let leafHash: Hash
    public let eventType: String
    public let appendedAt: Date
}

/// One stored signed checkpoint of `ledger_checkpoints`.
public struct LedgerCheckpointRow: Sendable, Equatable {
    public let treeSize: UInt64
    public let rootHash: Hash
    /// The C2SP signed note, as served at `/ledger/checkpoint`.
    public let note: String
    public let createdAt: Date
}

/// `ledger_nodes.node_key`: level in the top 8 bits, index in the low 56.
enum NodeKey {
    static func make(_ id: NodeID) -> Int64 {
        Int64(bitPattern: UInt64(id.level) << 56 | id.index)
    }

    static func id(_ key: Int64) -> NodeID {
        let value = UInt64(bitPattern: key)
        return NodeID(level: Int(value >> 56), index: value & (1 << 56 - 1))
    }
}

extension Date {
    var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(unixMilliseconds) / 1000)
    }
}
