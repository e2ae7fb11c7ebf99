import Crypto
import Domain
import Foundation

/// What one upload's stored bytes are so far: their count, the running SHA-256 over them, the
/// first bytes for the magic-byte check and its result (issue 4 item 3; SPEC R9.3).
///
/// Keeping the hasher between PATCHes is what makes a resumed upload cost only the missing part:
/// the bytes already on disk are not read again. It is a class because it is handed from one
/// request to the next through `UploadSessions` and between threads while a PATCH hashes on the
/// thread pool; `UploadSessions.claim` makes sure only one PATCH holds it at a time, which is why
/// `@unchecked Sendable` is sound here.
final class UploadProgress: @unchecked Sendable {
    /// Bytes hashed, equal to the partial file's size whenever the progress is checked in.
    var size: UInt64
    var hasher: SHA256
    /// The first `MediaSniffer.requiredPrefixLength` bytes (fewer while fewer have arrived).
    var prefix: [UInt8]
    /// The format found in `prefix`, once it was checked against the declared MIME type.
    var media: DetectedMedia?

    init() {
        size = 0
        hasher = SHA256()
        prefix = []
        prefix.reserveCapacity(MediaSniffer.requiredPrefixLength)
    }

    /// Whether the magic bytes can be judged: the prefix is full, or the file is shorter.
    func prefixIsComplete(length: UInt64) -> Bool {
        prefix.count >= MediaSniffer.requiredPrefixLength || UInt64(prefix.count) >= length
    }

    /// Takes the bytes of `chunk` that still belong to the prefix.
    func collectPrefix(_ chunk: UnsafeRawBufferPointer) {
        let missing = MediaSniffer.requiredPrefixLength - prefix.count
        guard missing > 0 else { return }
        prefix.append(contentsOf: chunk.prefix(missing))
    }

    /// Rebuilds the progress from the partial file on disk: after a restart the hasher is gone,
    /// and what is on disk is by definition what has been received (docs/uploads.md "Resuming").
    /// Blocking; run it on the thread pool.
    static func rebuild(from url: URL) throws -> UploadProgress {
        let progress = UploadProgress()
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return progress }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { bytes in
                progress.collectPrefix(bytes)
                progress.hasher.update(bufferPointer: bytes)
            }
            progress.size += UInt64(chunk.count)
        }
        return progress
    }
}
