import Crypto
import Foundation

/// Where blobs live once they are stored (ARCHITECTURE "Blob store"; SPEC R9.3; issue 17 item 1):
/// content-addressed by lowercase hex SHA-256, immutable, streamed in and out with a memory bound
/// that does not depend on the blob's size. Two implementations: `FileBlobStore` (the data
/// directory, the default) and `S3BlobStore` (an S3-compatible bucket with Object Lock).
///
/// Resumable uploads are received into local partial files first whatever the store
/// (`FileBlobStore.partialURL`); `put(file:…)` then hands a finished, fsync'd, hashed file over.
public protocol BlobStore: Sendable {
    /// Where the blobs are, for logs and `lawtrail verify` (`/var/lib/lawtrail/blobs`, `s3://bucket`).
    var location: String { get }

    /// Whether a blob with this digest is stored.
    func exists(_ digest: String) async throws -> Bool

    /// The stored blob's size in bytes, nil when it is not stored.
    func size(of digest: String) async throws -> UInt64?

    /// Stores the finished local file `source`, whose SHA-256 is `digest`, under that digest. The
    /// source file is left where it is (its owner removes it when it is no longer the proof of what
    /// was received, issue 17 item 4). Storing content already there changes nothing.
    /// `retainUntil`: the first instant the blob may be removed (`BlobLock`); a store with
    /// retention locks enforces it, the local store leaves it to the disposal rules.
    func put(file source: URL, digest: String, retainUntil: Date) async throws

    /// Streams the blob's bytes (the `range` of them when given, half-open) to `body` in chunks of
    /// at most `chunkSize` bytes. Returns false, calling `body` never, when the blob is not stored.
    func read(
        _ digest: String, range: Range<UInt64>?, chunkSize: Int, into body: (Data) async throws -> Void
    ) async throws -> Bool

    /// Removes a blob for good (an approved disposal, issue 14 item 3). Removing what is already
    /// gone is not an error. A store with retention locks refuses with `BlobStoreError.retained`
    /// while the lock holds, whatever the caller's rights.
    func remove(_ digest: String, at now: Date) async throws

    /// Every digest stored, sorted.
    func allDigests() async throws -> [String]

    /// Lengthens the blob's retention lock to `until` when a record's retention class lengthened
    /// (it became evidence, its case was archived for longer; issue 17). A lock already at or past
    /// `until` is left as it is (compliance mode can only be extended). Returns the lock in force
    /// afterwards; nil from a store that keeps no locks, or when the blob is not stored.
    func extendLock(_ digest: String, until: Date) async throws -> Date?
}

/// What re-reading one blob found (fixity audits, issue 14 item 4; `lawtrail verify`).
public enum BlobRehash: Sendable, Equatable {
    case missing
    /// The SHA-256 of the bytes read now and how many there were.
    case read(sha256: String, bytes: UInt64)
}

extension BlobStore {
    /// Re-hashes a stored blob streaming, `chunkSize` bytes at a time, calling `afterChunk` with the
    /// bytes read after each chunk so that the caller can pace the reading.
    public func rehash(
        _ digest: String, chunkSize: Int = 1 << 20, afterChunk: (UInt64) async throws -> Void
    ) async throws -> BlobRehash {
        var hasher = SHA256()
        var total: UInt64 = 0
        let found = try await read(digest, range: nil, chunkSize: chunkSize) { chunk in
            hasher.update(data: chunk)
            total += UInt64(chunk.count)
            try await afterChunk(UInt64(chunk.count))
        }
        return found ? .read(sha256: FileBlobStore.hex(hasher.finalize()), bytes: total) : .missing
    }

    /// Stores small content (a generated document, a correction request's attachment) through a
    /// temporary file in `staging`, and returns its digest and size.
    public func store(_ data: Data, staging: FileBlobStore, retainUntil: Date) async throws -> (digest: String, size: UInt64) {
        let id = UUID()
        let file = try staging.openPartial(upload: id)
        // Open (so locked against another server's sweep of `tmp/`, issue 17 item 2) until the store
        // has the bytes; then removed.
        defer {
            staging.removePartial(upload: id)
            file.close()
        }
        try data.withUnsafeBytes { try file.write($0) }
        try file.sync()
        let digest = FileBlobStore.hex(SHA256.hash(data: data))
        try await put(file: staging.partialURL(upload: id), digest: digest, retainUntil: retainUntil)
        return (digest, UInt64(data.count))
    }
}
