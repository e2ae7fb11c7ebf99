import Foundation

/// Fixity audits in the PREMIS sense (issue 14 item 4; SPEC R9.3 "hash-checked", R10, R14, X3): a
/// background job re-reads every stored blob, hashes it again and compares the result with the
/// SHA-256 it is stored under. What it found goes on the ledger as `fixity.checked` events, one per
/// batch; a changed or missing blob is a failure that the dashboard, `/metrics` and the P10/R14
/// accountability report show.
///
/// The job works through the blobs in digest order, a bounded batch at a time; a batch is stored
/// (row and ledger event in one transaction) before the next begins, so a restart loses at most
/// the batch under way and continues from the last stored cursor.
public enum FixityPacing {
    /// The default reading rate: 32 MiB/s, a fraction of what a disk gives, so that the audit never
    /// competes with uploads and page views for long.
    public static let defaultBytesPerSecond: UInt64 = 32 << 20

    /// How long to wait, after `bytesRead` bytes were read in `elapsed` seconds, so that the
    /// average rate stays at or under `bytesPerSecond`: the time the bytes should have taken,
    /// less the time they did take, and never negative. A rate of 0 means "off"; nothing paces
    /// then (the job is not started at all).
    public static func delay(bytesRead: UInt64, elapsed: TimeInterval, bytesPerSecond: UInt64) -> TimeInterval {
        guard bytesPerSecond > 0 else { return 0 }
        let due = Double(bytesRead) / Double(bytesPerSecond)
        return max(0, due - max(0, elapsed))
    }
}

/// One blob whose bytes no longer match its digest, or that is gone.
public struct FixityFailure: Hashable, Sendable, Codable {
    public enum Problem: String, Hashable, Sendable, Codable, CaseIterable {
        /// No file where the blob should be.
        case missing
        /// The file hashes to something else: a byte changed.
        case changed
        /// The file is there but opening or reading it failed part-way (an I/O error: a bad disk
        /// sector); `lawtrail verify` or the operating system's log says more.
        case unreadable

        public var chineseName: String {
            switch self {
            case .missing: "文件缺失"
            case .changed: "内容被改动（哈希值不符）"
            case .unreadable: "无法读取"
            }
        }
    }

    /// The SHA-256 the blob is stored under (what the records and the ledger say it is).
    public let blobSHA256: String
    public let problem: Problem
    /// What the file hashes to now (for `.changed`).
    public let actualSHA256: String?
    /// Records that hold this blob (their ledger events name it as `blobSha256`).
    public let recordIDs: [UUID]
    /// Correction requests whose attachment this is.
    public let correctionRequestIDs: [UUID]
    /// The audit cycle and batch that found it, and when.
    public let cycleID: UUID
    public let batch: Int
    public let checkedAt: Date

    public init(
        blobSHA256: String, problem: Problem, actualSHA256: String?, recordIDs: [UUID], correctionRequestIDs: [UUID],
        cycleID: UUID, batch: Int, checkedAt: Date
    ) {
        self.blobSHA256 = blobSHA256
        self.problem = problem
        self.actualSHA256 = actualSHA256
        self.recordIDs = recordIDs
        self.correctionRequestIDs = correctionRequestIDs
        self.cycleID = cycleID
        self.batch = batch
        self.checkedAt = checkedAt
    }
}

/// One stored step of a fixity audit: the blobs after `after` up to and including `cursor`, in
/// digest order, re-hashed. A cycle is the batches 1…n with one `cycleID`; its last batch has
/// `completesCycle`. `(cycleID, batch)` is unique: two servers cannot both store the same step.
public struct FixityBatch: Hashable, Sendable, Codable {
    public let cycleID: UUID
    /// 1, 2, … within the cycle.
    public let batch: Int
    /// The last digest of the previous batch (nil for the first batch of a cycle).
    public let after: String?
    /// The last digest checked in this batch (nil when the batch checked nothing).
    public let cursor: String?
    public let blobsChecked: Int
    public let bytesChecked: Int64
    public let failures: [FixityFailure]
    /// No blob is left after `cursor`: the cycle is complete.
    public let completesCycle: Bool
    public let startedAt: Date
    public let finishedAt: Date

    public init(
        cycleID: UUID, batch: Int, after: String?, cursor: String?, blobsChecked: Int, bytesChecked: Int64,
        failures: [FixityFailure], completesCycle: Bool, startedAt: Date, finishedAt: Date
    ) {
        self.cycleID = cycleID
        self.batch = batch
        self.after = after
        self.cursor = cursor
        self.blobsChecked = blobsChecked
        self.bytesChecked = bytesChecked
        self.failures = failures
        self.completesCycle = completesCycle
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Where the next step starts: the next batch of this cycle, or (after the last batch) a new cycle.
    public var next: (cycleID: UUID?, batch: Int, after: String?) {
        completesCycle ? (nil, 1, nil) : (cycleID, batch + 1, cursor ?? after)
    }

    /// The failures to show now (dashboard, `/metrics`): those of the cycle under way and, because a
    /// cycle under way has not looked at every blob again yet, those of the last complete cycle
    /// that the current one has not passed yet. One entry per blob, the newest finding first kept.
    /// `current` are the batches of the newest cycle, `previous` those of the last complete one
    /// before it (empty when the newest cycle is complete).
    public static func currentFailures(current: [FixityBatch], previous: [FixityBatch]) -> [FixityFailure] {
        let checkedNow = current.compactMap(\.cursor).max()
        var seen = Set<String>()
        var result: [FixityFailure] = []
        for failure in current.flatMap(\.failures) where seen.insert(failure.blobSHA256).inserted {
            result.append(failure)
        }
        for failure in previous.flatMap(\.failures) {
            // Re-checked in the current cycle and found sound: not a failure any more.
            if let checkedNow, failure.blobSHA256 <= checkedNow { continue }
            if seen.insert(failure.blobSHA256).inserted { result.append(failure) }
        }
        return result.sorted { ($0.blobSHA256, $0.checkedAt) < ($1.blobSHA256, $1.checkedAt) }
    }
}
