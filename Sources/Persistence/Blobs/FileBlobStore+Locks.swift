import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Locks that hold across server processes sharing one data directory (issue 17 item 2: two
/// servers, one PostgreSQL, `tmp/` on a volume both mount). `flock(2)` locks belong to an open file,
/// are released by the kernel when the process dies (a SIGKILL leaves no stale lock), and work
/// between processes on one host and on NFSv4 (Linux maps them to NFS byte-range locks, which is why
/// every file locked here is opened read-write).
///
/// - **One writer per upload**: a PATCH holds `tmp/upload-locks/<id>.lock` exclusively while it
///   writes (`lockUpload`), so a resumed upload may land on any server but never on two at once.
/// - **No cleaning under a writer's feet**: every file opened for writing in `tmp/uploads/` (a
///   partial, or a generated document's staging file) holds a shared lock while open; the sweep
///   (`cleanTemporary`) takes an exclusive lock without waiting before it removes a file, and skips
///   the file when it cannot.
extension FileBlobStore {
    /// The lock file of an upload (server-made id, never a client name).
    public func uploadLockURL(upload id: UUID) -> URL {
        temporary.appendingPathComponent("upload-locks", isDirectory: true)
            .appendingPathComponent(id.uuidString.lowercased() + ".lock")
    }

    /// Takes the upload for this process without waiting; nil when another PATCH — in this process or
    /// another server — holds it. Release with `UploadFileLock.release()` (or by ending the process).
    public func lockUpload(_ id: UUID) throws -> UploadFileLock? {
        let url = uploadLockURL(upload: id)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Read-write: on NFS an exclusive `flock` is a byte-range write lock and needs it.
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobStoreError.io("open lock", errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            _ = close(fd)
            if code == EWOULDBLOCK { return nil }
            throw BlobStoreError.io("flock", code)
        }
        return UploadFileLock(fd: fd)
    }

    /// Removes `url` if no one has it open for writing (or holds it as a lock): takes an exclusive
    /// lock without waiting, unlinks, lets go. False when the file is in use or already gone.
    static func removeUnlessInUse(_ url: URL) -> Bool {
        // Read-write, as an exclusive lock needs on NFS. A file that cannot be opened for writing is a
        // complete, read-only partial (`FileBlobStore.link` made it 0400): no one appends to it any more.
        let fd = open(url.path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            return errno == EACCES && unlink(url.path) == 0
        }
        defer { _ = close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        return unlink(url.path) == 0
    }

    /// Removes the lock files of uploads that are not in `keep` (no longer resumable) and not held.
    @discardableResult
    func cleanUploadLocks(keeping keep: Set<UUID>, among names: [String]) -> Int {
        let directory = temporary.appendingPathComponent("upload-locks", isDirectory: true)
        var removed = 0
        for name in names {
            if name.hasSuffix(".lock"), let id = UUID(uuidString: String(name.dropLast(".lock".count))), keep.contains(id) { continue }
            if Self.removeUnlessInUse(directory.appendingPathComponent(name)) { removed += 1 }
        }
        return removed
    }
}

/// An upload taken by this process (`FileBlobStore.lockUpload`).
public final class UploadFileLock: @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    /// Lets the upload go (closing the file releases the lock); calling it again does nothing.
    public func release() {
        lock.withLock {
            guard fd >= 0 else { return }
            _ = close(fd)
            fd = -1
        }
    }

    deinit {
        if fd >= 0 { _ = close(fd) }
    }
}
