import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Turns a fully received upload into a stored blob and a record (SPEC R9.3: content-addressed,
/// read-only, on the ledger; issue 4 item 3).
///
/// Order matters for what a crash leaves behind: the declared SHA-256 is compared before anything
/// becomes visible; the blob is linked into the store before the record exists, so a record
/// never names a missing blob; and the partial file is removed only after the record and its
/// `record.ingested` event have committed (issue 17 item 4). A crash between the blob and the record
/// therefore leaves the complete partial: `HEAD` still reports the acknowledged offset (the whole
/// length), and the next start completes the record from it (`UploadRecovery`), so the blob is not
/// left unreferenced and nothing acknowledged is lost.
struct UploadCompletion {
    let upload: PendingUpload
    /// Where the partial file is (`tmp/uploads/`).
    let store: FileBlobStore
    /// Where the blob goes: the same data directory, or S3 (issue 17 item 1).
    let blobs: any BlobStore
    let ledger: LedgerWriter
    let threadPool: NIOThreadPool
    /// Test only: where a crash between the blob and the record is simulated (`FailPoints`).
    var failPoints = FailPoints()

    struct Completed {
        let record: Record
        let ledgerIndex: UInt64
    }

    /// Commits the partial file whose bytes `progress` has hashed (its size is the declared length
    /// and it has been fsync'd). Throws a problem for a refused file, whose partial is then gone.
    func complete(_ progress: UploadProgress, on db: any Database, at now: Date) async throws -> Completed {
        let digest = FileBlobStore.hex(progress.hasher.finalize())
        if let declared = upload.declaredSHA256, declared != digest {
            store.removePartial(upload: upload.id)
            throw UploadProblems.sha256Mismatch(declared: declared, actual: digest)
        }
        // A file shorter than the sniffer's prefix is judged here, on all of its bytes.
        let checked = progress.media.map { Result<DetectedMedia, MediaTypeError>.success($0) }
            ?? PartialAppender.checkMedia(progress.prefix, upload: upload)
        let media: DetectedMedia
        switch checked {
        case .success(let detected):
            media = detected
        case .failure(let error):
            store.removePartial(upload: upload.id)
            throw UploadProblems.mediaTypeMismatch(error)
        }

        let metadata = upload.metadata
        let queries = ActivityQueries(database: db)
        guard let activity = try await queries.activity(metadata.activityID),
              let enforcementCase = try await queries.enforcementCase(activity.caseID) else {
            throw Abort(.internalServerError, reason: "activity \(metadata.activityID) of upload \(upload.id) is gone")
        }

        // Issue 14 item 2: nothing goes into an archived case; refused before the blob is kept (the
        // record's own transaction checks again, against an archiving that happens meanwhile).
        if try await ArchiveQueries(database: db).isArchived(enforcementCase.id) {
            store.removePartial(upload: upload.id)
            throw Problem(ServiceRefusal.caseArchived)
        }

        // A scan is a text record whatever image format it has (SPEC R4); media by what it is.
        let kind: Record.Kind = media.kind.map(Record.Kind.init) ?? .scan
        let record = Record(
            activityID: activity.id, caseID: enforcementCase.id, counterpartyID: enforcementCase.counterpartyID,
            kind: kind, blobSHA256: digest, byteCount: Int64(upload.declaredLength), mimeType: media.mime,
            deviceID: metadata.deviceID, officerID: metadata.officerID,
            captureStart: metadata.captureStart, captureEnd: metadata.captureEnd,
            sensitivity: metadata.sensitivity, createdBy: upload.createdBy)

        // Locked (on a store that locks) for the shortest keeping its retention class can end up
        // with, counted from its capture day, else today (BlobLock; SPEC R10; issue 17 item 1).
        let capturedOn = CivilDate(metadata.captureStart ?? now)
        let policy = RecordRetention.policy(
            record, activityKind: activity.kind, capturedOn: capturedOn, facts: RetentionFacts(), archive: nil)
        let retainUntil = BlobLock.retainUntilInstant(policy, capturedOn: capturedOn)
        let partial = store.partialURL(upload: upload.id)
        if let local = blobs as? FileBlobStore {
            _ = try await threadPool.runIfActive { try local.link(file: partial, digest: digest) }
        } else {
            try await blobs.put(file: partial, digest: digest, retainUntil: retainUntil)
        }
        // The window of issue 17 item 4: the blob is in place, the record not yet committed.
        try failPoints.afterUploadBlob?()
        let index: UInt64
        do {
            index = try await RecordStore(ledger: ledger).create(record, uploadID: upload.id, at: now)
        } catch ArchiveStoreError.caseArchived {
            store.removePartial(upload: upload.id)
            throw Problem(ServiceRefusal.caseArchived)
        }
        // Only now is the partial no longer the proof of what was received: the record is durable.
        store.removePartial(upload: upload.id)
        return Completed(record: record, ledgerIndex: index)
    }
}
