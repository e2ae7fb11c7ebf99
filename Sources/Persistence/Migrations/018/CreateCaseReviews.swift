import FluentKit
import SQLKit

/// Issue 15 item 2 (案卷评查; SPEC R12, R13, X3), insert-only like every table since migration 008:
/// - `case_review_samples`: a committed sample — period, share, the strata as JSON, its draw.
/// - `case_reviews`: a submitted review, at most one per case (`case_id` UNIQUE), with the score and
///   the whole review (checklist, judgements, outcomes) as JSON. The case number is kept beside the
///   case id (cases are insert-only, so it never changes) for the desk's search.
/// - `case_review_findings`: a finding sent to the responsible unit with its rectification deadline.
/// - `case_review_finding_steps`: the unit's rectification, the legal section's closing or sending
///   back; (finding, seq) is the key, so two racing steps on one finding cannot both be stored.
struct CreateCaseReviews: AsyncMigration {
    var name: String { "018_CreateCaseReviews" }

    static let tables = ["case_review_samples", "case_reviews", "case_review_findings", "case_review_finding_steps"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let integer = sql.dialect.name == "postgresql" ? "BIGINT" : "INTEGER"
        try await sql.raw("""
            CREATE TABLE case_review_samples (
                id TEXT PRIMARY KEY,
                draw_id TEXT NOT NULL,
                period_from TEXT NOT NULL,
                period_to TEXT NOT NULL,
                share_basis_points \(unsafeRaw: integer) NOT NULL,
                strata TEXT NOT NULL,
                committed_by TEXT NOT NULL,
                committed_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("""
            CREATE TABLE case_reviews (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL UNIQUE,
                case_number TEXT NOT NULL,
                sample_id TEXT,
                unit_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                reviewed_on TEXT NOT NULL,
                reviewer_id TEXT NOT NULL,
                score \(unsafeRaw: integer) NOT NULL,
                content TEXT NOT NULL,
                reviewed_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX case_reviews_reviewed_on ON case_reviews (reviewed_on)").run()
        try await sql.raw("""
            CREATE TABLE case_review_findings (
                id TEXT PRIMARY KEY,
                review_id TEXT NOT NULL,
                case_id TEXT NOT NULL,
                case_number TEXT NOT NULL,
                unit_id TEXT NOT NULL,
                item_key TEXT,
                text TEXT NOT NULL,
                sent_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                due_estimated \(unsafeRaw: integer) NOT NULL,
                sent_by TEXT NOT NULL,
                sent_at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX case_review_findings_review ON case_review_findings (review_id)").run()
        try await sql.raw("CREATE INDEX case_review_findings_unit ON case_review_findings (unit_id)").run()
        try await sql.raw("""
            CREATE TABLE case_review_finding_steps (
                finding_id TEXT NOT NULL,
                seq \(unsafeRaw: integer) NOT NULL,
                step TEXT NOT NULL,
                text TEXT NOT NULL,
                record_ids TEXT NOT NULL,
                due_on TEXT,
                due_estimated \(unsafeRaw: integer) NOT NULL,
                by_user TEXT NOT NULL,
                on_day TEXT NOT NULL,
                at \(unsafeRaw: integer) NOT NULL,
                ledger_index \(unsafeRaw: integer) NOT NULL,
                PRIMARY KEY (finding_id, seq)
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
