import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Supervised retrieval (SPEC R9.1, R9.2; issue 4 item 7): opening a record's content needs a
/// stated purpose; sensitive records need an approved request; every retrieval is stored and
/// appended to the ledger; video is served with HTTP Range so it can be played and scrubbed.
struct RetrievalController: RouteCollection {
    struct RequestInput: Content {
        let recordId: UUID
        let purpose: String
        let purposeText: String?
    }

    /// `POST /api/v1/records/:id/retrievals`: why the record is opened (SPEC R9.2).
    struct OpenInput: Content {
        let purpose: String?
        let purposeText: String?
        let requestId: UUID?
    }

    struct Opened: Content {
        let retrievalId: UUID
        let contentUrl: String
        let validUntil: Date
    }

    struct DecisionInput: Content {
        let approve: Bool
        let reason: String?
    }

    struct RetrievalRow: Content {
        let id: UUID
        let recordId: UUID
        let userId: UUID
        let purpose: String
        let purposeText: String
        let clientAddress: String?
        let at: Date?
    }

    struct LogQuery: Content {
        var recordId: UUID?
        var userId: UUID?
        var purpose: String?
        var from: String?
        var to: String?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, URLs.apiRecordRetrievals.components, action: nil, use: open)
        routes.protected(.GET, URLs.apiRecordContent.components, action: nil, use: content)
        routes.protected(.POST, URLs.apiRetrievalRequests.components, action: .requestSensitiveRetrieval, use: request)
        routes.protected(.GET, URLs.apiRetrievalRequests.components, action: .approveSensitiveRetrieval, use: pending)
        routes.protected(.POST, URLs.apiRetrievalDecision.components, action: .approveSensitiveRetrieval, use: decide)
        routes.protected(.GET, URLs.apiRetrievals.components, action: .searchRetrievalLog, use: log)
    }

    /// Opens a record for reading: the purpose is checked, the retrieval logged and put on the
    /// ledger, and the answer names the content URL to read (issue 12 item 12: opening is a
    /// POST — a GET that wrote a log row in someone's name could be triggered by a link, a
    /// prefetcher or a crawler holding a token).
    @Sendable
    func open(req: Request) async throws -> Response {
        let staff = try req.staff
        let service = RetrievalService(req.serviceContext)
        let record = try await service.record(try req.uuidParameter("id"))
        let input = try req.decodeBody(OpenInput.self)
        let purpose: RetrievalPurpose?
        do {
            purpose = input.purpose == nil ? nil : try RetrievalPurpose(slug: input.purpose, text: input.purposeText)
        } catch {
            try await RefusalLog.record(req, userID: staff.id, reason: "retrieval purpose invalid: \(error)")
            throw Problem.badRequest("invalid-purpose", "\(error)", errors: ["purpose": "\(error)"])
        }
        let retrievalID = try await req.loggingRefusal("retrieval of \(record.id.lowercased)") {
            try await service.open(record, purpose: purpose, approvalID: input.requestId, clientAddress: req.clientAddress, by: staff)
        }
        let contentURL = URLs.apiRecordContent.path(record.id) + "?retrievalId=\(retrievalID.lowercased)"
        let response = try await Opened(
            retrievalId: retrievalID, contentUrl: contentURL,
            validUntil: req.application.lawTrail.now.addingTimeInterval(RetrievalService.playbackWindow)
        ).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: contentURL)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    /// Reads an opened record: its bytes (with Range) or document values. Changes nothing.
    @Sendable
    func content(req: Request) async throws -> Response {
        let staff = try req.staff
        let service = RetrievalService(req.serviceContext)
        let record = try await service.record(try req.uuidParameter("id"))
        guard let given = req.query[String.self, at: "retrievalId"] else {
            throw Problem.badRequest(
                "retrieval-required", "请先以 POST /api/v1/records/{id}/retrievals 说明调阅目的，再用返回的 retrievalId 读取内容。",
                errors: ["retrievalId": "必填"])
        }
        guard let retrievalID = try await service.continuing(UUID(uuidString: given), record: record.id, by: staff) else {
            try await RefusalLog.record(req, userID: staff.id, reason: "record content refused: retrieval \(given.prefix(40)) not valid for this person and record")
            throw Problem(.forbidden, type: "retrieval-not-valid", title: "不能调阅",
                          detail: "该调阅不属于您或这份记录，或已超过 4 小时，请重新说明调阅目的。")
        }
        let response: Response
        if let digest = record.blobSHA256 {
            // Issue 14 item 3: a disposed record keeps its metadata and hash; its bytes are gone.
            if let disposal = try await RetentionQueries(database: req.db).disposal(record.id) {
                throw Problem(.gone, type: "record-disposed", title: "已销毁",
                              detail: "该记录资料已于\(ShanghaiTime.chinese(disposal.disposedAt))依法销毁，元数据和哈希值保留，可在防篡改账本第 \(disposal.ledgerIndex) 条查验。")
            }
            let mediaType = record.mimeType.flatMap(HTTPMediaType.init(mimeString:))
            let blobs = req.application.lawTrail.blobs
            if let local = blobs as? FileBlobStore {
                let path = try local.url(for: digest).path
                if let refusal = try Self.fitRange(req, path: path) {
                    response = refusal
                } else {
                    response = try await req.fileio.asyncStreamFile(at: path, mediaType: mediaType)
                }
            } else {
                response = try await Self.streamRemote(req, blobs: blobs, digest: digest, mediaType: mediaType)
            }
        } else {
            response = try await (record.documentValues ?? [:]).encodeResponse(for: req)
        }
        response.headers.replaceOrAdd(name: "LawTrail-Retrieval-Id", value: retrievalID.lowercased)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    /// Reads the `Range` header with Domain's `ByteRangeHeader` (RFC 9110; fuzzed, docs/fuzzing.md)
    /// and leaves Vapor's file streaming only a range already inside the file, or none at all —
    /// Vapor's own reading served `bytes=0-<size>` as one byte more than the file. Returns the
    /// answer when the range cannot be served: 416 with `Content-Range: bytes */<size>`; throws
    /// 400 for a malformed header.
    private static func fitRange(_ req: Request, path: String) throws -> Response? {
        guard let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value
        else { return nil }
        return try fitRange(req, size: size)
    }

    /// A blob in a remote store (S3, issue 17 item 1), streamed from it as it arrives — never held
    /// whole — with the same `Range` handling as a local file: 206 with `Content-Range`, or 416.
    private static func streamRemote(
        _ req: Request, blobs: any BlobStore, digest: String, mediaType: HTTPMediaType?
    ) async throws -> Response {
        guard let size = try await blobs.size(of: digest) else {
            throw Problem(.notFound, type: "content-missing", title: "资料缺失",
                          detail: "该记录的资料文件不在存储中，请联系系统管理员核查。")
        }
        if let refusal = try fitRange(req, size: size) { return refusal }
        var fitted: Range<UInt64>?
        if case .partial(let partial) = ByteRangeHeader.resolve(req.headers[.range], length: size) { fitted = partial }
        let range = fitted
        let response = Response(status: range == nil ? .ok : .partialContent)
        if let mediaType { response.headers.contentType = mediaType }
        response.headers.replaceOrAdd(name: .acceptRanges, value: "bytes")
        if let range {
            response.headers.replaceOrAdd(name: .contentRange, value: "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)")
        }
        let count = range.map { $0.upperBound - $0.lowerBound } ?? size
        let logger = req.logger
        response.body = Response.Body(asyncStream: { writer in
            do {
                _ = try await blobs.read(digest, range: range, chunkSize: 1 << 20) { data in
                    try await writer.writeBuffer(ByteBuffer(bytes: data))
                }
                try await writer.write(.end)
            } catch {
                logger.error("blob \(digest): reading from \(blobs.location) failed: \(String(reflecting: error))")
                try? await writer.write(.error(error))
            }
        }, count: Int(count))
        return response
    }

    private static func fitRange(_ req: Request, size: UInt64) throws -> Response? {
        let values = req.headers[.range]
        guard !values.isEmpty else { return nil }
        switch ByteRangeHeader.resolve(values, length: size) {
        case .whole:
            req.headers.remove(name: .range)
        case .partial(let range):
            req.headers.replaceOrAdd(name: .range, value: ByteRangeHeader.headerValue(for: range))
        case .malformed:
            throw Problem.badRequest("invalid-range", "Range 请求头格式不正确（应为 bytes=起始-结束、bytes=起始- 或 bytes=-末尾字节数）。")
        case .unsatisfiable:
            let response = ProblemMiddleware.response(for: Problem(
                .rangeNotSatisfiable, type: "range-not-satisfiable", title: "请求的范围无效",
                detail: "请求的字节范围不在文件内（文件共 \(size) 字节）。"))
            response.headers.replaceOrAdd(name: .contentRange, value: ByteRangeHeader.unsatisfiedContentRange(length: size))
            return response
        }
        return nil
    }

    @Sendable
    func request(req: Request) async throws -> Response {
        let input = try req.decodeBody(RequestInput.self)
        let request = try await RetrievalService(req.serviceContext).request(
            record: input.recordId, purpose: input.purpose, purposeText: input.purposeText, by: try req.staff)
        return try await request.encodeResponse(status: .created, for: req)
    }

    @Sendable
    func pending(req: Request) async throws -> Page<RetrievalRequest> {
        let paging = try req.query.decode(PageQuery.self)
        let query = RetrievalQueries(database: req.db).undecidedRequests()
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return Page(items: try rows.map { try $0.domain() }, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func decide(req: Request) async throws -> RetrievalRequest {
        let input = try req.decodeBody(DecisionInput.self)
        let id = try req.uuidParameter("id")
        return try await req.loggingRefusal("retrieval decision") {
            try await RetrievalService(req.serviceContext).decide(id, approve: input.approve, reason: input.reason, by: try req.staff)
        }
    }

    @Sendable
    func log(req: Request) async throws -> Page<RetrievalRow> {
        let paging = try req.query.decode(PageQuery.self)
        let filter = try req.query.decode(LogQuery.self)
        let query = RetrievalModel.query(on: req.db)
        if let recordID = filter.recordId { query.filter(\.$recordID == recordID) }
        if let userID = filter.userId { query.filter(\.$userID == userID) }
        if let purpose = filter.purpose { query.filter(\.$purpose == purpose) }
        if let from = filter.from.flatMap({ CivilDate(iso: $0) }) { query.filter(\.$createdAt >= from.startInstant()) }
        if let to = filter.to.flatMap({ CivilDate(iso: $0) }) { query.filter(\.$createdAt < to.adding(days: 1).startInstant()) }
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return Page(items: rows.map {
            RetrievalRow(id: $0.id!, recordId: $0.recordID, userId: $0.userID, purpose: $0.purpose,
                         purposeText: $0.purposeText, clientAddress: $0.clientAddress, at: $0.createdAt)
        }, page: paging.pageNumber, per: paging.perPage, total: total)
    }

}

extension RetrievalRequest: Content {}

extension HTTPMediaType {
    init?(mimeString: String) {
        let parts = mimeString.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        self.init(type: String(parts[0]), subType: String(parts[1]))
    }
}
