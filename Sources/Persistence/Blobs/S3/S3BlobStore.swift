import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blobs in an S3-compatible bucket with Object Lock (issue 17 item 1; docs/operations.md "Blob
/// storage"). Every object is written in **compliance mode** with a retain-until date from its
/// record's retention class (`BlobLock`): nobody — not the bureau's administrator, not the root
/// account — can delete or overwrite the locked version before that date. The bucket must have been
/// created with Object Lock enabled (which turns versioning on).
///
/// Memory: a blob goes up in parts of `settings.partSize` (8 MiB) — one part in memory at a time —
/// as a multipart upload when it is larger than one part; reads stream the response body. Requests
/// are built and signed by `S3RequestBuilder` (SigV4 written here) and sent with async-http-client.
public struct S3BlobStore: BlobStore {
    public let settings: S3Settings
    let builder: S3RequestBuilder
    let client: HTTPClient
    /// The clock requests are dated with (SigV4 allows 15 minutes of skew).
    let now: @Sendable () -> Date
    static let timeout: TimeAmount = .seconds(300)

    public init(settings: S3Settings, client: HTTPClient = .shared, now: @escaping @Sendable () -> Date) {
        self.settings = settings
        self.builder = S3RequestBuilder(settings: settings)
        self.client = client
        self.now = now
    }

    public var location: String { "s3://\(settings.bucket)/\(settings.prefix)" }

    // MARK: Sending

    struct Answer {
        let status: Int
        let headers: HTTPHeaders
        let body: String
    }

    private func send(_ request: S3Request, body: Data? = nil) async throws -> HTTPClientResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if let body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        return try await client.execute(outgoing, timeout: Self.timeout)
    }

    /// Sends and reads a small answer (the XML of listings, errors, multipart steps).
    private func exchange(_ request: S3Request, body: Data? = nil) async throws -> Answer {
        let response = try await send(request, body: body)
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    private static func failure(_ operation: String, _ answer: Answer) -> BlobStoreError {
        .remote(operation: operation, status: answer.status, code: S3XML.values("Code", in: answer.body).first ?? "")
    }

    // MARK: BlobStore

    public func exists(_ digest: String) async throws -> Bool {
        try await size(of: digest) != nil
    }

    public func size(of digest: String) async throws -> UInt64? {
        let answer = try await exchange(builder.headObject(digest, at: now()))
        switch answer.status {
        case 200: return answer.headers.first(name: "content-length").flatMap(UInt64.init)
        case 404: return nil
        default: throw Self.failure("HEAD \(digest)", answer)
        }
    }

    /// The retention a stored blob carries (for `remove` and the tests): its lock mode and date.
    public func retention(of digest: String) async throws -> (mode: String, until: Date)? {
        let answer = try await exchange(builder.headObject(digest, at: now()))
        guard answer.status == 200 else {
            if answer.status == 404 { return nil }
            throw Self.failure("HEAD \(digest)", answer)
        }
        guard let mode = answer.headers.first(name: "x-amz-object-lock-mode"),
              let text = answer.headers.first(name: "x-amz-object-lock-retain-until-date"),
              let until = Self.parseLockDate(text) else { return nil }
        return (mode, until)
    }

    /// `PutObjectRetention` in compliance mode to a later date (issue 17: a retention class that
    /// lengthened). Never sent for an earlier or equal date — S3 would refuse shortening anyway —
    /// nor for a date already past.
    public func extendLock(_ digest: String, until: Date) async throws -> Date? {
        let current = try await retention(of: digest)
        if let current, current.until >= until { return current.until }
        guard until > now() else { return current?.until }
        guard try await exists(digest) else { return nil }
        let (request, xml) = builder.putRetention(digest, until: until, at: now())
        let answer = try await exchange(request, body: xml)
        guard answer.status == 200 else { throw Self.failure("PutObjectRetention \(digest)", answer) }
        return until
    }

    public func put(file source: URL, digest: String, retainUntil: Date) async throws {
        // Content addressing: what is there is these bytes already (and a second locked version of
        // the same content would only cost space).
        if try await exists(digest) { return }
        let fd = open(source.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BlobStoreError.io("open \(source.lastPathComponent)", errno) }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw BlobStoreError.io("fstat", errno) }
        let size = UInt64(info.st_size)
        let partSize = settings.partSize

        if size <= UInt64(partSize) {
            let body = try Self.readPart(fd, offset: 0, count: Int(size))
            let answer = try await exchange(builder.putObject(digest, body: body, retainUntil: retainUntil, at: now()), body: body)
            guard answer.status == 200 else { throw Self.failure("PUT \(digest)", answer) }
            return
        }

        let created = try await exchange(builder.createMultipartUpload(digest, retainUntil: retainUntil, at: now()))
        guard created.status == 200, let uploadID = S3XML.values("UploadId", in: created.body).first else {
            throw Self.failure("CreateMultipartUpload \(digest)", created)
        }
        do {
            var etags: [String] = []
            var offset: UInt64 = 0
            while offset < size {
                let body = try Self.readPart(fd, offset: offset, count: Int(min(UInt64(partSize), size - offset)))
                let number = etags.count + 1
                let answer = try await exchange(
                    builder.uploadPart(digest, uploadID: uploadID, number: number, body: body, at: now()), body: body)
                guard answer.status == 200, let etag = answer.headers.first(name: "etag") else {
                    throw Self.failure("UploadPart \(number) of \(digest)", answer)
                }
                etags.append(etag)
                offset += UInt64(body.count)
            }
            let (request, body) = builder.completeMultipartUpload(digest, uploadID: uploadID, etags: etags, at: now())
            let answer = try await exchange(request, body: body)
            // S3 may answer 200 with an <Error> body to a completion that failed late.
            guard answer.status == 200, !answer.body.contains("<Error>") else {
                throw Self.failure("CompleteMultipartUpload \(digest)", answer)
            }
            if retainUntil > now() {
                let (retention, xml) = builder.putRetention(digest, until: retainUntil, at: now())
                let locked = try await exchange(retention, body: xml)
                guard locked.status == 200 else { throw Self.failure("PutObjectRetention \(digest)", locked) }
            }
        } catch {
            _ = try? await exchange(builder.abortMultipartUpload(digest, uploadID: uploadID, at: now()))
            throw error
        }
    }

    public func read(
        _ digest: String, range: Range<UInt64>?, chunkSize: Int, into body: (Data) async throws -> Void
    ) async throws -> Bool {
        if let range, range.isEmpty { return try await exists(digest) }
        let response = try await send(builder.getObject(digest, range: range, at: now()))
        switch response.status.code {
        case 200, 206:
            for try await var buffer in response.body {
                while buffer.readableBytes > 0 {
                    let piece = buffer.readSlice(length: min(buffer.readableBytes, max(1, chunkSize)))!
                    try await body(Data(piece.readableBytesView))
                }
            }
            return true
        case 404:
            _ = try? await response.body.collect(upTo: 1 << 20)
            return false
        default:
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            throw Self.failure("GET \(digest)", Answer(status: Int(response.status.code), headers: response.headers, body: text))
        }
    }

    /// Removes every version of the blob — refused while its lock holds. The store checks the lock
    /// date itself first, so the refusal is `BlobStoreError.retained` with the date; S3 would refuse
    /// the deletion anyway (AccessDenied), which is what makes the lock worth having.
    public func remove(_ digest: String, at now: Date) async throws {
        if let lock = try await retention(of: digest), lock.until > now {
            throw BlobStoreError.retained(digest: digest, until: lock.until)
        }
        let listing = try await exchange(builder.listVersions(digest, at: self.now()))
        guard listing.status == 200 else { throw Self.failure("ListObjectVersions \(digest)", listing) }
        let key = builder.key(for: digest)
        var versions: [String] = []
        for block in S3XML.values("Version", in: listing.body) + S3XML.values("DeleteMarker", in: listing.body)
        where S3XML.values("Key", in: block).first == key {
            versions += S3XML.values("VersionId", in: block)
        }
        for version in versions {
            let answer = try await exchange(builder.deleteVersion(digest, versionID: version, at: self.now()))
            guard answer.status == 204 || answer.status == 200 else {
                throw Self.failure("DeleteObject \(digest) version \(version)", answer)
            }
        }
    }

    public func allDigests() async throws -> [String] {
        var digests: [String] = []
        var continuation: String?
        let base = settings.prefix + "sha256/"
        repeat {
            let answer = try await exchange(builder.listObjects(continuation: continuation, at: now()))
            guard answer.status == 200 else { throw Self.failure("ListObjectsV2", answer) }
            for key in S3XML.values("Key", in: answer.body) where key.hasPrefix(base) {
                let name = key.dropFirst(base.count).replacingOccurrences(of: "/", with: "")
                if FileBlobStore.isDigest(name) { digests.append(name) }
            }
            continuation = S3XML.values("IsTruncated", in: answer.body).first == "true"
                ? S3XML.values("NextContinuationToken", in: answer.body).first : nil
        } while continuation != nil
        return digests.sorted()
    }

    // MARK: Helpers

    static func readPart(_ fd: Int32, offset: UInt64, count: Int) throws -> Data {
        var data = Data(count: count)
        var done = 0
        try data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BlobStoreError.io("read", errno)
                }
                if n == 0 { throw BlobStoreError.io("read (file shorter than expected)", EIO) }
                done += n
            }
        }
        return data
    }

    /// `2026-09-15T16:00:00Z` or with fractional seconds (`…00.000Z`).
    static func parseLockDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
