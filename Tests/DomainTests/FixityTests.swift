import Domain
import Foundation
import Ledger
import Testing

/// Issue 14 item 4: the fixity audit's pure rules — pacing to a byte rate, which failures are
/// current, and the `fixity.checked` event — without a database.
@Suite struct FixityTests {
    @Test("pacing: sleep for the time the bytes should have taken, less the time they took, never negative")
    func pacing() {
        let rate: UInt64 = 32 << 20
        // 64 MiB in 0.5 s at 32 MiB/s: 1.5 s to wait.
        #expect(FixityPacing.delay(bytesRead: 64 << 20, elapsed: 0.5, bytesPerSecond: rate) == 1.5)
        // Slower than the rate already: no wait.
        #expect(FixityPacing.delay(bytesRead: 32 << 20, elapsed: 3, bytesPerSecond: rate) == 0)
        #expect(FixityPacing.delay(bytesRead: 32 << 20, elapsed: 1, bytesPerSecond: rate) == 0)
        // 1 MiB at 1 MiB/s, nothing elapsed: one second.
        #expect(FixityPacing.delay(bytesRead: 1 << 20, elapsed: 0, bytesPerSecond: 1 << 20) == 1)
        // A clock that went backwards does not make the wait longer than the bytes' time.
        #expect(FixityPacing.delay(bytesRead: 1 << 20, elapsed: -5, bytesPerSecond: 1 << 20) == 1)
        // 0 = off: never paces.
        #expect(FixityPacing.delay(bytesRead: 1 << 30, elapsed: 0, bytesPerSecond: 0) == 0)
        #expect(FixityPacing.defaultBytesPerSecond == 33_554_432)
        // Over a run, the average stays at the rate: reading 1 MiB chunks "instantly" and sleeping
        // what the rule says, 100 MiB at 10 MiB/s take 10 s.
        var elapsed: TimeInterval = 0
        for chunk in 1...100 {
            elapsed += FixityPacing.delay(bytesRead: UInt64(chunk) << 20, elapsed: elapsed, bytesPerSecond: 10 << 20)
        }
        #expect(abs(elapsed - 10) < 1e-9)
    }

    static let cycle = UUID()
    static let at = Date(timeIntervalSince1970: 1_796_000_000)

    static func failure(_ digest: String, cycle: UUID = cycle, problem: FixityFailure.Problem = .changed) -> FixityFailure {
        FixityFailure(blobSHA256: digest, problem: problem, actualSHA256: problem == .changed ? String(repeating: "e", count: 64) : nil,
                      recordIDs: [UUID()], correctionRequestIDs: [], cycleID: cycle, batch: 1, checkedAt: at)
    }

    static func batch(_ number: Int, cycle: UUID = cycle, after: String?, cursor: String?, failures: [FixityFailure] = [], complete: Bool = false) -> FixityBatch {
        FixityBatch(cycleID: cycle, batch: number, after: after, cursor: cursor, blobsChecked: 1, bytesChecked: 10,
                    failures: failures, completesCycle: complete, startedAt: at, finishedAt: at)
    }

    @Test("current failures: the cycle under way's, and the last complete cycle's beyond where the current one has reached")
    func currentFailures() {
        let a = String(repeating: "a", count: 64), c = String(repeating: "c", count: 64), f = String(repeating: "f", count: 64)
        let old = UUID()
        let previous = [Self.batch(1, cycle: old, after: nil, cursor: f, failures: [Self.failure(a, cycle: old), Self.failure(f, cycle: old)], complete: true)]
        // The current cycle has reached c and found a sound again: only f (not re-checked yet) is current.
        let current = [Self.batch(1, after: nil, cursor: c)]
        #expect(FixityBatch.currentFailures(current: current, previous: previous).map(\.blobSHA256) == [f])
        // It found c changed: c and f.
        let found = [Self.batch(1, after: nil, cursor: c, failures: [Self.failure(c)])]
        #expect(FixityBatch.currentFailures(current: found, previous: previous).map(\.blobSHA256) == [c, f])
        // A complete cycle stands alone.
        #expect(FixityBatch.currentFailures(current: previous, previous: []).map(\.blobSHA256) == [a, f])
        // Nothing checked yet in the new cycle: all of the last one's.
        #expect(FixityBatch.currentFailures(current: [Self.batch(1, after: nil, cursor: nil)], previous: previous).count == 2)
    }

    @Test("the next step: the next batch after the cursor, or a new cycle after the last batch")
    func nextStep() {
        let c = String(repeating: "c", count: 64)
        let next = Self.batch(3, after: "b", cursor: c).next
        #expect(next.cycleID == Self.cycle && next.batch == 4 && next.after == c)
        let empty = Self.batch(3, after: c, cursor: nil).next
        #expect(empty.after == c && empty.batch == 4)
        let done = Self.batch(3, after: c, cursor: nil, complete: true).next
        #expect(done.cycleID == nil && done.batch == 1 && done.after == nil)
    }

    @Test("fixity.checked carries counts, the range, and each failure with its holders; digests and ids only")
    func event() throws {
        let a = String(repeating: "a", count: 64), c = String(repeating: "c", count: 64)
        let missing = Self.failure(c, problem: .missing)
        let batch = Self.batch(2, after: a, cursor: c, failures: [missing])
        let event = try DomainEvents.fixityChecked(batch)
        #expect(event.type == "fixity.checked" && event.at == Self.at)
        #expect(event.fields["cycleId"] == .string(Self.cycle.uuidString.lowercased()))
        #expect(event.fields["batch"] == .integer(2) && event.fields["failed"] == .integer(1))
        #expect(event.fields["after"] == .string(a) && event.fields["cursor"] == .string(c))
        #expect(event.fields["cycleComplete"] == .bool(false))
        let item = try #require(event.fields["failures"]?.arrayValue?.first?.objectValue)
        #expect(item["blobSha256"] == .string(c) && item["problem"] == .string("missing") && item["actualSha256"] == nil)
        #expect(item["recordIds"] == .array([.string(missing.recordIDs[0].uuidString.lowercased())]))
        // Canonical and round-trips through the leaf reader.
        #expect(try LedgerEvent(canonicalBytes: Data(event.canonicalBytes)) == event)
    }
}
