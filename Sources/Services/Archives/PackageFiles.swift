import Domain
import Foundation
import Persistence
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming file work for archive packages: copy while hashing, hash a file, write a small file.
/// Reads and writes in 1 MiB chunks through one reused buffer, so memory stays flat whatever the
/// size of a video (issue 14: ≤ 64 MiB growth for a 10 GiB case).
enum PackageFiles {
    static let chunk = 1 << 20

    struct IOError: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Streams `url` through one reused buffer of `chunk` bytes, handing each piece to `body`: the
    /// one read loop every pass over a package file uses, so memory stays flat whatever the size.
    static func readChunks(_ url: URL, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let input = open(url.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw IOError(operation: "open", path: url.path, code: errno) }
        defer { close(input) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, chunk)
            if count < 0 {
                if errno == EINTR { continue }
                throw IOError(operation: "read", path: url.path, code: errno)
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Copies `source` to a new file `destination` (mode 0600), returning the copy's fixity.
    static func copy(_ source: URL, to destination: URL) throws -> Fixity {
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let output = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw IOError(operation: "create", path: destination.path, code: errno) }
        defer { close(output) }
        var digest = FixityDigest()
        try readChunks(source) { bytes in
            digest.update(bytes)
            var offset = 0
            while offset < bytes.count {
                let written = posixWrite(output, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw IOError(operation: "write", path: destination.path, code: errno)
                }
                offset += written
            }
        }
        guard fsync(output) == 0 else { throw IOError(operation: "fsync", path: destination.path, code: errno) }
        return digest.finalize()
    }

    /// Copies the blob `digest` out of `blobs` (the data directory or S3, issue 17 item 1) to a new
    /// file `destination` (mode 0600), streaming `chunk` bytes at a time; nil when the blob is not
    /// stored (nothing is created then).
    static func copy(_ digest: String, from blobs: any BlobStore, to destination: URL) async throws -> Fixity? {
        if let local = blobs as? FileBlobStore {
            let source = try local.url(for: digest)
            guard FileManager.default.fileExists(atPath: source.path) else { return nil }
            return try copy(source, to: destination)
        }
        guard try await blobs.exists(digest) else { return nil }
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let output = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw IOError(operation: "create", path: destination.path, code: errno) }
        defer { close(output) }
        var digestOfCopy = FixityDigest()
        let found = try await blobs.read(digest, range: nil, chunkSize: chunk) { data in
            try data.withUnsafeBytes { bytes in
                digestOfCopy.update(bytes)
                var offset = 0
                while offset < bytes.count {
                    let written = posixWrite(output, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw IOError(operation: "write", path: destination.path, code: errno)
                    }
                    offset += written
                }
            }
        }
        guard found else { return nil }
        guard fsync(output) == 0 else { throw IOError(operation: "fsync", path: destination.path, code: errno) }
        return digestOfCopy.finalize()
    }

    /// The fixity of a file, read once by streaming.
    static func fixity(of url: URL) throws -> Fixity {
        var digest = FixityDigest()
        try readChunks(url) { digest.update($0) }
        return digest.finalize()
    }

    /// Writes a small file (tag files, JSON, HTML), returning its fixity.
    @discardableResult
    static func write(_ data: Data, to url: URL) throws -> Fixity {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw IOError(operation: "create", path: url.path, code: errno)
        }
        return FixityDigest.of(data)
    }
}

/// The bag on disk, as the 四性检测 reads it (`ArchivePackageReader`): links are reported, never
/// followed.
struct DirectoryPackageReader: ArchivePackageReader {
    let root: URL

    func entries() throws -> [ArchivePackageEntry] {
        var result: [ArchivePackageEntry] = []
        let base = root.standardizedFileURL.path
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? base : base + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(base + "/" + path, &info) == 0 else { throw PackageFiles.IOError(operation: "lstat", path: path, code: errno) }
                switch info.st_mode & S_IFMT {
                case S_IFREG: result.append(.init(path: path, kind: .file))
                case S_IFDIR:
                    result.append(.init(path: path, kind: .directory))
                    pending.append(path)
                case S_IFLNK: result.append(.init(path: path, kind: .symbolicLink))
                default: result.append(.init(path: path, kind: .other))
                }
            }
        }
        return result
    }

    func fixity(of path: String) throws -> Fixity {
        try PackageFiles.fixity(of: root.appendingPathComponent(path))
    }

    func prefix(of path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: root.appendingPathComponent(path).path) else {
            throw PackageFiles.IOError(operation: "open", path: path, code: errno)
        }
        defer { try? handle.close() }
        return Array(try handle.read(upToCount: count) ?? Data())
    }

    func contents(of path: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(path))
    }
}

// The C call has the same name as a method above; this wrapper keeps the call readable.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
