import Ledger
import Testing

/// SM3 (GB/T 32905-2016), issue 14: the standard's examples, known digests, streaming in odd
/// chunk sizes against one-shot, and a second, deliberately plain implementation written straight
/// from the standard's text. The comparison with PyPI `gmssl` and OpenSSL on 1,000+ random files
/// is scripts/check-sm3.py (run by .ci/run).
@Suite struct SM3Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// Deterministic pseudo-random bytes (xorshift64, seed 0x9E3779B97F4A7C15, low byte of each
    /// step): the same generator as the OpenSSL-derived vector below.
    static func bytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var x = seed
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            out.append(UInt8(truncatingIfNeeded: x))
        }
        return out
    }

    // MARK: Known digests

    /// GB/T 32905-2016 Appendix A, example 1: "abc".
    @Test func standardExampleOne() {
        #expect(SM3.hexDigest(Array("abc".utf8))
            == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    /// GB/T 32905-2016 Appendix A, example 2: "abcd" repeated 16 times (64 bytes: the padding
    /// needs a second block).
    @Test func standardExampleTwo() {
        let message = Array(String(repeating: "abcd", count: 16).utf8)
        #expect(message.count == 64)
        #expect(SM3.hexDigest(message) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test func emptyInput() {
        let expected = "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
        #expect(SM3.hexDigest([UInt8]()) == expected)
        #expect(Self.hex(SM3().finalize()) == expected)
        var hasher = SM3()
        hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
        hasher.update([UInt8]())
        #expect(Self.hex(hasher.finalize()) == expected)
    }

    /// Digests computed with `openssl dgst -sm3` (OpenSSL 3.0.19): one million "a", and the first
    /// 1,000 bytes of `bytes(_:)`.
    @Test func opensslDigests() {
        #expect(SM3.hexDigest([UInt8](repeating: 0x61, count: 1_000_000))
            == "c8aaf89429554029e231941a2acc0ad61ff2a5acd8fadd25847a3a732b3b02c3")
        #expect(SM3.hexDigest(Self.bytes(1000)) == "fb30306c6f8fa46b7bf36e994a12ab89af84b289f72c0a7fee04380aeb360c35")
    }

    @Test func digestShape() {
        #expect(SM3.byteCount == 32)
        #expect(SM3.hash(Array("abc".utf8)).count == 32)
        let hex = SM3.hexDigest(Array("abc".utf8))
        #expect(hex.utf8.count == 64)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(SM3.hexDigest(Array("abc".utf8)) != SM3.hexDigest(Array("abd".utf8)))
    }

    // MARK: Streaming

    static let chunkSizes = [1, 3, 55, 56, 63, 64, 65, 1000]

    static func streamed(_ message: [UInt8], chunk: Int) -> [UInt8] {
        var hasher = SM3()
        message.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let end = min(offset + chunk, raw.count)
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                offset = end
            }
        }
        return hasher.finalize()
    }

    /// Every length 0…200 (padding in one block, in two blocks, exactly at the 55/56 and 64
    /// boundaries), fed in each chunk size, equals one-shot and the plain implementation.
    @Test(arguments: chunkSizes)
    func streamingEqualsOneShotForShortLengths(chunk: Int) {
        let source = Self.bytes(200, seed: 42)
        for length in 0...200 {
            let message = Array(source.prefix(length))
            let oneShot = SM3.hash(message)
            #expect(oneShot == PlainSM3.hash(message), "length \(length)")
            #expect(Self.streamed(message, chunk: chunk) == oneShot, "length \(length), chunk \(chunk)")
        }
    }

    /// A few megabytes, not a multiple of the block size, in every chunk size and through the
    /// Sequence-taking `update`.
    @Test func streamingEqualsOneShotForMegabytes() {
        let message = Self.bytes(3 * 1024 * 1024 + 37, seed: 7)
        let oneShot = SM3.hash(message)
        #expect(oneShot == PlainSM3.hash(message))
        for chunk in Self.chunkSizes + [4096, 1 << 20] {
            #expect(Self.streamed(message, chunk: chunk) == oneShot, "chunk \(chunk)")
        }
        var hasher = SM3()
        hasher.update(message[0..<100_001])               // ArraySlice: contiguous fast path
        hasher.update(message[100_001...].lazy.map { $0 })  // not contiguous: the chunked path
        #expect(hasher.finalize() == oneShot)
    }

    /// A sequence without contiguous storage goes through the chunk buffer, across its 4,096-byte
    /// refills and block boundaries.
    @Test func nonContiguousSequences() {
        for length in [0, 1, 63, 64, 65, 4095, 4096, 4097, 10_000] {
            let message = Self.bytes(length, seed: UInt64(length) + 1)
            #expect(SM3.hash(message.lazy.map { $0 }) == SM3.hash(message), "length \(length)")
            #expect(SM3.hash(AnySequence(message)) == SM3.hash(message), "length \(length)")
        }
        #expect(SM3.hexDigest("abc".utf8) == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    /// `finalize` leaves the value as it was: calling it again gives the same digest, and more
    /// input continues the same message.
    @Test func finalizeDoesNotConsume() {
        var hasher = SM3()
        hasher.update(Array("ab".utf8))
        let first = hasher.finalize()
        #expect(hasher.finalize() == first)
        #expect(Self.hex(first) == SM3.hexDigest(Array("ab".utf8)))
        hasher.update(Array("c".utf8))
        #expect(Self.hex(hasher.finalize()) == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    /// Random lengths and random split points against the plain implementation.
    @Test func randomSplitsAgainstPlainImplementation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let length = Int.random(in: 0...700, using: &generator)
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let split = Int.random(in: 0...length, using: &generator)
            var hasher = SM3()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            let expected = PlainSM3.hash(message)
            #expect(hasher.finalize() == expected, "length \(length), split \(split)")
            #expect(SM3.hash(message) == expected, "length \(length)")
        }
    }

    /// The plain implementation is itself checked against the standard's examples.
    @Test func plainImplementationMatchesTheStandard() {
        #expect(Self.hex(PlainSM3.hash(Array("abc".utf8)))
            == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        #expect(Self.hex(PlainSM3.hash(Array(String(repeating: "abcd", count: 16).utf8)))
            == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }
}

