import Foundation
import Vapor

/// The running hashers of the uploads this server is receiving, keyed by upload id, and the
/// guarantee that only one PATCH writes to an upload at a time (tus core leaves concurrent
/// PATCHes to the server; two writers would interleave bytes in the partial file).
///
/// Lives as long as the server: after a restart it is empty and a PATCH re-hashes the partial
/// file from disk before continuing (`UploadProgress.rebuild`).
actor UploadSessions {
    enum Claim {
        /// Another PATCH holds the upload.
        case busy
        /// The caller holds the upload; the progress is nil when it must be rebuilt from disk.
        case claimed(UploadProgress?)
    }

    private var idle: [UUID: (progress: UploadProgress, expiresAt: Date)] = [:]
    private var busy: Set<UUID> = []

    /// A PATCH that has waited this long for its next bytes is ended, keeping what it wrote, so
    /// that the client can resume on a new connection (`IdleWatch`).
    private(set) var idleLimit: Duration = .seconds(60)

    func setIdleLimit(_ limit: Duration) {
        idleLimit = limit
    }

    /// Takes the upload for one PATCH; `release` must follow.
    func claim(_ id: UUID, now: Date) -> Claim {
        guard busy.insert(id).inserted else { return .busy }
        // Drop the hashers of uploads nobody can finish any more, so the table stays small.
        idle = idle.filter { $0.value.expiresAt > now }
        return .claimed(idle.removeValue(forKey: id)?.progress)
    }

    /// Gives the upload back, keeping `progress` for the next PATCH (nil: forget it, e.g. after
    /// the upload completed, failed a check, or a write failed and the hasher may not match disk).
    func release(_ id: UUID, keeping progress: UploadProgress?, expiresAt: Date) {
        busy.remove(id)
        if let progress {
            idle[id] = (progress, expiresAt)
        }
    }

    /// Whether a PATCH holds the upload now (for tests and diagnostics).
    func isBusy(_ id: UUID) -> Bool {
        busy.contains(id)
    }
}

extension Application {
    private struct UploadSessionsKey: StorageKey, LockKey {
        typealias Value = UploadSessions
    }

    /// The upload sessions of this application, made on first use.
    var uploadSessions: UploadSessions {
        if let sessions = storage[UploadSessionsKey.self] { return sessions }
        return locks.lock(for: UploadSessionsKey.self).withLock {
            if let sessions = storage[UploadSessionsKey.self] { return sessions }
            let sessions = UploadSessions()
            storage[UploadSessionsKey.self] = sessions
            return sessions
        }
    }
}
