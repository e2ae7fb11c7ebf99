import FluentKit
import SQLKit

/// Issue 15 item 3 (complaints and reports, SPEC R13), insert-only like every table since migration 008:
/// - `complaints`: one row per complaint or report. The complainant is one AES-GCM box
///   (`person_sealed`); `contact_lookup` is a keyed hash of the normalised contact for the status
///   check; `client_key` a keyed hash of the sender's address for the public form's hourly limit
///   (or `staff:<user id>` for staff intake). `content` is the `Complaint` as JSON (no personal data).
/// - `complaint_assignments`: every assignment; the newest (highest `ledger_index`) is current.
/// - `complaint_links`: cases, records, officers and publications concerned; one row per target.
/// - `complaint_answers`: the answer; the primary key makes a second answer fail.
/// - `complaint_policies`: the working-day limit, one row per version; the highest is in force.
struct CreateComplaints: AsyncMigration {
    var name: String { "019_CreateComplaints" }

    static let tables = ["complaints", "complaint_assignments", "complaint_links", "complaint_answers", "complaint_policies"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE complaints (
                id TEXT PRIMARY KEY,
                receipt TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                channel TEXT NOT NULL,
                subject TEXT NOT NULL,
                officer_id TEXT,
                unit_id TEXT,
                received_on TEXT NOT NULL,
                received_at \(unsafeRaw: integer) NOT NULL,
                due_on TEXT,
                client_key TEXT NOT NULL,
                contact_lookup TEXT,
                person_sealed TEXT NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL UNIQUE,
                content TEXT NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX complaints_received ON complaints (received_at)").run()
        try await sql.raw("CREATE INDEX complaints_client ON complaints (client_key, received_at)").run()
        try await sql.raw("""
            CREATE TABLE complaint_assignments (
                id TEXT PRIMARY KEY,
                complaint_id TEXT NOT NULL REFERENCES complaints (id),
                unit_id TEXT NOT NULL,
                officer_id TEXT,
                assigned_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL UNIQUE,
                content TEXT NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX complaint_assignments_complaint ON complaint_assignments (complaint_id, ledger_index)").run()
        try await sql.raw("""
            CREATE TABLE complaint_links (
                complaint_id TEXT NOT NULL REFERENCES complaints (id),
                target TEXT NOT NULL,
                target_id TEXT NOT NULL,
                linked_by TEXT NOT NULL,
                linked_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL UNIQUE,
                PRIMARY KEY (complaint_id, target, target_id)
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE complaint_answers (
                complaint_id TEXT PRIMARY KEY REFERENCES complaints (id),
                outcome TEXT NOT NULL,
                answered_on TEXT NOT NULL,
                late \(unsafeRaw: integer) NOT NULL,
                answered_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL UNIQUE,
                content TEXT NOT NULL
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE complaint_policies (
                version \(unsafeRaw: integer) PRIMARY KEY,
                workdays \(unsafeRaw: integer) NOT NULL,
                set_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL UNIQUE,
                content TEXT NOT NULL
            )
            """).run()
        try await AppendOnlyTriggers.create(on: sql, tables: Self.tables)
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.tables.reversed() {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}
