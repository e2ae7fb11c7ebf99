import Crypto
import Foundation
import Ledger

/// Copies blobs between stores, checking every byte (issue 17 item 3): blobs are content-addressed
/// and immutable, so a copy is complete when its SHA-256 is its name, and a blob already in the
/// target is never copied again. The target is always a local directory laid out like the data
/// directory's `blobs/` (`sha256/<2 hex>/<62 hex>`, files 0400). // SPEC R9.3
public enum BlobCopy {
    public enum Outcome: Sendable, Equatable {
        /// Copied now; its size.
        case copied(bytes: UInt64)
        /// Already in the target (not read again); its size there.
        case present(bytes: UInt64)
        /// Not in the source.
        case missing
        /// The source's bytes hash to something else: nothing was stored.
        case changed(actualSha256: String, bytes: UInt64)
    }

    /// Copies `digest` from `source` into `target` unless `target` has it. The bytes go to a file in
    /// `target.temporary`, are hashed on the way, fsync'd, and linked into place only when their
    /// SHA-256 is `digest`.
    public static func copy(_ digest: String, from source: any BlobStore, into target: FileBlobStore) async throws -> Outcome {
        if target.contains(digest) {
            return .present(bytes: try await target.size(of: digest) ?? 0)
        }
        let id = UUID()
        let file = try target.openPartial(upload: id)
        defer { target.removePartial(upload: id) }
        var hasher = SHA256()
        var bytes: UInt64 = 0
        let found: Bool
        do {
            found = try await source.read(digest, range: nil, chunkSize: 1 << 20) { chunk in
                hasher.update(data: chunk)
                bytes += UInt64(chunk.count)
                try chunk.withUnsafeBytes { try file.write($0) }
            }
            try file.sync()
            file.close()
        } catch {
            file.close()
            throw error
        }
        guard found else { return .missing }
        let actual = FileBlobStore.hex(hasher.finalize())
        guard actual == digest else { return .changed(actualSha256: actual, bytes: bytes) }
        _ = try target.commit(upload: id, digest: digest)
        return .copied(bytes: bytes)
    }
}
