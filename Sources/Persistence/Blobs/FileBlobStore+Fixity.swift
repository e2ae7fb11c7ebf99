import Crypto
import Foundation

extension FileBlobStore {
    /// What re-reading one blob found (fixity audits, issue 14 item 4).
    public enum Rehash: Sendable, Equatable {
        case missing
        /// The SHA-256 of the bytes read now and how many there were.
        case read(sha256: String, bytes: UInt64)
    }

    /// Re-hashes a stored blob streaming, `chunkSize` bytes at a time (1 MiB: memory stays flat
    /// for a video of any size), calling `afterChunk` with the bytes read after each chunk so that
    /// the caller can pace the reading. A file that is not there is `.missing`; one that is there but
    /// cannot be opened or read throws.
    public func rehash(
        _ digest: String, chunkSize: Int = 1 << 20, afterChunk: (UInt64) async throws -> Void
    ) async throws -> Rehash {
        let url = try url(for: digest)
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            guard FileManager.default.fileExists(atPath: url.path) else { return .missing }
            throw BlobStoreError.io("open \(digest)", errno)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: UInt64 = 0
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            hasher.update(data: chunk)
            total += UInt64(chunk.count)
            try await afterChunk(UInt64(chunk.count))
        }
        return .read(sha256: Self.hex(hasher.finalize()), bytes: total)
    }
}
