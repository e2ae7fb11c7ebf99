import Domain
import Fluent
import Persistence
import Vapor

/// Resumable media intake, in the manner of tus 1.0 core + creation (issue 4 item 3; SPEC R1,
/// R7, R9.3; docs/uploads.md):
///
/// - `POST /api/v1/uploads` announces a file (length, optional SHA-256, MIME type, metadata);
/// - `HEAD /api/v1/uploads/{id}` tells how many bytes are stored (where to resume);
/// - `PATCH /api/v1/uploads/{id}` streams bytes from `Upload-Offset`; the last one turns the
///   upload into a read-only blob and a record with its `record.ingested` ledger event;
/// - `GET /api/v1/uploads/{id}` reports progress and, once complete, the record.
///
/// Only the account that created an upload may query or continue it: an upload in progress is
/// that person's unfinished evidence, and a stranger resuming it could splice in other bytes.
struct UploadController: RouteCollection {

    struct Created: Content {
        let id: String
        let offset: UInt64
        let length: UInt64
        let expiresAt: Date
    }

    struct Status: Content {
        let id: String
        let offset: UInt64
        let length: UInt64
        let complete: Bool
        let expiresAt: Date
        let recordId: String?
        let sha256: String?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, URLs.apiUploads.components, action: .uploadMedia, use: create)
        routes.protected(.HEAD, URLs.apiUpload.components, action: .uploadMedia, use: head)
        routes.protected(.PATCH, URLs.apiUpload.components, action: .uploadMedia, body: .stream, use: patch)
        routes.protected(.GET, URLs.apiUpload.components, action: .uploadMedia, use: status)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let user = try req.user
        let input: NewUpload
        do {
            input = try req.content.decode(NewUpload.self)
        } catch {
            throw Problem.badRequest("malformed-body", "请求内容应为 JSON 对象（length、mimeType、form、activityId 等）。")
        }
        let services = req.application.lawTrail
        // Each open upload may hold a partial file of up to its declared length until it expires:
        // a bound per person keeps one account from filling the disk (issue 12 item 12).
        let pending = try await UploadStore(database: req.db).pendingCount(of: user.id, at: services.now)
        guard pending < services.config.maxPendingUploadsPerUser else {
            throw Problem.tryLater(.tooManyRequests, type: "too-many-pending-uploads",
                                   detail: "您有 \(pending) 个未完成的上传，请先完成或等待其过期后再开始新的上传。", retryAfter: 600)
        }
        let upload = try await input.validated(
            by: user.id, limit: services.config.maxUploadBytes, on: req.db, now: services.now)
        try await UploadStore(database: req.db).create(upload)

        let id = upload.id.uuidString.lowercased()
        let response = try await Created(id: id, offset: 0, length: upload.declaredLength, expiresAt: upload.expiresAt)
            .encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: URLs.apiUpload.path(id))
        response.headers.replaceOrAdd(name: UploadHeaders.offset, value: "0")
        response.headers.replaceOrAdd(name: UploadHeaders.expires, value: UploadHeaders.httpDate(upload.expiresAt))
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable
    func head(req: Request) async throws -> Response {
        let upload = try await ownedUpload(req)
        let record = try await UploadStore(database: req.db).record(fromUpload: upload.id)
        if record == nil, upload.isExpired(at: req.application.lawTrail.now) {
            throw UploadProblems.expired
        }
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: UploadHeaders.offset, value: String(offset(of: upload, record: record, req: req)))
        response.headers.replaceOrAdd(name: UploadHeaders.length, value: String(upload.declaredLength))
        if record == nil {
            response.headers.replaceOrAdd(name: UploadHeaders.expires, value: UploadHeaders.httpDate(upload.expiresAt))
        }
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable
    func status(req: Request) async throws -> Response {
        let upload = try await ownedUpload(req)
        let record = try await UploadStore(database: req.db).record(fromUpload: upload.id)
        let body = Status(
            id: upload.id.uuidString.lowercased(), offset: offset(of: upload, record: record, req: req),
            length: upload.declaredLength, complete: record != nil, expiresAt: upload.expiresAt,
            recordId: record?.id.uuidString.lowercased(), sha256: record?.blobSHA256)
        let response = try await body.encodeResponse(for: req)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable
    func patch(req: Request) async throws -> Response {
        let upload = try await ownedUpload(req)
        guard UploadHeaders.hasPatchContentType(req) else {
            throw UploadProblems.wrongContentType
        }
        guard let offset = UploadHeaders.offset(of: req) else {
            throw UploadProblems.missingOffset
        }
        if let record = try await UploadStore(database: req.db).record(fromUpload: upload.id) {
            // A repeated final PATCH (its answer was lost) gets the same answer again.
            guard offset == upload.declaredLength else {
                throw UploadProblems.offsetMismatch(sent: offset, stored: upload.declaredLength)
            }
            guard (UploadHeaders.contentLength(of: req) ?? 0) == 0 else {
                throw UploadProblems.beyondLength(upload.declaredLength)
            }
            return UploadPatch.completedResponse(upload, record: record, ledgerIndex: nil)
        }
        guard !upload.isExpired(at: req.application.lawTrail.now) else {
            throw UploadProblems.expired
        }

        let sessions = req.application.uploadSessions
        guard case .claimed(let progress) = await sessions.claim(upload.id, now: req.application.lawTrail.now) else {
            throw UploadProblems.busy
        }
        // Across servers sharing `tmp/` (issue 17 item 2): one PATCH at a time on the partial,
        // whichever server it reaches. A kept hasher is checked against the file's size by
        // `UploadPatch`, so bytes another server appended meanwhile make it rebuild from disk.
        let fileLock: UploadFileLock?
        do {
            fileLock = try req.application.lawTrail.blobStore.lockUpload(upload.id)
        } catch {
            await sessions.release(upload.id, keeping: progress, expiresAt: upload.expiresAt)
            throw error
        }
        guard let fileLock else {
            await sessions.release(upload.id, keeping: progress, expiresAt: upload.expiresAt)
            throw UploadProblems.busy
        }
        defer { fileLock.release() }
        // Another server may have completed it between the look-up above and the lock.
        if let record = try? await UploadStore(database: req.db).record(fromUpload: upload.id) {
            await sessions.release(upload.id, keeping: nil, expiresAt: upload.expiresAt)
            guard offset == upload.declaredLength, (UploadHeaders.contentLength(of: req) ?? 0) == 0 else {
                throw UploadProblems.offsetMismatch(sent: offset, stored: upload.declaredLength)
            }
            return UploadPatch.completedResponse(upload, record: record, ledgerIndex: nil)
        }
        let (result, keep) = await UploadPatch(upload: upload, request: req).run(offset: offset, progress: progress)
        await sessions.release(upload.id, keeping: keep, expiresAt: upload.expiresAt)
        return try result.get()
    }

    /// The upload named in the path, if it exists and the signed-in user created it.
    private func ownedUpload(_ req: Request) async throws -> PendingUpload {
        guard let text = req.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw UploadProblems.malformedID
        }
        guard let upload = try await UploadStore(database: req.db).find(id) else {
            throw UploadProblems.notFound
        }
        let user = try req.user
        guard upload.createdBy == user.id else {
            try await RefusalLog.record(req, userID: user.id, reason: "upload \(id) belongs to another account")
            throw UploadProblems.notOwner
        }
        return upload
    }

    /// Bytes stored: the partial file's size, or the whole length once the record exists.
    private func offset(of upload: PendingUpload, record: Record?, req: Request) -> UInt64 {
        record == nil ? req.application.lawTrail.blobStore.partialSize(upload: upload.id) : upload.declaredLength
    }
}
