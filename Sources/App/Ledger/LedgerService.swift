import Fluent
import Foundation
import Ledger
import Synchronization
import Persistence

/// The running ledger: its signing key, its one writer, and signed checkpoints (SPEC X3).
public struct LedgerService: Sendable {
    public let signer: NoteSigner
    public let verifiers: [NoteVerifier]
    public let writer: LedgerWriter
    /// A size the ledger is known to have reached. The log only grows, so a request for any size
    /// up to it needs no database read to be bounds-checked; a larger one re-reads the size.
    private let knownSize = KnownSize()

    init(signer: NoteSigner, verifiers: [NoteVerifier], database: any Database, observe: LedgerWriter.Observer? = nil) {
        self.signer = signer
        self.verifiers = verifiers
        self.writer = LedgerWriter(database: database, observe: observe) { size, root in
            try Checkpoint(origin: signer.name, size: size, rootHash: root).signed(by: [signer])
        }
    }

    /// Appends `events`, with the database writes of the change they record (`work`) in the same
    /// transaction; returns their indexes once durable.
    @discardableResult
    public func record(_ events: [LedgerEvent], along work: LedgerWriter.Work? = nil) async throws -> [UInt64] {
        try await writer.append(events, along: work)
    }

    /// Whether the ledger has at least `size` entries (reads the database only when the size is
    /// beyond what this process has seen).
    public func current(size: UInt64, on database: any Database) async throws -> (ok: Bool, current: UInt64) {
        let known = knownSize.value.withLock { $0 }
        if size <= known { return (true, known) }
        let stored = try await LedgerReader(database: database).size()
        knownSize.value.withLock { $0 = max($0, stored) }
        return (size <= stored, stored)
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

/// The largest ledger size seen by this process, shared by all requests.
final class KnownSize: Sendable {
    let value = Mutex<UInt64>(0)
}
