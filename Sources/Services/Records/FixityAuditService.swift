import Domain
import Foundation
import Persistence

/// Fixity audits (issue 14 item 4; SPEC R9.3, R14, X3): re-hashes every blob the system relies on
/// (`FixityQueries.digestsToAudit`) at a bounded rate, one batch at a time, and stores each batch
/// with its `fixity.checked` ledger event. The server's timer calls `runBatch()`; tests call it
/// directly. Everything it needs to continue is in the database, so a new instance — after a
/// restart — continues from the newest stored batch's cursor.
///
/// Why an event per batch rather than per cycle: a cycle over terabytes of video takes hours; a
/// batch is bounded (`Settings.maxBlobsPerBatch`, `maxBytesPerBatch`), so a crash loses at most one
/// batch of work, and a failure reaches the ledger (and the dashboard) minutes after it was found,
/// not at the end of the cycle.
public struct FixityAuditService: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Reading rate (bytes per second); 0 turns the job off (`LAWTRAIL_FIXITY_BYTES_PER_SECOND`).
        public var bytesPerSecond: UInt64
        /// Blobs per batch at most.
        public var maxBlobsPerBatch: Int
        /// A batch ends after the blob that reaches this many bytes (bounds the work a crash loses).
        public var maxBytesPerBatch: UInt64
        /// Rest between the end of a cycle and the start of the next (`LAWTRAIL_FIXITY_CYCLE_PAUSE_SECONDS`).
        public var pauseBetweenCycles: TimeInterval

        public init(
            bytesPerSecond: UInt64 = FixityPacing.defaultBytesPerSecond, maxBlobsPerBatch: Int = 200,
            maxBytesPerBatch: UInt64 = 1 << 30, pauseBetweenCycles: TimeInterval = 24 * 3600
        ) {
            self.bytesPerSecond = bytesPerSecond
            self.maxBlobsPerBatch = max(1, maxBlobsPerBatch)
            self.maxBytesPerBatch = max(1, maxBytesPerBatch)
            self.pauseBetweenCycles = max(0, pauseBetweenCycles)
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// A batch was checked and stored.
        case checked(FixityBatch)
        /// The last cycle ended less than the pause ago; the next starts at `until`.
        case resting(until: Date)
        /// Another server stored this step first; nothing was stored by this one.
        case superseded
    }

    let context: ServiceContext
    let blobs: any BlobStore
    let settings: Settings

    public init(_ context: ServiceContext, blobs: any BlobStore, settings: Settings) {
        self.context = context
        self.blobs = blobs
        self.settings = settings
    }

    /// Checks and stores the next batch: the next of the cycle under way, or the first of a new
    /// cycle once the last one ended `pauseBetweenCycles` ago.
    public func runBatch() async throws -> Outcome {
        let queries = FixityQueries(database: context.database)
        let latest = try await queries.latest()
        if let latest, latest.completesCycle {
            let until = latest.finishedAt.addingTimeInterval(settings.pauseBetweenCycles)
            if context.clock.now < until { return .resting(until: until) }
        }
        let next = latest?.next ?? (cycleID: nil, batch: 1, after: nil)
        let cycleID = next.cycleID ?? UUID()
        let startedAt = context.clock.nowSeconds
        // One more than a batch takes: if it comes back, the cycle goes on after this batch.
        let digests = try await queries.digestsToAudit(after: next.after, limit: settings.maxBlobsPerBatch + 1)
        let pacer = Pacer(bytesPerSecond: settings.bytesPerSecond)
        var checked = 0
        var bytes: UInt64 = 0
        var found: [(digest: String, problem: FixityFailure.Problem, actual: String?, at: Date)] = []
        for digest in digests.prefix(settings.maxBlobsPerBatch) {
            let result: BlobRehash?
            do {
                result = try await blobs.rehash(digest) { count in try await pacer.read(count) }
            } catch is CancellationError {
                throw CancellationError()  // shutting down: the batch is not stored, the next start redoes it
            } catch {
                // A read error is a finding, not a reason to stop: otherwise one bad sector would
                // stop the audit at the same blob forever, and nothing would reach the ledger.
                result = nil
            }
            checked += 1
            switch result {
            case nil:
                found.append((digest, .unreadable, nil, context.clock.nowSeconds))
            case .missing?:
                found.append((digest, .missing, nil, context.clock.nowSeconds))
            case .read(let actual, let count)?:
                bytes += count
                if actual != digest { found.append((digest, .changed, actual, context.clock.nowSeconds)) }
            }
            if bytes >= settings.maxBytesPerBatch { break }
        }
        let completes = checked == digests.count
        let holders = try await queries.holders(of: found.map(\.digest))
        let batch = FixityBatch(
            cycleID: cycleID, batch: next.batch, after: next.after, cursor: checked > 0 ? digests[checked - 1] : nil,
            blobsChecked: checked, bytesChecked: Int64(bytes),
            failures: found.map { item in
                FixityFailure(
                    blobSHA256: item.digest, problem: item.problem, actualSHA256: item.actual,
                    recordIDs: holders[item.digest]?.records ?? [], correctionRequestIDs: holders[item.digest]?.correctionRequests ?? [],
                    cycleID: cycleID, batch: next.batch, checkedAt: item.at)
            },
            completesCycle: completes, startedAt: startedAt, finishedAt: context.clock.nowSeconds)
        let basedOn = latest.map { (cycleID: $0.cycleID, batch: $0.batch) }
        guard try await FixityStore(ledger: context.ledger).record(batch, basedOn: basedOn) else { return .superseded }
        return .checked(batch)
    }

    /// Runs batches until the cycle under way (or a new one) is complete; returns its batches stored
    /// by this call. For the CLI and tests; the server's job runs one batch per tick.
    public func runCycle() async throws -> [FixityBatch] {
        var stored: [FixityBatch] = []
        while true {
            switch try await runBatch() {
            case .checked(let batch):
                stored.append(batch)
                if batch.completesCycle { return stored }
            case .resting, .superseded:
                return stored
            }
        }
    }
}

/// Keeps the reading at or under the configured rate (`FixityPacing.delay`), sleeping between
/// chunks. Elapsed time is measured on the monotonic clock: it is a duration, not a time of day
/// (the service clock, which tests pin, says when things happened).
private final class Pacer: @unchecked Sendable {
    let bytesPerSecond: UInt64
    let start = ContinuousClock.now
    var bytes: UInt64 = 0

    init(bytesPerSecond: UInt64) {
        self.bytesPerSecond = bytesPerSecond
    }

    func read(_ count: UInt64) async throws {
        bytes += count
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let delay = FixityPacing.delay(bytesRead: bytes, elapsed: seconds, bytesPerSecond: bytesPerSecond)
        if delay > 0.001 { try await Task.sleep(for: .seconds(delay)) }
    }
}
