import Fluent
import Persistence
import Vapor

/// Start-up cleanup of `tmp/uploads/` (issue 4 "Done when": an upload killed halfway leaves no
/// record and no visible blob, and the next start cleans `tmp/`; SPEC R9.3).
///
/// A partial file is kept only while its upload can still be resumed: announced, not expired
/// (24 h, `PendingUpload.lifetime`) and not completed. Everything else there — partials of
/// unknown, expired or completed uploads, and leftovers of interrupted `FileBlobStore.store`
/// calls — is deleted. Nothing outside `tmp/uploads/` is touched. A complete partial whose record
/// never committed (a crash between the blob and the record, issue 17 item 4) is first turned into
/// its record by `UploadRecovery`, so it is a completed upload's partial by the time it is removed.
public enum UploadCleanup {
    /// Deletes the partial files no upload can resume at `now`; returns how many.
    @discardableResult
    public static func removeStalePartials(store: FileBlobStore, database: any Database, now: Date) async throws -> Int {
        // First what is there, then what may stay: a file of an upload created after the query is
        // not in the listing (issue 17 item 2; `FileBlobStore.temporarySnapshot`).
        let snapshot = store.temporarySnapshot()
        let resumable = try await UploadStore(database: database).resumableUploadIDs(at: now)
        return try store.cleanTemporary(keeping: resumable, among: snapshot)
    }

    /// The call `configure` makes once the migrations have run: completes the uploads a crash cut
    /// short between their blob and their record, then removes what no upload can resume.
    public static func atStartUp(_ app: Application) async throws {
        // First the uploads whose bytes were all in when the server stopped (issue 17 item 4).
        try await UploadRecovery.completeFinished(app)
        let removed = try await removeStalePartials(store: app.lawTrail.blobStore, database: app.db, now: app.lawTrail.now)
        if removed > 0 {
            app.logger.notice("uploads: removed \(removed) stale partial file(s) from tmp/uploads")
        }
    }

    /// The sweep while the server runs (issue 17 item 4, found by the soak): removes the partial
    /// files of uploads known to be expired or completed, and nothing else. The directory is listed
    /// **first** and the database asked about what was listed: an upload's row commits before its
    /// first byte is written, so every listed partial of a live upload is seen as live. (Asking the
    /// database first, as `removeStalePartials` does at start-up, let an upload created during a
    /// slow query lose its acknowledged bytes: its partial was not in the answer.) Files of no known
    /// upload — `FileBlobStore.store` writing a document right now — are left for the next start.
    @discardableResult
    public static func removeFinishedPartials(store: FileBlobStore, database: any Database, now: Date) async throws -> Int {
        let listed = store.partialUploadIDs()
        guard !listed.isEmpty else { return 0 }
        let finished = try await UploadStore(database: database).finishedUploadIDs(among: listed, at: now)
        for id in finished {
            store.removePartial(upload: id)
        }
        return finished.count
    }

    /// Sweeps every 30 minutes while the server runs (issue 12 item 12): an abandoned upload's
    /// partial file goes when the upload expires, not at the next restart, so disk filled by
    /// uploads never finished is bounded by the pending-upload limit and the expiry.
    static func startPeriodic(_ app: Application) {
        let store = app.lawTrail.blobStore
        let database = app.db
        let services = app.lawTrail
        let logger = app.logger
        app.runPeriodically("uploads", after: 30 * 60, every: 30 * 60) {
            let removed = try await removeFinishedPartials(store: store, database: database, now: services.now)
            if removed > 0 { logger.notice("uploads: removed \(removed) expired or completed partial file(s)") }
        }
    }
}
