import Domain
import Persistence
import Vapor

/// One `PATCH /api/v1/uploads/{id}` once the upload is claimed (docs/uploads.md "Sending bytes"):
/// check the offset, take the body, and complete the upload when its last byte is in.
///
/// Decides what happens to the upload's running hasher afterwards: kept when it still matches the
/// partial file, dropped (to be rebuilt from disk) when it may not, or when the upload is over.
struct UploadPatch {
    let upload: PendingUpload
    let request: Request

    private var store: FileBlobStore { request.application.lawTrail.blobStore }
    private var threadPool: NIOThreadPool { request.application.threadPool }

    /// The response (or the problem) and the progress to keep for the next PATCH.
    func run(offset: UInt64, progress existing: UploadProgress?) async -> (Result<Response, any Error>, keep: UploadProgress?) {
        var stored = store.partialSize(upload: upload.id)
        if stored > upload.declaredLength {
            // Never written by this server (it stops at the declared length): start over.
            request.logger.warning("upload \(upload.id): partial file of \(stored) bytes is longer than declared; removed")
            removePartial()
            stored = 0
        }
        // A kept hasher that disagrees with the file (changed behind our back) is not trusted.
        let kept = existing.flatMap { $0.size == stored ? $0 : nil }
        guard offset == stored else {
            return (.failure(UploadProblems.offsetMismatch(sent: offset, stored: stored)), kept)
        }
        if let announced = UploadHeaders.contentLength(of: request), announced > upload.declaredLength - offset {
            // Refused before a byte is read: nothing beyond the declared length is ever kept.
            return (.failure(UploadProblems.beyondLength(upload.declaredLength)), kept)
        }

        let progress: UploadProgress
        if let kept {
            progress = kept
        } else {
            do {
                progress = try await rebuild()
            } catch {
                return (.failure(error), nil)
            }
        }

        let outcome: PartialAppender.Outcome
        // Every byte is already in when a completion was cut short (a crash between the blob and the
        // record, issue 17 item 4): the partial is complete and read-only, so nothing is appended
        // and the completion is simply run again.
        let received: Result<PartialAppender.Outcome, PartialAppender.Failure>
        if progress.size == upload.declaredLength {
            received = .success(.appended)
        } else {
            // Upload throughput and bodies in flight for /metrics (issue 16).
            let metrics = request.application.serverMetrics
            let before = progress.size
            metrics.uploadsReceiving.increment()
            received = await receive(into: progress)
            metrics.uploadsReceiving.decrement()
            if progress.size > before { metrics.uploadBytes.increment(by: Int64(progress.size - before)) }
        }
        switch received {
        case .success(let result):
            outcome = result
        case .failure(.mediaType(let mismatch)):
            removePartial()
            return (.failure(UploadProblems.mediaTypeMismatch(mismatch)), nil)
        case .failure(.receive(let cause)):
            // The client is most likely gone; the answer is for one that is merely slow.
            request.logger.info("upload \(upload.id): body broke off at \(progress.size) bytes: \(cause)")
            let problem = cause is CancellationError
                ? UploadProblems.idle(stored: progress.size)
                : UploadProblems.incompleteBody(stored: progress.size)
            return (.failure(problem), progress)
        case .failure(.storage(let cause)):
            return (.failure(cause), nil)
        }

        if outcome == .beyondLength {
            return (.failure(UploadProblems.beyondLength(upload.declaredLength)), progress)
        }
        guard progress.size == upload.declaredLength else {
            let response = Response(status: .noContent)
            response.headers.replaceOrAdd(name: UploadHeaders.offset, value: String(progress.size))
            response.headers.replaceOrAdd(name: UploadHeaders.expires, value: UploadHeaders.httpDate(upload.expiresAt))
            return (.success(response), progress)
        }
        do {
            let completed = try await UploadCompletion(
                upload: upload, store: store, blobs: request.application.lawTrail.blobs,
                ledger: request.application.lawTrail.ledger.writer, threadPool: threadPool,
                failPoints: request.application.lawTrail.config.failPoints
            ).complete(progress, on: request.db, at: request.application.lawTrail.now)
            request.logger.notice("upload \(upload.id) stored as record \(completed.record.id) (\(upload.declaredLength) bytes)")
            return (.success(Self.completedResponse(upload, record: completed.record, ledgerIndex: completed.ledgerIndex)), nil)
        } catch {
            return (.failure(error), nil)
        }
    }

    /// Takes the body into the partial file, ending the PATCH if the client stays silent longer
    /// than the idle limit (`IdleWatch`): cancelling the receiving task ends its wait for bytes.
    private func receive(into progress: UploadProgress) async -> Result<PartialAppender.Outcome, PartialAppender.Failure> {
        let watch = IdleWatch()
        let appender = PartialAppender(
            upload: upload, store: store, threadPool: threadPool, eventLoop: request.eventLoop, idle: watch)
        let body = request.body
        let work = Task { try await appender.append(body, to: progress) }
        let limit = await request.application.uploadSessions.idleLimit
        let watchdog = Task {
            let interval = min(limit / 4, .seconds(5))
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                if watch.isIdle(longerThan: limit) {
                    work.cancel()
                    return
                }
            }
        }
        let result = await withTaskCancellationHandler {
            await work.result
        } onCancel: {
            work.cancel()
        }
        watchdog.cancel()
        return result.mapError { error in
            (error as? PartialAppender.Failure) ?? .storage(error)
        }
    }

    /// 204 for an upload whose record exists (also the answer to a repeated final PATCH).
    static func completedResponse(_ upload: PendingUpload, record: Record, ledgerIndex: UInt64?) -> Response {
        let response = Response(status: .noContent)
        response.headers.replaceOrAdd(name: UploadHeaders.offset, value: String(upload.declaredLength))
        response.headers.replaceOrAdd(name: UploadHeaders.recordID, value: record.id.uuidString.lowercased())
        if let digest = record.blobSHA256 {
            response.headers.replaceOrAdd(name: UploadHeaders.sha256, value: digest)
        }
        if let ledgerIndex {
            response.headers.replaceOrAdd(name: UploadHeaders.ledgerIndex, value: String(ledgerIndex))
        }
        return response
    }

    /// The progress re-read from the partial file (after a restart, or when the kept one was
    /// dropped), with the magic bytes checked again if they are all there.
    private func rebuild() async throws -> UploadProgress {
        let url = store.partialURL(upload: upload.id)
        let progress = try await threadPool.runIfActive { try UploadProgress.rebuild(from: url) }
        if progress.prefixIsComplete(length: upload.declaredLength), progress.size > 0 {
            switch PartialAppender.checkMedia(progress.prefix, upload: upload) {
            case .success(let media):
                progress.media = media
            case .failure(let mismatch):
                removePartial()
                throw UploadProblems.mediaTypeMismatch(mismatch)
            }
        }
        return progress
    }

    private func removePartial() {
        store.removePartial(upload: upload.id)
    }
}
