import Domain
import FluentKit
import SQLKit

/// Rebuilds the `publications` read model (listing columns and search words) with the masking of
/// issue 12 item 4, so that a number or name an old version held in clear in another spelling
/// (`31010819881119102x`, full-width digits) is neither listed nor found by search any more.
///
/// Unlike a schema migration this one runs today's code (`PublicationHead`): the read model is by
/// definition what that code makes of the insert-only tables, and `lawtrail verify` compares it
/// with exactly that, so rebuilding with any other code would leave a finding. The insert-only
/// tables (versions, steps) and the ledger are not touched: their digests stay as they were
/// (`PublicContent.init` recomputes them with each version's own masking rule). `revert` has
/// nothing to undo: the old read model was a leak, not data.
struct RemaskPublicationReadModel: AsyncMigration {
    var name: String { "010_RemaskPublicationReadModel" }

    func prepare(on database: Database) async throws {
        // The layout of 010's time: `IndexPublicationsInListOrder` (020) adds the list keys after it.
        try await PublicationStore.rebuildReadModel(on: database, schema: .beforeListKeys)
    }

    func revert(on database: Database) async throws {}
}
