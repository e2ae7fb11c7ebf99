import Fluent
import Foundation
import Ledger
import Persistence

/// The running ledger: its signing key, its one writer, and signed checkpoints (SPEC X3).
public struct LedgerService: Sendable {
    public let signer: NoteSigner
    public let verifiers: [NoteVerifier]
    public let writer: LedgerWriter

    init(signer: NoteSigner, verifiers: [NoteVerifier], database: any Database) {
        self.signer = signer
        self.verifiers = verifiers
        self.writer = LedgerWriter(database: database) { size, root in
            try Checkpoint(origin: signer.name, size: size, rootHash: root).signed(by: [signer])
        }
    }

    /// Appends `events`, with the database writes of the change they record (`work`) in the same
    /// transaction; returns their indexes once durable.
    @discardableResult
    public func record(_ events: [LedgerEvent], along work: LedgerWriter.Work? = nil) async throws -> [UInt64] {
        try await writer.append(events, along: work)
    }

    /// The latest signed checkpoint; for a ledger with no entry yet, a freshly signed
    /// checkpoint of the empty tree.
    public func latestCheckpoint(on database: any Database) async throws -> (size: UInt64, note: String) {
        if let row = try await LedgerReader(database: database).latestCheckpoint() {
            return (row.treeSize, row.note)
        }
        let empty = try Checkpoint(origin: signer.name, size: 0, rootHash: MerkleHash.emptyRoot)
        return (0, try empty.signed(by: [signer]))
    }
}
