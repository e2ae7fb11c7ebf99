import Domain
import FluentKit
import Foundation
import SQLKit

extension PublicationStore {
    /// Rewrites every `publications` row (and its SQLite full-text entry) from the insert-only
    /// tables with today's `PublicationHead` — the same row `PublicationAudit` expects. For a change
    /// of what the read model holds (issue 12: the masking of the search words), never for content.
    public static func rebuildReadModel(on db: any Database) async throws {
        try await rebuildReadModel(on: db, schema: .current)
    }

    /// `schema` is the layout the database has when this runs (migration 010 runs before 020).
    static func rebuildReadModel(on db: any Database, schema: ReadModelSchema) async throws {
        let sql = db as! any SQLDatabase
        let queries = PublicationQueries(database: db)
        let ids = try await sql.raw("SELECT id FROM publications ORDER BY id").all()
            .compactMap { UUID(uuidString: try $0.decode(column: "id", as: String.self)) }
        for id in ids {
            guard let publication = try await queries.publication(id) else { continue }
            let steps = try await queries.steps(id)
            let shown = steps.last {
                ($0.kind == .published || $0.kind == .corrected) && $0.versionID == publication.publishedVersionID
            }
            try await write(try PublicationHead(publication, publicLedgerIndex: shown.map { Int64($0.ledgerIndex) }), on: sql, schema: schema)
        }
    }
}
