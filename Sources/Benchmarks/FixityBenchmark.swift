import Crypto
import Foundation
import Persistence

/// `lawtrail bench fixity` (issue 14 item 4): how fast the fixity audit's hashing path
/// (`FileBlobStore.rehash(_:afterChunk:)`, 1 MiB reads, swift-crypto SHA-256) reads stored blobs,
/// against `openssl dgst -sha256` on the same files in the same run. The audit itself is paced far
/// below this (`LAWTRAIL_FIXITY_BYTES_PER_SECOND`, default 32 MiB/s); the figure says how much
/// head-room that leaves. Results go to docs/benchmarks.md.
public enum FixityBenchmark {
    public struct Result: Sendable {
        public let files: Int
        public let bytes: UInt64
        public let seconds: Double
        /// `openssl dgst -sha256` over the same files, one process for all of them.
        public let opensslSeconds: Double?

        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
        public var opensslMegabytesPerSecond: Double? { opensslSeconds.map { Double(bytes) / 1_000_000 / $0 } }
    }

    /// Stores `files` random blobs of `megabytes` MiB each under `directory`, then re-hashes them
    /// (after one warm-up pass, so both sides read from the page cache) and runs openssl on them.
    public static func run(directory: URL, files: Int, megabytes: Int) async throws -> Result {
        let store = FileBlobStore(root: directory.appendingPathComponent("blobs"), temporary: directory.appendingPathComponent("tmp"))
        var digests: [String] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<files {
            let id = UUID()
            let file = try store.openPartial(upload: id)
            var hasher = Crypto.SHA256()
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            for _ in 0..<megabytes {
                for index in stride(from: 0, to: chunk.count, by: 8) {
                    withUnsafeBytes(of: generator.next() as UInt64) { word in
                        for offset in 0..<8 { chunk[index + offset] = word[offset] }
                    }
                }
                try chunk.withUnsafeBytes { try file.write($0) }
                hasher.update(data: chunk)
            }
            try file.sync()
            file.close()
            let digest = FileBlobStore.hex(hasher.finalize())
            _ = try store.commit(upload: id, digest: digest)
            store.removePartial(upload: id)
            digests.append(digest)
        }
        var total: UInt64 = 0
        var seconds = 0.0
        for pass in 0..<2 {
            total = 0
            let started = ContinuousClock.now
            for digest in digests {
                guard case .read(let actual, let bytes) = try await store.rehash(digest, afterChunk: { _ in }), actual == digest else {
                    throw BenchmarkError.mismatch(digest)
                }
                total += bytes
            }
            if pass == 1 { seconds = started.duration(to: .now).seconds }
        }
        let paths = try digests.map { try store.url(for: $0).path }
        return Result(files: files, bytes: total, seconds: seconds, opensslSeconds: try? openssl(paths))
    }

    static func openssl(_ paths: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-sha256"] + paths
        process.standardOutput = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError.openssl(process.terminationStatus) }
        return started.duration(to: .now).seconds
    }

    enum BenchmarkError: Error {
        case mismatch(String)
        case openssl(Int32)
    }
}
