import FluentKit
import SQLKit

/// Issue 13 item 6 (recording compliance that checks what the rules say):
/// - `sensitivity_reviews`: the legal section's decisions on how records are marked (SPEC R9.2,
///   R10), one row per decision, append-only like the record tables (migration 008): the effective
///   marking is the latest row, and the history is every row.
/// - `device_assignments.assigned_at`: when a device went to an officer, from the service clock, so
///   that SPEC R8's "assigned to the officer on the capture day" reads the same instant the ledger
///   event holds. Older rows keep only `created_at` (the same moment from the system clock).
struct RecordingCompliance: AsyncMigration {
    var name: String { "012_RecordingCompliance" }

    func prepare(on database: Database) async throws {
        try await database.schema("sensitivity_reviews")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("reviewed_by", .uuid, .required, .references("users", "id"))
            // data
            .field("reviewed_at", .datetime, .required)
            .field("previous", .string, .required)
            .field("marking", .string, .required)
            .field("decision", .string, .required)
            .field("reason", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX sensitivity_reviews_record ON sensitivity_reviews (record_id, reviewed_at)").run()
        try await AppendOnlyTriggers.create(on: sql, tables: ["sensitivity_reviews"])

        try await database.schema("device_assignments")
            .field("assigned_at", .datetime)
            .update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("device_assignments").deleteField("assigned_at").update()
        try await database.schema("sensitivity_reviews").delete()
    }
}
