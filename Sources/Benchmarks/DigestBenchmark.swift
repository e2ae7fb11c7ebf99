import Crypto
import Foundation
import Ledger

/// `lawtrail bench digests` (issue 14): the hand-written SM3 against swift-crypto's SHA-256 over
/// the same bytes in the same run, in memory, 1 MiB at a time. Thread CPU time, so that other
/// work on the shared machine counts as little as possible. Results go to docs/benchmarks.md.
public enum DigestBenchmark {
    public struct Result: Sendable {
        public let bytes: Int
        public let sm3Seconds: Double
        public let sha256Seconds: Double
        public let sm3Hex: String

        public var sm3MBps: Double { Double(bytes) / sm3Seconds / 1e6 }
        public var sha256MBps: Double { Double(bytes) / sha256Seconds / 1e6 }
    }

    public static func run(mebibytes: Int) -> Result {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var generator = SystemRandomNumberGenerator()
        for i in chunk.indices { chunk[i] = UInt8.random(in: 0...255, using: &generator) }

        var sm3 = SM3()
        var started = threadCPUSeconds()
        chunk.withUnsafeBytes { raw in
            for _ in 0..<mebibytes { sm3.update(raw) }
        }
        let digest = sm3.finalize()
        let sm3Seconds = threadCPUSeconds() - started

        var sha256 = SHA256()
        started = threadCPUSeconds()
        chunk.withUnsafeBytes { raw in
            for _ in 0..<mebibytes { sha256.update(bufferPointer: raw) }
        }
        _ = sha256.finalize()
        let sha256Seconds = threadCPUSeconds() - started

        return Result(bytes: mebibytes << 20, sm3Seconds: sm3Seconds, sha256Seconds: sha256Seconds,
                      sm3Hex: digest.map { String(format: "%02x", $0) }.joined())
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
