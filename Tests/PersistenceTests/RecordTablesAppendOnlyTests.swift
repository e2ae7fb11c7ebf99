import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport

/// SPEC R9.5 at the database (issue 12 item 10): the record tables refuse UPDATE and DELETE as the
/// ledger and publicity tables do, so a change fails when tried instead of being found later.
@Suite struct RecordTablesAppendOnlyTests {
    static let tables = [
        "cases", "activities", "activity_officers", "records", "recording_sessions",
        "retrieval_requests", "retrieval_decisions", "retrievals",
        // issue 14: retention facts, holds and disposal
        "retention_fact_changes", "legal_holds", "legal_hold_releases", "disposal_listings",
        "disposal_appraisals", "disposal_decisions", "record_disposals",
        // issue 15 item 2: case review
        "case_review_samples", "case_reviews", "case_review_findings", "case_review_finding_steps",
        // issue 15 items 1 and 3: draws and 双随机 inspections, complaints
        "draws", "draw_reveals", "draw_results", "officer_relations", "drawn_inspections", "inspection_conclusions",
        "complaints", "complaint_assignments", "complaint_links", "complaint_answers", "complaint_policies",
        // issue 17 item 2: claims of periodic job runs
        "job_runs",
        // issue 16: the channel hand-over's high-water marks
        "channel_cursors",
    ]

    @Test("issue 12 item 10: cases, activities and records refuse UPDATE and DELETE", arguments: TestDatabase.all)
    func rowsRefuseChange(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let sql = app.db as! any SQLDatabase
            for table in ["cases", "activities", "activity_officers", "records"] {
                let before = try await Self.count(table, sql)
                #expect(before > 0, "the demo set has no \(table)")
                await #expect(throws: (any Error).self, "UPDATE \(table)") {
                    try await sql.raw("UPDATE \(unsafeRaw: table) SET id = id").run()
                }
                await #expect(throws: (any Error).self, "DELETE \(table)") {
                    try await sql.raw("DELETE FROM \(unsafeRaw: table)").run()
                }
                #expect(try await Self.count(table, sql) == before)
            }
        }
    }

    @Test("issue 12 item 10: every record table carries the append-only triggers", arguments: TestDatabase.all)
    func triggersExist(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let sql = app.db as! any SQLDatabase
            let names: [String]
            if sql.dialect.name == "postgresql" {
                names = try await sql.raw("SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            } else {
                names = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            }
            for table in Self.tables {
                let expected = sql.dialect.name == "postgresql"
                    ? ["\(table)_append_only", "\(table)_no_truncate"] : ["\(table)_no_update", "\(table)_no_delete"]
                for name in expected {
                    #expect(names.contains(name), "missing trigger \(name)")
                }
            }
        }
    }

    static func count(_ table: String, _ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
