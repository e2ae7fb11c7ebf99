import FluentKit
import Foundation
import Ledger

/// What a copy of the database holds of the ledger (issue 17 item 3): its size, the root of the
/// tree over those leaves, and the signed checkpoint stored with them. The ledger writer stores the
/// checkpoint in the same transaction as the entries it covers, so in any consistent snapshot the
/// latest checkpoint's size is the number of entries. // SPEC X3
public struct LedgerState: Sendable, Equatable {
    public let size: UInt64
    /// The RFC 9162 root over the first `size` leaves, computed from the stored leaves and nodes.
    public let root: Hash
    /// The latest signed checkpoint (C2SP signed note), nil for an empty ledger.
    public let checkpoint: String?

    public init(size: UInt64, root: Hash, checkpoint: String?) {
        self.size = size
        self.root = root
        self.checkpoint = checkpoint
    }
}

extension LedgerReader {
    /// The ledger's size, root and latest checkpoint as this database (or transaction) sees them.
    public func state() async throws -> LedgerState {
        let size = try await size()
        let root = size == 0 ? MerkleHash.emptyRoot : try await MerkleProofs.root(size: size, source: self)
        return LedgerState(size: size, root: root, checkpoint: try await latestCheckpoint()?.note)
    }
}
