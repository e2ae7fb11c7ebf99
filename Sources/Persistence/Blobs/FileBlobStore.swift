import Crypto
import Foundation
import Ledger
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressed blob store on the local file system (ARCHITECTURE "Blob store"; SPEC R9.3).
///
/// A blob lives at `blobs/sha256/<first 2 hex>/<remaining 62 hex>`. Bytes are written to `tmp/`
/// first, fsync'd, made read-only and hard-linked into place; the directory entry is fsync'd too,
/// so a blob that is visible is complete and durable. The file in `tmp/` is removed by its owner
/// once nothing needs it (an upload's partial: once the record committed, issue 17 item 4). A client-chosen name never becomes a path: paths
/// come from digests and server-made ids only.
public struct FileBlobStore: Sendable {
    public let root: URL
    public let temporary: URL

    public init(root: URL, temporary: URL) {
        self.root = root
        self.temporary = temporary
    }

    /// Where the blob with this lowercase hex SHA-256 lives (whether or not it exists).
    public func url(for digest: String) throws -> URL {
        guard Self.isDigest(digest) else { throw BlobStoreError.malformedDigest(digest) }
        let hex = digest.lowercased()
        return root.appendingPathComponent("sha256", isDirectory: true)
            .appendingPathComponent(String(hex.prefix(2)), isDirectory: true)
            .appendingPathComponent(String(hex.dropFirst(2)))
    }

    public func contains(_ digest: String) -> Bool {
        guard let url = try? url(for: digest) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// The partial file of a resumable upload (server-made id, never a client name).
    public func partialURL(upload id: UUID) -> URL {
        temporary.appendingPathComponent("uploads", isDirectory: true)
            .appendingPathComponent(id.uuidString.lowercased() + ".part")
    }

    /// Opens (creating if needed) the partial file of an upload for appending.
    public func openPartial(upload id: UUID) throws -> BlobFile {
        let url = partialURL(upload: id)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try BlobFile(appendingTo: url)
    }

    /// Bytes stored so far for an upload (0 when none).
    public func partialSize(upload id: UUID) -> UInt64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: partialURL(upload: id).path)
        return (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// Puts a finished, fsync'd partial file into place under its digest, read-only, **keeping the
    /// partial** (issue 17 item 4): the blob is a hard link to the partial's bytes, so until the
    /// upload's record commits, the partial still says how many bytes were acknowledged (`HEAD`) and
    /// a restart can complete the record from it (`UploadRecovery`). Call `removePartial` once the
    /// record is durable. If the same content is already stored, nothing is linked (content
    /// addressing) and the partial is likewise kept until the record commits.
    public func commit(upload id: UUID, digest: String) throws -> URL {
        try link(file: partialURL(upload: id), digest: digest)
    }

    /// Puts the finished, fsync'd local file `source` into place under its digest as a hard link,
    /// read-only, leaving `source` where it is (`commit(upload:digest:)`). Content already stored is
    /// left as it is.
    public func link(file source: URL, digest: String) throws -> URL {
        let destination = try url(for: digest)
        let directory = destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: destination.path) {
            return destination
        }
        // Owner read-only (issue 12 item 12): evidence is not for every local user to read. The mode
        // belongs to the file, so the partial (the same file) is read-only too: it is complete.
        guard chmod(source.path, 0o400) == 0 else { throw BlobStoreError.io("chmod", errno) }
        guard posixLink(source.path, destination.path) == 0 else {
            // Another completion of the same content won the race: that blob is the same bytes.
            if errno == EEXIST { return destination }
            throw BlobStoreError.io("link", errno)
        }
        try Self.syncDirectory(directory)
        return destination
    }

    /// Removes an upload's partial file once its record has committed (or once the upload is refused
    /// for good). Removing what is already gone is not an error.
    public func removePartial(upload id: UUID) {
        _ = unlink(partialURL(upload: id).path)
    }

    /// Stores `data` (small content such as a generated document) and returns its digest.
    public func store(_ data: Data) throws -> (digest: String, size: UInt64) {
        let id = UUID()
        let file = try openPartial(upload: id)
        defer { file.close() }
        try data.withUnsafeBytes { try file.write($0) }
        try file.sync()
        let digest = Self.hex(SHA256.hash(data: data))
        _ = try commit(upload: id, digest: digest)
        removePartial(upload: id)
        return (digest, UInt64(data.count))
    }

    /// Removes a blob for good (issue 14 item 3: an approved disposal, after its `record.disposed`
    /// event is durable). Removing what is already gone is not an error, so a disposal interrupted
    /// between the ledger and the file is finished by running it again. The directory entry is
    /// fsync'd so the removal survives a crash.
    public func remove(_ digest: String) throws {
        let url = try url(for: digest)
        guard unlink(url.path) == 0 else {
            if errno == ENOENT { return }
            throw BlobStoreError.io("unlink", errno)
        }
        try Self.syncDirectory(url.deletingLastPathComponent())
    }

