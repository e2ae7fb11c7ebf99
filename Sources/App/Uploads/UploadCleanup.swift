import Fluent
import Persistence
import Vapor

/// Start-up cleanup of `tmp/uploads/` (issue 4 "Done when": an upload killed halfway leaves no
/// record and no visible blob, and the next start cleans `tmp/`; SPEC R9.3).
///
/// A partial file is kept only while its upload can still be resumed: announced, not expired
/// (24 h, `PendingUpload.lifetime`) and not completed. Everything else there — partials of
/// unknown, expired or completed uploads, and leftovers of interrupted `FileBlobStore.store`
/// calls — is deleted. Nothing outside `tmp/uploads/` is touched, and no blob was ever visible for
/// a partial: blobs appear only by rename after the whole file was checked.
public enum UploadCleanup {
    /// Deletes the partial files no upload can resume at `now`; returns how many.
    @discardableResult
    public static func removeStalePartials(store: FileBlobStore, database: any Database, now: Date) async throws -> Int {
        let resumable = try await UploadStore(database: database).resumableUploadIDs(at: now)
        return try store.cleanTemporary(keeping: resumable)
    }

    /// The call `configure` makes once the migrations have run.
    public static func atStartUp(_ app: Application) async throws {
        let removed = try await removeStalePartials(store: app.lawTrail.blobStore, database: app.db, now: app.lawTrail.now)
        if removed > 0 {
            app.logger.notice("uploads: removed \(removed) stale partial file(s) from tmp/uploads")
        }
    }
}
