import Fluent
import Persistence
import Vapor

/// Completes at start-up the uploads whose every byte was received but whose record did not commit
/// (issue 17 item 4): the server was killed after the last PATCH's bytes were fsync'd — possibly
/// after the blob was already linked into `blobs/` — and before the record and its `record.ingested`
/// event committed. The complete partial file is the durable marker (`UploadCompletion` removes it
/// only after the record commits), so the record is made from it now, exactly as the final PATCH
/// would have made it: same checks (declared SHA-256, magic bytes, archived case), same record, one
/// ledger event. Nothing is deleted to "clean up" an orphan blob: that would lose acknowledged bytes.
///
/// Runs before `UploadCleanup`, which would otherwise delete the partial of an upload that expired
/// while the server was down; an upload whose bytes were all in before it expired is completed.
enum UploadRecovery {
    /// Completes every upload with a complete partial and no record; returns how many records it made.
    @discardableResult
    static func completeFinished(_ app: Application) async throws -> Int {
        let services = app.lawTrail
        let store = services.blobStore
        let uploads = UploadStore(database: app.db)
        var completed = 0
        for id in store.partialUploadIDs() {
            // Another server sharing `tmp/` may be completing it right now (issue 17 item 2): leave it.
            guard let fileLock = try store.lockUpload(id) else { continue }
            defer { fileLock.release() }
            guard let upload = try await uploads.find(id),
                  try await uploads.record(fromUpload: id) == nil,
                  store.partialSize(upload: id) == upload.declaredLength else { continue }
            let url = store.partialURL(upload: id)
            let progress = try await app.threadPool.runIfActive { try UploadProgress.rebuild(from: url) }
            do {
                let done = try await UploadCompletion(
                    upload: upload, store: store, blobs: services.blobs, ledger: services.ledger.writer, threadPool: app.threadPool,
                    failPoints: services.config.failPoints
                ).complete(progress, on: app.db, at: services.now)
                completed += 1
                app.logger.notice("upload \(id): completed at start-up as record \(done.record.id) (ledger entry \(done.ledgerIndex))")
            } catch {
                // A refused file (SHA-256 or type mismatch, archived case) is gone, as a final PATCH
                // would have left it; anything else keeps the partial for the next start or PATCH.
                app.logger.warning("upload \(id): could not be completed at start-up: \(String(reflecting: error))")
            }
        }
        return completed
    }
}