    /// Re-hashes a stored blob (for `lawtrail verify`); nil when it is missing.
    public func rehash(_ digest: String) throws -> String? {
        let url = try url(for: digest)
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? handle.close() }
        return try Self.sha256Hex(reading: handle)
    }

    /// The SHA-256 of everything `handle` has left to read, 1 MiB at a time, in lowercase hex
    /// (blobs here; the backup's database copies and files too).
    public static func sha256Hex(reading handle: FileHandle) throws -> String {
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// Every digest stored, for finding extra blobs.
    public func allDigests() -> [String] {
        let base = root.appendingPathComponent("sha256", isDirectory: true)
        guard let prefixes = try? FileManager.default.contentsOfDirectory(atPath: base.path) else { return [] }
        var digests: [String] = []
        for prefix in prefixes.sorted() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: base.appendingPathComponent(prefix).path)) ?? []
            digests += names.map { prefix + $0 }.filter(Self.isDigest)
        }
        return digests.sorted()
    }

    /// The uploads that have a partial file in `tmp/uploads/`, in no particular order.
    public func partialUploadIDs() -> [UUID] {
        let uploads = temporary.appendingPathComponent("uploads", isDirectory: true)
        return ((try? FileManager.default.contentsOfDirectory(atPath: uploads.path)) ?? []).compactMap { name in
            name.hasSuffix(".part") ? UUID(uuidString: String(name.dropLast(".part".count))) : nil
        }
    }

    /// What is in `tmp/uploads/` and `tmp/upload-locks/` now: list it **before** asking the database
    /// which uploads are resumable, then clean with `cleanTemporary(keeping:among:)`. An upload created
    /// after the listing has no file in it, so a sweep never removes the partial of an upload newer
    /// than its query (the cluster run found that race with a 5-second sweep, issue 17 item 2).
    public struct TemporarySnapshot: Sendable {
        let uploads: [String]
        let locks: [String]
    }

    public func temporarySnapshot() -> TemporarySnapshot {
        let files = FileManager.default
        return TemporarySnapshot(
            uploads: (try? files.contentsOfDirectory(atPath: temporary.appendingPathComponent("uploads").path)) ?? [],
            locks: (try? files.contentsOfDirectory(atPath: temporary.appendingPathComponent("upload-locks").path)) ?? [])
    }

    /// Removes partial files no upload can resume any more (SPEC R9.3: a killed upload leaves no
    /// visible blob; its leftovers are cleaned at the next start). `keep` are live upload ids, read
    /// after the directory was listed (`temporarySnapshot`).
    @discardableResult
    public func cleanTemporary(keeping keep: Set<UUID>) throws -> Int {
        try cleanTemporary(keeping: keep, among: temporarySnapshot())
    }

    /// `cleanTemporary(keeping:)` over the files of an earlier `temporarySnapshot()` only.
    @discardableResult
    public func cleanTemporary(keeping keep: Set<UUID>, among snapshot: TemporarySnapshot) throws -> Int {
        var removed = 0
        let uploads = temporary.appendingPathComponent("uploads", isDirectory: true)
        for name in snapshot.uploads {
            let id = UUID(uuidString: String(name.dropLast(".part".count)))
            if name.hasSuffix(".part"), let id, keep.contains(id) { continue }
            let url = uploads.appendingPathComponent(name)
            // A file open for writing — by this server or another sharing `tmp/` (issue 17 item 2) —
            // holds a shared lock: it is skipped now and removed by a later sweep or start.
            if Self.removeUnlessInUse(url) {
                removed += 1
            } else if FileManager.default.fileExists(atPath: url.path),
                      (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeDirectory {
                try FileManager.default.removeItem(at: url)
                removed += 1
            }
        }
        cleanUploadLocks(keeping: keep, among: snapshot.locks)
        return removed
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    public static func hex(_ digest: SHA256.Digest) -> String {
        Hash(digest).hex
    }

    static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw BlobStoreError.io("open directory", errno) }
        defer { posixClose(fd) }
        guard fsync(fd) == 0 else { throw BlobStoreError.io("fsync directory", errno) }
    }
}

/// An open file being appended to, with plain POSIX calls (no buffering, explicit fsync).
public final class BlobFile: @unchecked Sendable {
    private let fd: Int32

    init(appendingTo url: URL) throws {
        // Read-write, not write-only: on NFS a `flock` is a byte-range lock, and a shared one needs
        // the file open for reading (issue 17 item 2).
        fd = open(url.path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobStoreError.io("open", errno) }
        // Shared while open, so that no server's sweep removes a file being written (issue 17 item 2;
        // `FileBlobStore.cleanTemporary`). Waits only for a sweep's unlink in progress.
        while flock(fd, LOCK_SH) != 0 {
            guard errno == EINTR else {
                let code = errno
                posixClose(fd)
                throw BlobStoreError.io("flock", code)
            }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = posixWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw BlobStoreError.io("write", errno)
            }
            offset += written
        }
    }

    public func sync() throws {
        guard fsync(fd) == 0 else { throw BlobStoreError.io("fsync", errno) }
    }

    public func close() {
        posixClose(fd)
    }
}

public enum BlobStoreError: Error, CustomStringConvertible, Equatable {
    case malformedDigest(String)
    case io(String, Int32)
    /// A retention lock holds the blob until this instant (S3 Object Lock, issue 17 item 1).
    case retained(digest: String, until: Date)
    /// The remote store answered with an error (S3: its status and error code).
    case remote(operation: String, status: Int, code: String)

    public var description: String {
        switch self {
        case .malformedDigest(let text): "not a lowercase hex SHA-256: \(text)"
        case .io(let operation, let code): "\(operation) failed: \(String(cString: strerror(code)))"
        case .retained(let digest, let until): "blob \(digest) is locked until \(until) (object lock, compliance mode)"
        case .remote(let operation, let status, let code): "\(operation) failed: HTTP \(status) \(code)"
        }
    }
}

// The C calls have the same names as methods here; these wrappers keep the calls readable.
private func posixClose(_ fd: Int32) {
    _ = close(fd)
}

private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func posixLink(_ source: String, _ destination: String) -> Int32 {
    link(source, destination)
}
