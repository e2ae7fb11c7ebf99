import Domain
import Fluent
import Foundation
import Persistence
import Prometheus
import Synchronization
import Vapor

/// The server's own metrics (issue 16), kept in one swift-prometheus registry per application and
/// served at `GET /metrics` in the Prometheus text format (ARCHITECTURE "HTTP surfaces"). Names are
/// `lawtrail_<area>_<thing>` (STYLE). Counts and timings only — nothing personal, nothing about one
/// case, and no label whose values a client chooses: a request is labelled with its route's pattern
/// (`/publications/:id`, never the path asked for), its method and its status class.
///
/// Two kinds of series:
/// - measured as things happen: request latency, ledger appends, upload bytes;
/// - counted from the database, at most every 15 s however often `/metrics` is scraped (issue 12
///   item 7): ledger size, record and activity counts, pending and overdue obligations, open uploads,
///   fixity. The tables behind the `_total` counters are insert-only, so their counts only grow and
///   each counter moves by what was added since the last count.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// Request latency buckets: 1 ms to 10 s.
    static let requestBuckets: [Duration] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000]
        .map { Duration.microseconds(Int64($0 * 1000)) }
    /// Ledger append buckets: 0.5 ms to 5 s.
    static let ledgerBuckets: [Duration] = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]
        .map { Duration.microseconds(Int64($0 * 1000)) }
    /// Entries or appends per ledger batch (the writer's group commit takes up to 4,096 leaves).
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096]

    static let requestName = "lawtrail_http_request_duration_seconds"
    static let requestHelp = "Time to answer a request, by route pattern, method and status class."

    let ledgerAppendSeconds: DurationHistogram
    let ledgerBatchSeconds: DurationHistogram
    let ledgerBatchLeaves: ValueHistogram
    let ledgerBatchAppends: ValueHistogram
    let ledgerBatchFailures: Counter
    let uploadBytes: Counter
    let uploadsReceiving: Gauge

    let ledgerEntries: Gauge
    let records: Counter
    let retrievals: Counter
    let accessRefusals: Counter
    let activities: Counter
    let fixityBlobsChecked: Counter
    let fixityFailures: Gauge
    let fixityLastCycle: Gauge
    let obligationsPending: Gauge
    let obligationsOverdue: Gauge
    let uploadsOpen: Gauge

    /// The last database counts behind the `_total` counters.
    private let counted = Mutex<[String: Int]>([:])
    /// When the database series were last counted (on the service clock, so tests can move it).
    let counts = ExpiringCache<Void>(maxAge: 15)

    init() {
        ledgerAppendSeconds = registry.makeDurationHistogram(descriptor: Self.describe("lawtrail_ledger_append_duration_seconds", "Time from a ledger append's call until its entries are durable (waiting for its batch included)."), buckets: Self.ledgerBuckets)
        ledgerBatchSeconds = registry.makeDurationHistogram(descriptor: Self.describe("lawtrail_ledger_batch_duration_seconds", "Time of one ledger batch's transaction (group commit)."), buckets: Self.ledgerBuckets)
        ledgerBatchLeaves = registry.makeValueHistogram(descriptor: Self.describe("lawtrail_ledger_batch_entries", "Ledger entries written per batch."), buckets: Self.batchBuckets)
        ledgerBatchAppends = registry.makeValueHistogram(descriptor: Self.describe("lawtrail_ledger_batch_appends", "Appends carried by one batch."), buckets: Self.batchBuckets)
        ledgerBatchFailures = registry.makeCounter(descriptor: Self.describe("lawtrail_ledger_batch_failures_total", "Ledger batches whose transaction failed."))
        uploadBytes = registry.makeCounter(descriptor: Self.describe("lawtrail_upload_bytes_total", "Bytes of evidence received by resumable uploads."))
        uploadsReceiving = registry.makeGauge(descriptor: Self.describe("lawtrail_uploads_receiving", "Upload bodies being received now."))

        ledgerEntries = registry.makeGauge(descriptor: Self.describe("lawtrail_ledger_entries", "Entries in the tamper-evident ledger."))
        records = registry.makeCounter(descriptor: Self.describe("lawtrail_records_total", "Records taken in (corrections included)."))
        retrievals = registry.makeCounter(descriptor: Self.describe("lawtrail_retrievals_total", "Supervised retrievals of records."))
        accessRefusals = registry.makeCounter(descriptor: Self.describe("lawtrail_access_refusals_total", "Requests refused for want of sign-in or role."))
        activities = registry.makeCounter(descriptor: Self.describe("lawtrail_activities_total", "Enforcement activities recorded."))
        // Fixity audits (issue 14 item 4): alert on lawtrail_fixity_failures > 0, and on the last
        // complete cycle growing older than the pause plus a cycle's reading time.
        fixityBlobsChecked = registry.makeCounter(descriptor: Self.describe("lawtrail_fixity_blobs_checked_total", "Blobs re-hashed by fixity audits."))
        fixityFailures = registry.makeGauge(descriptor: Self.describe("lawtrail_fixity_failures", "Blobs missing, changed or unreadable in the current or last complete fixity audit cycle."))
        fixityLastCycle = registry.makeGauge(descriptor: Self.describe("lawtrail_fixity_last_cycle_completed_timestamp_seconds", "When the last fixity audit cycle completed (0: never)."))
        obligationsPending = registry.makeGauge(descriptor: Self.describe("lawtrail_obligations_pending", "Publicity obligations not yet met (SPEC P7)."))
        obligationsOverdue = registry.makeGauge(descriptor: Self.describe("lawtrail_obligations_overdue", "Publicity obligations not met whose due day has passed."))
        uploadsOpen = registry.makeGauge(descriptor: Self.describe("lawtrail_uploads_open", "Resumable uploads started, not finished and not expired."))
    }

    static func describe(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// The histogram of one route's requests.
    func requests(route: String, method: String, statusClass: String) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: Self.describe(Self.requestName, Self.requestHelp), labels: [("route", route), ("method", method), ("status", statusClass)],
            buckets: Self.requestBuckets)
    }

    /// The ledger writer's report of one batch.
    func observe(_ batch: LedgerWriter.BatchObservation) {
        ledgerBatchSeconds.record(batch.transaction)
        ledgerBatchLeaves.record(Double(batch.leaves))
        ledgerBatchAppends.record(Double(batch.appends))
        if !batch.committed { ledgerBatchFailures.increment() }
        for latency in batch.appendLatencies { ledgerAppendSeconds.record(latency) }
    }

    /// Counts the database series if they are older than 15 s on the service clock.
    func refresh(_ db: any Database, now: Date) async throws {
        try await counts.value(now: now) { try await self.count(db, now: now) }
    }

    private func count(_ db: any Database, now: Date) async throws {
        let fixity = FixityQueries(database: db)
        let obligations = ObligationQueries(database: db)
        let today = CivilDate(now)
        ledgerEntries.set(Int64(try await LedgerReader(database: db).size()))
        grow(records, "records", to: try await RecordModel.query(on: db).count())
        grow(retrievals, "retrievals", to: try await RetrievalModel.query(on: db).count())
        grow(accessRefusals, "refusals", to: try await AccessRefusalModel.query(on: db).count())
        grow(activities, "activities", to: try await ActivityModel.query(on: db).count())
        grow(fixityBlobsChecked, "fixity", to: try await fixity.blobsCheckedTotal())
        fixityFailures.set(Int64(try await fixity.currentFailures().count))
        fixityLastCycle.set(Int64(try await fixity.lastCompletedCycle()?.finishedAt.timeIntervalSince1970 ?? 0))
        obligationsPending.set(Int64(try await obligations.list(.init(openOnly: true), offset: 0, limit: 0).total))
        obligationsOverdue.set(Int64(try await obligations.list(
            .init(openOnly: true, dueBy: today.adding(days: -1)), offset: 0, limit: 0).total))
        uploadsOpen.set(Int64(try await UploadStore(database: db).resumableUploadIDs(at: now).count))
    }

    /// Moves a counter up to a count of insert-only rows.
    private func grow(_ counter: Counter, _ key: String, to count: Int) {
        let added = counted.withLock { last -> Int in
            let added = max(0, count - (last[key] ?? 0))
            last[key] = max(count, last[key] ?? 0)
            return added
        }
        if added > 0 { counter.increment(by: Int64(added)) }
    }
}

/// Times every request into `lawtrail_http_request_duration_seconds` (issue 16). First in the
/// chain, so the status is the one sent, after errors became problem responses.
struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let metrics = request.application.serverMetrics
        do {
            let response = try await next.respond(to: request)
            metrics.requests(route: Self.route(request), method: request.method.rawValue, statusClass: "\(response.status.code / 100)xx")
                .record(ContinuousClock.now - started)
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            metrics.requests(route: Self.route(request), method: request.method.rawValue, statusClass: "\(status / 100)xx")
                .record(ContinuousClock.now - started)
            throw error
        }
    }

    /// The matched route's pattern, or `unmatched`: never the path asked for (bounded cardinality).
    static func route(_ request: Request) -> String {
        guard let route = request.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

extension Application {
    private struct ServerMetricsKey: StorageKey { typealias Value = ServerMetrics }

    var serverMetrics: ServerMetrics {
        get { configured(ServerMetricsKey.self) }
        set { storage[ServerMetricsKey.self] = newValue }
    }
}