/// SM3 written as literally as possible from GB/T 32905-2016 §5 (arrays, loops, the standard's
/// variable names), for comparison only: slow, allocation-heavy, obviously structured.
enum PlainSM3 {
    static func rotl(_ x: UInt32, _ n: Int) -> UInt32 {
        let k = n % 32
        return k == 0 ? x : (x << UInt32(k)) | (x >> UInt32(32 - k))
    }

    static func hash(_ message: [UInt8]) -> [UInt8] {
        // §5.2 padding.
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { m.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }

        var v: [UInt32] = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600,
                           0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]
        for blockStart in stride(from: 0, to: m.count, by: 64) {
            // §5.3.2 message expansion.
            var w = [UInt32](repeating: 0, count: 68)
            for j in 0..<16 {
                let i = blockStart + 4 * j
                w[j] = UInt32(m[i]) << 24 | UInt32(m[i + 1]) << 16 | UInt32(m[i + 2]) << 8 | UInt32(m[i + 3])
            }
            for j in 16..<68 {
                let x = w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)
                let p1 = x ^ rotl(x, 15) ^ rotl(x, 23)
                w[j] = p1 ^ rotl(w[j - 13], 7) ^ w[j - 6]
            }
            var w1 = [UInt32](repeating: 0, count: 64)
            for j in 0..<64 { w1[j] = w[j] ^ w[j + 4] }

            // §5.3.3 compression function.
            var (a, b, c, d, e, f, g, h) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
            for j in 0..<64 {
                let t: UInt32 = j < 16 ? 0x79CC4519 : 0x7A879D8A
                let ss1 = rotl(rotl(a, 12) &+ e &+ rotl(t, j), 7)
                let ss2 = ss1 ^ rotl(a, 12)
                let ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c)
                let gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g)
                let tt1 = ff &+ d &+ ss2 &+ w1[j]
                let tt2 = gg &+ h &+ ss1 &+ w[j]
                d = c
                c = rotl(b, 9)
                b = a
                a = tt1
                h = g
                g = rotl(f, 19)
                f = e
                e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17)
            }
            v = [a ^ v[0], b ^ v[1], c ^ v[2], d ^ v[3], e ^ v[4], f ^ v[5], g ^ v[6], h ^ v[7]]
        }
        return v.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }
}
