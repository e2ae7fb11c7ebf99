import FluentKit
import SQLKit

/// Issue 14 items 1 and 3 (retention facts, legal holds, disposal), every table insert-only like the
/// record tables (migration 008): a fact, a hold, a release, an appraisal, a decision and a disposal
/// are each a new row with its ledger event; what is in force is read from the rows.
/// - `retention_fact_changes`: "used as evidence" / "disputed" set or cleared, with who, when, why.
/// - `legal_holds`, `legal_hold_releases`: a hold on a record or a case, and its end (one per hold).
/// - `disposal_listings`: what the daily job found past its retention, once per record.
/// - `disposal_appraisals`, `disposal_decisions`: the office's 到期鉴定 and the supervisor's decision
///   (one per appraisal).
/// - `record_disposals`: a record whose stored file was removed, once per record.
struct CreateRetentionAndDisposal: AsyncMigration {
    var name: String { "014_CreateRetentionAndDisposal" }

    static let tables = [
        "retention_fact_changes", "legal_holds", "legal_hold_releases", "disposal_listings",
        "disposal_appraisals", "disposal_decisions", "record_disposals",
    ]

    func prepare(on database: Database) async throws {
        try await database.schema("retention_fact_changes")
            .id()
            .field("created_at", .datetime, .required)
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("changed_by", .uuid, .required, .references("users", "id"))
            .field("fact", .string, .required)
            .field("holds", .bool, .required)
            .field("reason", .string, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await database.schema("legal_holds")
            .id()
            .field("created_at", .datetime, .required)
            .field("placed_by", .uuid, .required, .references("users", "id"))
            .field("scope", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("placed_at", .datetime, .required)
            .create()
        try await database.schema("legal_hold_releases")
            .id()
            .field("created_at", .datetime, .required)
            .field("hold_id", .uuid, .required, .references("legal_holds", "id"))
            .field("released_by", .uuid, .required, .references("users", "id"))
            .field("reason", .string, .required)
            .field("released_at", .datetime, .required)
            .unique(on: "hold_id")
            .create()
        try await database.schema("disposal_listings")
            .id()
            .field("created_at", .datetime, .required)
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("listed_on", .string, .required)
            .field("earliest_disposal", .string, .required)
            .unique(on: "record_id")
            .create()
        try await database.schema("disposal_appraisals")
            .id()
            .field("created_at", .datetime, .required)
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("appraised_by", .uuid, .required, .references("users", "id"))
            .field("conclusion", .string, .required)
            .field("reason", .string, .required)
            .field("appraised_at", .datetime, .required)
            .create()
        try await database.schema("disposal_decisions")
            .id()
            .field("created_at", .datetime, .required)
            .field("appraisal_id", .uuid, .required, .references("disposal_appraisals", "id"))
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("decided_by", .uuid, .required, .references("users", "id"))
            .field("approved", .bool, .required)
            .field("reason", .string, .required)
            .field("decided_at", .datetime, .required)
            .unique(on: "appraisal_id")
            .create()
        try await database.schema("record_disposals")
            .id()
            .field("created_at", .datetime, .required)
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("decision_id", .uuid, .required, .references("disposal_decisions", "id"))
            .field("blob_sha256", .string, .required)
            .field("disposed_at", .datetime, .required)
            .field("ledger_index", .int64, .required)
            .unique(on: "record_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX retention_fact_changes_record ON retention_fact_changes (record_id, changed_at)").run()
        try await sql.raw("CREATE INDEX legal_holds_subject ON legal_holds (subject_id)").run()
        try await sql.raw("CREATE INDEX disposal_appraisals_record ON disposal_appraisals (record_id, appraised_at)").run()
        try await sql.raw("CREATE INDEX record_disposals_blob ON record_disposals (blob_sha256)").run()
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        for table in Self.tables.reversed() {
            try await database.schema(table).delete()
        }
    }
}
