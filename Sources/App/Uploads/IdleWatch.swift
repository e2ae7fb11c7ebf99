import Foundation

/// How long a PATCH has been waiting for its next bytes, so that a connection that went silent
/// without closing (a phone losing its signal sends no FIN) does not hold the upload forever.
///
/// Only the wait for the client counts: time the server spends writing or hashing is not
/// idleness. `UploadPatch` cancels a PATCH idle longer than `UploadSessions.idleLimit`; what it had
/// written is kept, and the upload can be resumed at once (docs/uploads.md "Resuming").
final class IdleWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var waitingSince: ContinuousClock.Instant?

    func startWaiting() {
        lock.withLock { waitingSince = .now }
    }

    func stopWaiting() {
        lock.withLock { waitingSince = nil }
    }

    func isIdle(longerThan limit: Duration) -> Bool {
        lock.withLock { waitingSince.map { ContinuousClock.now - $0 > limit } ?? false }
    }
}
