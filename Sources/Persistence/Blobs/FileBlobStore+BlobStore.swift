import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data directory as a `BlobStore` (issue 17 item 1): the default. Reads are plain POSIX reads
/// of at most `chunkSize` bytes into one buffer, so memory stays flat for a video of any size.
/// Nothing here locks a blob: on a local disk retention is the disposal rules' business (issue 14)
/// and the operating system's permissions (mode 0400).
extension FileBlobStore: BlobStore {
    public var location: String { root.path }

    public func exists(_ digest: String) async throws -> Bool {
        contains(digest)
    }

    public func size(of digest: String) async throws -> UInt64? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: try url(for: digest).path)
        return (attributes?[.size] as? NSNumber)?.uint64Value
    }

    public func put(file source: URL, digest: String, retainUntil: Date) async throws {
        _ = try link(file: source, digest: digest)
    }

    public func read(
        _ digest: String, range: Range<UInt64>?, chunkSize: Int, into body: (Data) async throws -> Void
    ) async throws -> Bool {
        let url = try url(for: digest)
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            guard FileManager.default.fileExists(atPath: url.path) else { return false }
            throw BlobStoreError.io("open \(digest)", errno)
        }
        defer { _ = close(fd) }
        var position = range?.lowerBound ?? 0
        let end = range?.upperBound ?? UInt64.max
        var buffer = [UInt8](repeating: 0, count: max(1, chunkSize))
        while position < end {
            let wanted = Int(min(UInt64(buffer.count), end - position))
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, wanted, off_t(position)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BlobStoreError.io("read \(digest)", errno)
            }
            if count == 0 { break }
            position += UInt64(count)
            try await body(Data(buffer[0..<count]))
        }
        return true
    }

    public func remove(_ digest: String, at now: Date) async throws {
        try remove(digest)
    }

    /// The local store keeps no locks (retention is the disposal rules' business here).
    public func extendLock(_ digest: String, until: Date) async throws -> Date? { nil }
}
