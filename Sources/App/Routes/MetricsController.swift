import Fluent
import Persistence
import Vapor

/// `GET /metrics`: Prometheus text (ARCHITECTURE "HTTP surfaces"), named
/// `lawtrail_<area>_<thing>` (STYLE). Counts only — nothing personal, nothing about one case.
struct MetricsController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(URLs.metrics.components, use: metrics)
    }

    @Sendable
    func metrics(req: Request) async throws -> Response {
        // Counted at most every 15 seconds, however often it is scraped (issue 12 item 7).
        let db = req.db
        let text = try await req.application.publicCost.metrics.value { try await Self.text(db) }
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    static func text(_ db: any Database) async throws -> String {
        let fixity = FixityQueries(database: db)
        let lines: [(name: String, help: String, type: String, value: Int)] = [
            ("lawtrail_ledger_entries", "Entries in the tamper-evident ledger.", "gauge",
             Int(try await LedgerReader(database: db).size())),
            ("lawtrail_records_total", "Records taken in (corrections included).", "counter", try await RecordModel.query(on: db).count()),
            ("lawtrail_retrievals_total", "Supervised retrievals of records.", "counter", try await RetrievalModel.query(on: db).count()),
            ("lawtrail_access_refusals_total", "Requests refused for want of sign-in or role.", "counter",
             try await AccessRefusalModel.query(on: db).count()),
            ("lawtrail_activities_total", "Enforcement activities recorded.", "counter", try await ActivityModel.query(on: db).count()),
            // Fixity audits (issue 14 item 4): alert on lawtrail_fixity_failures > 0, and on the last
            // complete cycle growing older than the pause plus a cycle's reading time.
            ("lawtrail_fixity_blobs_checked_total", "Blobs re-hashed by fixity audits.", "counter",
             try await fixity.blobsCheckedTotal()),
            ("lawtrail_fixity_failures", "Blobs missing, changed or unreadable in the current or last complete fixity audit cycle.", "gauge",
             try await fixity.currentFailures().count),
            ("lawtrail_fixity_last_cycle_completed_timestamp_seconds", "When the last fixity audit cycle completed (0: never).", "gauge",
             Int(try await fixity.lastCompletedCycle()?.finishedAt.timeIntervalSince1970 ?? 0)),
        ]
        var text = ""
        for line in lines {
            text += "# HELP \(line.name) \(line.help)\n# TYPE \(line.name) \(line.type)\n\(line.name) \(line.value)\n"
        }
        return text
    }
}
