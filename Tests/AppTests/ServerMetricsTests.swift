@testable import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 16: `/metrics` in the Prometheus text format through swift-prometheus. Each series named
/// in the issue moves by what known requests did; request latency is labelled by route pattern,
/// method and status class only. The database series are counted at most every 15 s on the
/// service clock (issue 12 item 7).
@Suite struct ServerMetricsTests {
    /// One sample line: `name{a="b",…} value`.
    struct Sample: Hashable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// Parses the text format's sample lines (comments skipped); fails on a line it cannot read.
    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cut = try #require(line.lastIndex(of: " "), "no value in \(line)")
            let value = try #require(Double(line[line.index(after: cut)...].replacingOccurrences(of: "+Inf", with: "inf")), "bad value in \(line)")
            let head = line[..<cut]
            var labels: [String: String] = [:]
            var name = String(head)
            if let open = head.firstIndex(of: "{") {
                name = String(head[..<open])
                let body = head[head.index(after: open)..<(try #require(head.lastIndex(of: "}")))]
                for pair in body.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    try #require(parts.count == 2, "bad label in \(line)")
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return samples
    }

    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }

    static func scrape(_ app: Application) async throws -> (text: String, samples: [Sample]) {
        let response = try await app.testing().sendRequest(.GET, "/metrics")
        #expect(response.status == .ok)
        #expect(response.headers.contentType?.description.hasPrefix("text/plain") == true)
        let text = response.body.string
        return (text, try parse(text))
    }

    static let request = "lawtrail_http_request_duration_seconds"

    @Test("issue 16: request histograms per route pattern, method and status class move by the requests made", arguments: TestDatabase.all)
    func requestHistograms(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            for _ in 0..<3 { try await app.testing().test(.GET, "/healthz") { #expect($0.status == .ok) } }
            let ids = (0..<4).map { _ in UUID().uuidString.lowercased() }
            for id in ids { _ = try await app.testing().sendRequest(.GET, "/publications/\(id)") }
            _ = try await app.testing().sendRequest(.GET, "/no-such-page-\(ids[0])")
            try await app.testing().test(.POST, "/api/v1/cases") { #expect($0.status == .unauthorized) }

            let (text, samples) = try await Self.scrape(app)
            let healthz = ["route": "/healthz", "method": "GET", "status": "2xx"]
            #expect(Self.value(samples, Self.request + "_count", healthz) == 3)
            #expect(Self.value(samples, Self.request + "_bucket", healthz.merging(["le": "+Inf"]) { $1 }) == 3)
            // Every bucket is cumulative and ends at the count.
            let buckets = samples.filter { $0.name == Self.request + "_bucket" && $0.labels["route"] == "/healthz" }
            #expect(buckets.count == ServerMetrics.requestBuckets.count + 1)
            #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value })
            #expect((Self.value(samples, Self.request + "_sum", healthz) ?? 0) > 0)
            // Four different ids, one series; an unknown path is `unmatched`; no raw path in any label.
            #expect(Self.value(samples, Self.request + "_count", ["route": "/publications/:id", "method": "GET", "status": "4xx"]) == 4)
            #expect(Self.value(samples, Self.request + "_count", ["route": "unmatched", "method": "GET", "status": "4xx"]) == 1)
            #expect(Self.value(samples, Self.request + "_count", ["route": "/api/v1/cases", "method": "POST", "status": "4xx"]) == 1)
            for id in ids { #expect(!text.contains(id)) }
            #expect(text.contains("# TYPE \(Self.request) histogram"))
            // The scrape itself is counted by the next one.
            let again = try await Self.scrape(app).samples
            #expect(Self.value(again, Self.request + "_count", ["route": "/metrics", "method": "GET", "status": "2xx"]) == 1)
        }
    }

    @Test("issue 16: ledger appends, batch sizes and uploaded bytes are measured; the database series count what the tables hold",
          arguments: TestDatabase.all)
    func ledgerUploadAndDatabaseSeries(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-24"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let before = try await Self.scrape(app).samples
            let sizeBefore = try await LedgerReader(database: app.db).size()
            #expect(Self.value(before, "lawtrail_ledger_entries") == Double(sizeBefore))
            #expect(Self.value(before, "lawtrail_records_total") == Double(try await RecordModel.query(on: app.db).count()))
            let batchEntriesBefore = try #require(Self.value(before, "lawtrail_ledger_batch_entries_sum"))
            let appendsBefore = try #require(Self.value(before, "lawtrail_ledger_append_duration_seconds_count"))

            // One upload of known length: a ledger append and its bytes.
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let file = RecordFixtures.mp4(300_001)
            let id = try await UploadTests.create(app, officer, activity: fixture.activity.id, bytes: file)
            let mid = 100_000
            #expect(try await UploadTests.patch(app, officer, id, offset: 0, file[0..<mid]).status == .noContent)
            let open = try await Self.scrape(app).samples
            #expect(Self.value(open, "lawtrail_upload_bytes_total") == Double(mid))
            #expect(Self.value(open, "lawtrail_uploads_receiving") == 0)
            #expect(try await UploadTests.patch(app, officer, id, offset: mid, file[mid...]).status == .noContent)

            // The database series wait for 15 s on the service clock; the measured ones do not.
            let cached = try await Self.scrape(app).samples
            #expect(Self.value(cached, "lawtrail_ledger_entries") == Double(sizeBefore))
            #expect(Self.value(cached, "lawtrail_upload_bytes_total") == Double(file.count))
            clock.now = clock.now.addingTimeInterval(16)
            let after = try await Self.scrape(app).samples
            let sizeAfter = try await LedgerReader(database: app.db).size()
            #expect(sizeAfter > sizeBefore)
            #expect(Self.value(after, "lawtrail_ledger_entries") == Double(sizeAfter))
            #expect(Self.value(after, "lawtrail_records_total") == Double(try await RecordModel.query(on: app.db).count()))
            // Every entry appended went through one measured batch.
            #expect(try #require(Self.value(after, "lawtrail_ledger_batch_entries_sum")) - batchEntriesBefore == Double(sizeAfter - sizeBefore))
            #expect(try #require(Self.value(after, "lawtrail_ledger_append_duration_seconds_count")) > appendsBefore)
            #expect(Self.value(after, "lawtrail_ledger_batch_entries_bucket", ["le": "+Inf"]) == Self.value(after, "lawtrail_ledger_batch_entries_count"))
            #expect(Self.value(after, "lawtrail_ledger_batch_failures_total") == 0)

            // Obligations: the demo's open ones, and those past their due day.
            let obligations = ObligationQueries(database: app.db)
            let pending = try await obligations.list(.init(openOnly: true), offset: 0, limit: 0).total
            #expect(Self.value(after, "lawtrail_obligations_pending") == Double(pending))
            let today = CivilDate(clock.now)
            let overdue = try await obligations.list(.init(openOnly: true, dueBy: today.adding(days: -1)), offset: 0, limit: 0).total
            #expect(Self.value(after, "lawtrail_obligations_overdue") == Double(overdue))
            // Far in the future every open obligation with a due day is overdue.
            clock.now = clock.now.addingTimeInterval(400 * 86_400)
            let later = try await Self.scrape(app).samples
            let overdueLater = try await obligations.list(
                .init(openOnly: true, dueBy: CivilDate(clock.now).adding(days: -1)), offset: 0, limit: 0).total
            #expect(overdueLater >= overdue)
            #expect(Self.value(later, "lawtrail_obligations_overdue") == Double(overdueLater))
            #expect(Self.value(later, "lawtrail_uploads_open") == 0)  // finished, and expired by now anyway
        }
    }
}
