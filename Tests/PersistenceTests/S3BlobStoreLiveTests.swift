import Crypto
import Foundation
import Persistence
import Testing

/// The moto (or other S3) endpoint `scripts/s3-moto.sh` started, if any.
let liveS3Endpoint: URL? = ProcessInfo.processInfo.environment["LAWTRAIL_TEST_S3_ENDPOINT"].flatMap { $0.isEmpty ? nil : URL(string: $0) }

/// `S3BlobStore` against a live S3-compatible store with Object Lock (issue 17 item 1): run by
/// `scripts/s3-moto.sh`, which starts moto and sets `LAWTRAIL_TEST_S3_ENDPOINT` and
/// `LAWTRAIL_TEST_S3_BUCKET` (a bucket created with Object Lock enabled). Without them the suite
/// is not run (`.enabled(if:)`), and the signer and request builder are tested without a server
/// (SigV4Tests, S3RequestTests).
@Suite(.enabled(if: liveS3Endpoint != nil, "needs LAWTRAIL_TEST_S3_ENDPOINT (scripts/s3-moto.sh)"), .serialized)
struct S3BlobStoreLiveTests {
    static var endpoint: URL? { liveS3Endpoint }

    static func store(partSize: Int = 5 << 20) throws -> S3BlobStore {
        let environment = ProcessInfo.processInfo.environment
        let settings = S3Settings(
            bucket: environment["LAWTRAIL_TEST_S3_BUCKET"] ?? "lawtrail-evidence", prefix: "live-tests/\(UUID().uuidString.lowercased())",
            endpoint: try #require(endpoint), region: "us-east-1",
            credentials: .init(accessKeyID: environment["AWS_ACCESS_KEY_ID"] ?? "test", secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? "test"),
            partSize: partSize)
        return S3BlobStore(settings: settings, now: { Date() })
    }

    /// A file of `count` pseudo-random bytes in a temporary directory, and its SHA-256.
    static func file(_ count: Int) throws -> (URL, String) {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        for index in stride(from: 0, to: count, by: 8) {
            let word = generator.next() as UInt64
            for shift in 0..<min(8, count - index) { bytes[index + shift] = UInt8(truncatingIfNeeded: word >> (shift * 8)) }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("s3-live-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return (url, SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
    }

    @Test("a blob larger than a part goes up in parts under a compliance lock and reads back byte-identical, whole and ranged")
    func multipartWriteAndRead() async throws {
        let store = try Self.store()
        let (url, digest) = try Self.file(12 << 20 + 4321)
        defer { try? FileManager.default.removeItem(at: url) }
        let until = Date().addingTimeInterval(3600)
        #expect(try await store.exists(digest) == false)
        try await store.put(file: url, digest: digest, retainUntil: until)
        #expect(try await store.size(of: digest) == 12 << 20 + 4321)
        let lock = try #require(try await store.retention(of: digest))
        #expect(lock.mode == "COMPLIANCE")
        #expect(abs(lock.until.timeIntervalSince(until)) < 1)
        #expect(try await store.rehash(digest, afterChunk: { _ in }) == .read(sha256: digest, bytes: 12 << 20 + 4321))
        var largest = 0
        _ = try await store.read(digest, range: nil, chunkSize: 1 << 20) { largest = max(largest, $0.count) }
        #expect(largest <= 1 << 20, "chunks stay within the asked size")
        var ranged = Data()
        #expect(try await store.read(digest, range: 5_000_000..<5_000_100, chunkSize: 64) { ranged += $0 })
        #expect(ranged == (try Data(contentsOf: url))[5_000_000..<5_000_100])
        #expect(try await store.allDigests() == [digest])
        // Storing it again changes nothing (content addressing): still one version.
        try await store.put(file: url, digest: digest, retainUntil: until)
        #expect(try await store.allDigests() == [digest])
    }

    @Test("removal is refused while the lock holds, and done once it has ended")
    func removalWaitsForTheLock() async throws {
        let store = try Self.store()
        let (url, digest) = try Self.file(1000)
        defer { try? FileManager.default.removeItem(at: url) }
        let until = Date().addingTimeInterval(3)
        try await store.put(file: url, digest: digest, retainUntil: until)
        await #expect(throws: BlobStoreError.self) { try await store.remove(digest, at: Date()) }
        do {
            try await store.remove(digest, at: Date())
        } catch let BlobStoreError.retained(refused, lockedUntil) {
            #expect(refused == digest && abs(lockedUntil.timeIntervalSince(until)) < 1)
        }
        #expect(try await store.exists(digest))
        try await Task.sleep(for: .seconds(4))
        try await store.remove(digest, at: Date())
        #expect(try await store.exists(digest) == false)
        #expect(try await store.read(digest, range: nil, chunkSize: 1024) { _ in } == false)
        try await store.remove(digest, at: Date())  // already gone: not an error
    }

    @Test("a lock is lengthened (PutObjectRetention), never shortened; an unlocked blob gets one")
    func extendLock() async throws {
        let store = try Self.store()
        let (url, digest) = try Self.file(64 << 10)
        defer { try? FileManager.default.removeItem(at: url) }
        let first = Date().addingTimeInterval(3600)
        try await store.put(file: url, digest: digest, retainUntil: first)
        let longer = Date().addingTimeInterval(7200)
        let extended = try #require(try await store.extendLock(digest, until: longer))
        #expect(abs(extended.timeIntervalSince(longer)) < 1)
        let lock = try #require(try await store.retention(of: digest))
        #expect(lock.mode == "COMPLIANCE")
        #expect(abs(lock.until.timeIntervalSince(longer)) < 1)
        // A shorter date changes nothing.
        let kept = try #require(try await store.extendLock(digest, until: first))
        #expect(abs(kept.timeIntervalSince(longer)) < 1)
        #expect(abs((try #require(try await store.retention(of: digest))).until.timeIntervalSince(longer)) < 1)
        // Written with a date already past (no lock sent), then locked by the extension.
        let (other, otherDigest) = try Self.file(1000)
        defer { try? FileManager.default.removeItem(at: other) }
        try await store.put(file: other, digest: otherDigest, retainUntil: Date().addingTimeInterval(-86400))
        #expect(try await store.retention(of: otherDigest) == nil)
        _ = try await store.extendLock(otherDigest, until: first)
        #expect(try await store.retention(of: otherDigest)?.mode == "COMPLIANCE")
        // A blob that is not stored: nothing.
        #expect(try await store.extendLock(String(repeating: "0", count: 64), until: first) == nil)
    }
}
