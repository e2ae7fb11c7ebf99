import FluentKit

/// Cases, activities, devices, records, recording sessions, uploads and retrievals
/// (SPEC R1–R10, P6). Rows are inserted, never updated or deleted: a correction is a new row that
/// names the one it supersedes (SPEC R9.5, X3). Domain values are kept whole as JSON `content`
/// next to the columns that lists and reports filter on.
struct CreateRecords: AsyncMigration {
    var name: String { "004_CreateRecords" }

    func prepare(on database: Database) async throws {
        try await database.schema("cases")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("counterparty_id", .uuid, .required, .references("counterparties", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            // data
            .field("number", .string, .required)
            .field("kind", .string, .required)
            .field("opened_on", .string, .required)
            .field("content", .string, .required)
            // constraints
            .unique(on: "number")
            .create()

        try await database.schema("activities")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            // data
            .field("kind", .string, .required)
            .field("started_at", .datetime, .required)
            .field("content", .string, .required)
            .create()

        try await database.schema("activity_officers")
            .id()
            .field("activity_id", .uuid, .required, .references("activities", "id"))
            .field("officer_id", .uuid, .required, .references("officers", "id"))
            .unique(on: "activity_id", "officer_id")
            .create()

        try await database.schema("devices")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // data
            .field("serial", .string, .required)
            .field("model", .string, .required)
            .field("kind", .string, .required)
            // constraints
            .unique(on: "serial")
            .create()

        try await database.schema("device_assignments")
            .id()
            .field("created_at", .datetime, .required)
            .field("device_id", .uuid, .required, .references("devices", "id"))
            .field("officer_id", .uuid, .required, .references("officers", "id"))
            .create()

        try await database.schema("records")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("activity_id", .uuid, .required, .references("activities", "id"))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("counterparty_id", .uuid, .required, .references("counterparties", "id"))
            .field("supersedes_id", .uuid, .references("records", "id"))
            .field("upload_id", .uuid)
            .field("device_id", .uuid, .references("devices", "id"))
            .field("officer_id", .uuid, .references("officers", "id"))
            // data
            .field("kind", .string, .required)
            .field("template_id", .string)
            .field("document_values", .string)
            .field("blob_sha256", .string)
            .field("byte_count", .int64)
            .field("mime_type", .string)
            .field("capture_start", .datetime)
            .field("capture_end", .datetime)
            .field("sensitivity", .string, .required)
            .field("correction_reason", .string)
            .field("content_sha256", .string, .required)
            // constraints: one record per upload; one correction per version (no forked histories)
            .unique(on: "upload_id")
            .unique(on: "supersedes_id")
            .create()

        try await database.schema("recording_sessions")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("activity_id", .uuid, .required, .references("activities", "id"))
            // data: every change is a new version of the same session
            .field("session_id", .uuid, .required)
            .field("version", .int, .required)
            .field("content", .string, .required)
            // constraints
            .unique(on: "session_id", "version")
            .create()

        try await database.schema("uploads")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("created_by", .uuid, .required, .references("users", "id"))
            // data
            .field("declared_length", .int64, .required)
            .field("declared_sha256", .string)
            .field("mime_type", .string, .required)
            .field("metadata", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()

        // A retrieval request and, separately, its decision: the whole `RetrievalRequest` as JSON.
        try await database.schema("retrieval_requests")
            .id()
            .field("created_at", .datetime, .required)
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("requester_id", .uuid, .required, .references("users", "id"))
            .field("content", .string, .required)
            .create()

        try await database.schema("retrieval_decisions")
            .id()
            .field("created_at", .datetime, .required)
            .field("request_id", .uuid, .required, .references("retrieval_requests", "id"))
            .field("decided_by", .uuid, .required, .references("users", "id"))
            .field("content", .string, .required)
            .unique(on: "request_id")
            .create()

        try await database.schema("retrievals")
            .id()
            .field("created_at", .datetime, .required)
            .field("record_id", .uuid, .required, .references("records", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("purpose", .string, .required)
            .field("purpose_text", .string, .required)
            .field("client_address", .string)
            .field("request_id", .uuid, .references("retrieval_requests", "id"))
            .create()
    }

    func revert(on database: Database) async throws {
        for table in ["retrievals", "retrieval_decisions", "retrieval_requests", "uploads", "recording_sessions",
                      "records", "device_assignments", "devices", "activity_officers", "activities", "cases"] {
            try await database.schema(table).delete()
        }
    }
}
