import FluentKit
import SQLKit

/// Issue 15 item 1 (SPEC P7.3; docs/double-random.md): the verifiable draw and the 双随机 inspections
/// it makes, every table insert-only like the record tables.
/// - `draws`: the committed specification (its RFC 8785 bytes) and commitment, once per draw.
/// - `draw_reveals`: a party's secret, once per party and draw, checked against its commitment.
/// - `draw_results`: the run — seed and selection — once per draw (unique `draw_id`).
/// - `officer_relations`: an officer recorded as related to a counterparty (回避).
/// - `drawn_inspections`: a drawn counterparty's inspection case with its two officers.
/// - `inspection_conclusions`: the inspection's conclusion, from which the P7.3 duty counts.
struct CreateDraws: AsyncMigration {
    var name: String { "017_CreateDraws" }

    static let tables = [
        "draws", "draw_reveals", "draw_results", "officer_relations", "drawn_inspections", "inspection_conclusions",
    ]

    func prepare(on database: Database) async throws {
        try await database.schema("draws")
            .id()
            .field("created_at", .datetime, .required)
            .field("purpose", .string, .required)
            .field("title", .string, .required)
            .field("specification", .string, .required)
            .field("commitment", .string, .required)
            .field("unit_id", .uuid, .references("units", "id"))
            .field("subject_id", .uuid)
            .field("committed_by", .uuid, .required, .references("users", "id"))
            .field("committed_at", .datetime, .required)
            .field("ledger_index", .int64, .required)
            .unique(on: "commitment")
            .create()
        try await database.schema("draw_reveals")
            .id()
            .field("created_at", .datetime, .required)
            .field("draw_id", .uuid, .required, .references("draws", "id"))
            .field("party", .string, .required)
            .field("secret", .string, .required)
            .field("revealed_by", .uuid, .required, .references("users", "id"))
            .field("revealed_at", .datetime, .required)
            .field("ledger_index", .int64, .required)
            .unique(on: "draw_id", "party")
            .create()
        try await database.schema("draw_results")
            .id()
            .field("created_at", .datetime, .required)
            .field("draw_id", .uuid, .required, .references("draws", "id"))
            .field("public_value", .string)
            .field("seed", .string, .required)
            .field("outcome", .string, .required)
            .field("ran_by", .uuid, .required, .references("users", "id"))
            .field("ran_at", .datetime, .required)
            .field("ledger_index", .int64, .required)
            .unique(on: "draw_id")
            .create()
        try await database.schema("officer_relations")
            .id()
            .field("created_at", .datetime, .required)
            .field("officer_id", .uuid, .required, .references("officers", "id"))
            .field("counterparty_id", .uuid, .required, .references("counterparties", "id"))
            .field("relation", .string, .required)
            .field("salt", .string, .required)
            .field("declared_by", .uuid, .required, .references("users", "id"))
            .field("declared_at", .datetime, .required)
            .create()
        try await database.schema("drawn_inspections")
            .id()
            .field("created_at", .datetime, .required)
            .field("draw_id", .uuid, .required, .references("draws", "id"))
            .field("counterparty_id", .uuid, .required, .references("counterparties", "id"))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("officer_ids", .string, .required)
            .unique(on: "case_id")
            .unique(on: "draw_id", "counterparty_id")
            .create()
        try await database.schema("inspection_conclusions")
            .id()
            .field("created_at", .datetime, .required)
            .field("inspection_id", .uuid, .required, .references("drawn_inspections", "id"))
            .field("concluded_on", .string, .required)
            .field("outcome", .string, .required)
            .field("summary", .string, .required)
            .field("concluded_by", .uuid, .required, .references("users", "id"))
            .field("concluded_at", .datetime, .required)
            .unique(on: "inspection_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX draws_committed ON draws (committed_at)").run()
        try await sql.raw("CREATE INDEX officer_relations_officer ON officer_relations (officer_id)").run()
        try await sql.raw("CREATE INDEX drawn_inspections_draw ON drawn_inspections (draw_id)").run()
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        for table in Self.tables.reversed() {
            try await database.schema(table).delete()
        }
    }
}
