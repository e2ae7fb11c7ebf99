// SM3 cryptographic hash (GB/T 32905-2016), hand-written for the archive manifests of issue 14:
// no Swift SM3 library is available here, and the Ledger module stays free of new dependencies.
// This file imports nothing, so `scripts/bench-sm3.sh` compiles it on its own with `swiftc -O`.
//
// Tested against the standard's Appendix A examples, streaming against one-shot
// (Tests/LedgerTests/SM3Tests.swift), and against PyPI `gmssl` and OpenSSL on 1,000+ random
// inputs (scripts/check-sm3.py, run by .ci/run).

/// A streaming SM3 hasher: `update` any number of times, then `finalize` once.
///
/// The state is eight `UInt32` words and a 64-byte inline buffer: no heap allocation per block or
/// per update. Whole blocks are compressed straight from the caller's buffer.
public struct SM3: Sendable {
    /// The number of bytes in an SM3 digest.
    public static let byteCount = 32
    static let blockSize = 64

    private var a: UInt32 = 0x7380_166F
    private var b: UInt32 = 0x4914_B2B9
    private var c: UInt32 = 0x1724_42D7
    private var d: UInt32 = 0xDA8A_0600
    private var e: UInt32 = 0xA96F_30BC
    private var f: UInt32 = 0x1631_38AA
    private var g: UInt32 = 0xE38D_EE4D
    private var h: UInt32 = 0xB0FB_0E4E
    /// Bytes waiting for a full block (only the first `pending` are meaningful).
    private var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pending: Int = 0
    /// Total message length in bytes, so far.
    private var length: UInt64 = 0

    public init() {}

    /// Adds bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)

        if pending > 0 {
            let take = min(SM3.blockSize - pending, remaining)
            let offset = pending
            withUnsafeMutableBytes(of: &buffer) { raw in
                (raw.baseAddress! + offset).copyMemory(from: source, byteCount: take)
            }
            pending += take
            source += take
            remaining -= take
            guard pending == SM3.blockSize else { return }
            let copy = buffer
            withUnsafeBytes(of: copy) { raw in compress(raw.baseAddress!, blocks: 1) }
            pending = 0
        }

        let blocks = remaining / SM3.blockSize
        if blocks > 0 {
            compress(source, blocks: blocks)
            source += blocks * SM3.blockSize
            remaining -= blocks * SM3.blockSize
        }

        if remaining > 0 {
            let count = remaining
            withUnsafeMutableBytes(of: &buffer) { raw in
                raw.baseAddress!.copyMemory(from: source, byteCount: count)
            }
            pending = count
        }
    }

    /// Adds bytes to the message; contiguous collections (arrays, `Data`, buffers) are hashed in
    /// place, other sequences through a small chunk buffer.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.update(UnsafeRawBufferPointer(buffer))
        }
        if done != nil { return }
        var chunk = [UInt8]()
        chunk.reserveCapacity(4096)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 4096 {
                chunk.withUnsafeBytes { self.update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.withUnsafeBytes { self.update($0) }
    }

    /// The digest of everything added so far (32 bytes). Works on a copy: the value itself is
    /// not changed.
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = length &* 8
        // Padding: 0x80, zeros up to 56 mod 64, then the bit length as a big-endian UInt64.
        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let pending = copy.pending
        let tailLength = pending < 56 ? 64 : 128
        withUnsafeMutableBytes(of: &tail) { raw in
            withUnsafeBytes(of: copy.buffer) { buffered in
                raw.baseAddress!.copyMemory(from: buffered.baseAddress!, byteCount: pending)
            }
            raw[pending] = 0x80
            raw.storeBytes(of: bitLength.bigEndian, toByteOffset: tailLength - 8, as: UInt64.self)
        }
        withUnsafeBytes(of: tail) { raw in copy.compress(raw.baseAddress!, blocks: tailLength / 64) }

        var digest = [UInt8](repeating: 0, count: SM3.byteCount)
        digest.withUnsafeMutableBytes { raw in
            for (i, word) in [copy.a, copy.b, copy.c, copy.d, copy.e, copy.f, copy.g, copy.h].enumerated() {
                raw.storeBytes(of: word.bigEndian, toByteOffset: 4 * i, as: UInt32.self)
            }
        }
        return digest
    }

    /// The SM3 digest of `bytes` (32 bytes).
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SM3()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SM3 digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hexDigest<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(hash(bytes))
    }

    /// Lowercase hexadecimal of any bytes (no Foundation).
    static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(2 * bytes.count)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - Compression (GB/T 32905-2016 §5.3)

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x << n) | (x >> (32 &- n))
    }

    @inline(__always)
    private static func p0(_ x: UInt32) -> UInt32 { x ^ rotl(x, 9) ^ rotl(x, 17) }

    @inline(__always)
    private static func p1(_ x: UInt32) -> UInt32 { x ^ rotl(x, 15) ^ rotl(x, 23) }

    /// One round of rounds 0–15 (FF = GG = XOR). The registers are not moved: the caller passes
    /// them in rotated order, so `b`, `d`, `f`, `h` take the values that the standard assigns to
    /// C, A, G, E of the next round.
    @inline(__always)
    private static func round0(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: inout UInt32,
                               _ e: UInt32, _ f: inout UInt32, _ g: UInt32, _ h: inout UInt32,
                               _ t: UInt32, _ w: UInt32, _ w4: UInt32) {
        let a12 = rotl(a, 12)
        let ss1 = rotl(a12 &+ e &+ t, 7)
        let ss2 = ss1 ^ a12
        let tt1 = (a ^ b ^ c) &+ d &+ ss2 &+ (w ^ w4)
        let tt2 = (e ^ f ^ g) &+ h &+ ss1 &+ w
        b = rotl(b, 9)
        d = tt1
        f = rotl(f, 19)
        h = p0(tt2)
    }

    /// One round of rounds 16–63 (FF = majority, GG = choose).
    @inline(__always)
    private static func round1(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: inout UInt32,
                               _ e: UInt32, _ f: inout UInt32, _ g: UInt32, _ h: inout UInt32,
                               _ t: UInt32, _ w: UInt32, _ w4: UInt32) {
        let a12 = rotl(a, 12)
        let ss1 = rotl(a12 &+ e &+ t, 7)
        let ss2 = ss1 ^ a12
        let tt1 = ((a & b) | (c & (a | b))) &+ d &+ ss2 &+ (w ^ w4)
        let tt2 = (g ^ (e & (f ^ g))) &+ h &+ ss1 &+ w
        b = rotl(b, 9)
        d = tt1
        f = rotl(f, 19)
        h = p0(tt2)
    }

    /// W[j] from W[j-16], W[j-9], W[j-3], W[j-13], W[j-6] (message expansion, §5.3.2).
    @inline(__always)
    private static func expand(_ w16: UInt32, _ w9: UInt32, _ w3: UInt32, _ w13: UInt32, _ w6: UInt32) -> UInt32 {
        p1(w16 ^ w9 ^ rotl(w3, 15)) ^ rotl(w13, 7) ^ w6
    }

    /// Compresses `blocks` consecutive 64-byte blocks starting at `source` (any alignment).
    ///
    /// The 64 rounds are written out (generated): each T_j <<< j is a literal (T_j = 0x79CC4519
    /// for rounds 0–15, 0x7A879D8A for 16–63), and the message expansion runs four rounds ahead
    /// in sixteen local words w0…w15 (w[j mod 16] holds W[j]) interleaved with the rounds, so
    /// nothing is stored to memory and the expansion fills the gaps of the rounds' dependency
    /// chain. W'[j] = W[j] ^ W[j+4] is formed inside the round.
    private mutating func compress(_ source: UnsafeRawPointer, blocks: Int) {
        var a = self.a, b = self.b, c = self.c, d = self.d
        var e = self.e, f = self.f, g = self.g, h = self.h
        var block = source
        for _ in 0..<blocks {
            var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            SM3.round0(a, &b, c, &d, e, &f, g, &h, 0x79CC_4519, w0, w4)
            SM3.round0(d, &a, b, &c, h, &e, f, &g, 0xF398_8A32, w1, w5)
            SM3.round0(c, &d, a, &b, g, &h, e, &f, 0xE731_1465, w2, w6)
            SM3.round0(b, &c, d, &a, f, &g, h, &e, 0xCE62_28CB, w3, w7)
            SM3.round0(a, &b, c, &d, e, &f, g, &h, 0x9CC4_5197, w4, w8)
            SM3.round0(d, &a, b, &c, h, &e, f, &g, 0x3988_A32F, w5, w9)
            SM3.round0(c, &d, a, &b, g, &h, e, &f, 0x7311_465E, w6, w10)
            SM3.round0(b, &c, d, &a, f, &g, h, &e, 0xE622_8CBC, w7, w11)
            SM3.round0(a, &b, c, &d, e, &f, g, &h, 0xCC45_1979, w8, w12)
            SM3.round0(d, &a, b, &c, h, &e, f, &g, 0x988A_32F3, w9, w13)
            SM3.round0(c, &d, a, &b, g, &h, e, &f, 0x3114_65E7, w10, w14)
            SM3.round0(b, &c, d, &a, f, &g, h, &e, 0x6228_CBCE, w11, w15)
            w0 = SM3.expand(w0, w7, w13, w3, w10)
            SM3.round0(a, &b, c, &d, e, &f, g, &h, 0xC451_979C, w12, w0)
            w1 = SM3.expand(w1, w8, w14, w4, w11)
            SM3.round0(d, &a, b, &c, h, &e, f, &g, 0x88A3_2F39, w13, w1)
            w2 = SM3.expand(w2, w9, w15, w5, w12)
            SM3.round0(c, &d, a, &b, g, &h, e, &f, 0x1146_5E73, w14, w2)
            w3 = SM3.expand(w3, w10, w0, w6, w13)
            SM3.round0(b, &c, d, &a, f, &g, h, &e, 0x228C_BCE6, w15, w3)
            w4 = SM3.expand(w4, w11, w1, w7, w14)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0x9D8A_7A87, w0, w4)
            w5 = SM3.expand(w5, w12, w2, w8, w15)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x3B14_F50F, w1, w5)
            w6 = SM3.expand(w6, w13, w3, w9, w0)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x7629_EA1E, w2, w6)
            w7 = SM3.expand(w7, w14, w4, w10, w1)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0xEC53_D43C, w3, w7)
            w8 = SM3.expand(w8, w15, w5, w11, w2)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0xD8A7_A879, w4, w8)
            w9 = SM3.expand(w9, w0, w6, w12, w3)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0xB14F_50F3, w5, w9)
            w10 = SM3.expand(w10, w1, w7, w13, w4)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x629E_A1E7, w6, w10)
            w11 = SM3.expand(w11, w2, w8, w14, w5)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0xC53D_43CE, w7, w11)
            w12 = SM3.expand(w12, w3, w9, w15, w6)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0x8A7A_879D, w8, w12)
            w13 = SM3.expand(w13, w4, w10, w0, w7)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x14F5_0F3B, w9, w13)
            w14 = SM3.expand(w14, w5, w11, w1, w8)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x29EA_1E76, w10, w14)
            w15 = SM3.expand(w15, w6, w12, w2, w9)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0x53D4_3CEC, w11, w15)
            w0 = SM3.expand(w0, w7, w13, w3, w10)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0xA7A8_79D8, w12, w0)
            w1 = SM3.expand(w1, w8, w14, w4, w11)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x4F50_F3B1, w13, w1)
            w2 = SM3.expand(w2, w9, w15, w5, w12)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x9EA1_E762, w14, w2)
            w3 = SM3.expand(w3, w10, w0, w6, w13)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0x3D43_CEC5, w15, w3)
            w4 = SM3.expand(w4, w11, w1, w7, w14)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0x7A87_9D8A, w0, w4)
            w5 = SM3.expand(w5, w12, w2, w8, w15)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0xF50F_3B14, w1, w5)
            w6 = SM3.expand(w6, w13, w3, w9, w0)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0xEA1E_7629, w2, w6)
            w7 = SM3.expand(w7, w14, w4, w10, w1)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0xD43C_EC53, w3, w7)
            w8 = SM3.expand(w8, w15, w5, w11, w2)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0xA879_D8A7, w4, w8)
            w9 = SM3.expand(w9, w0, w6, w12, w3)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x50F3_B14F, w5, w9)
            w10 = SM3.expand(w10, w1, w7, w13, w4)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0xA1E7_629E, w6, w10)
            w11 = SM3.expand(w11, w2, w8, w14, w5)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0x43CE_C53D, w7, w11)
            w12 = SM3.expand(w12, w3, w9, w15, w6)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0x879D_8A7A, w8, w12)
            w13 = SM3.expand(w13, w4, w10, w0, w7)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x0F3B_14F5, w9, w13)
            w14 = SM3.expand(w14, w5, w11, w1, w8)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x1E76_29EA, w10, w14)
            w15 = SM3.expand(w15, w6, w12, w2, w9)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0x3CEC_53D4, w11, w15)
            w0 = SM3.expand(w0, w7, w13, w3, w10)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0x79D8_A7A8, w12, w0)
            w1 = SM3.expand(w1, w8, w14, w4, w11)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0xF3B1_4F50, w13, w1)
            w2 = SM3.expand(w2, w9, w15, w5, w12)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0xE762_9EA1, w14, w2)
            w3 = SM3.expand(w3, w10, w0, w6, w13)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0xCEC5_3D43, w15, w3)
            w4 = SM3.expand(w4, w11, w1, w7, w14)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0x9D8A_7A87, w0, w4)
            w5 = SM3.expand(w5, w12, w2, w8, w15)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x3B14_F50F, w1, w5)
            w6 = SM3.expand(w6, w13, w3, w9, w0)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x7629_EA1E, w2, w6)
            w7 = SM3.expand(w7, w14, w4, w10, w1)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0xEC53_D43C, w3, w7)
            w8 = SM3.expand(w8, w15, w5, w11, w2)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0xD8A7_A879, w4, w8)
            w9 = SM3.expand(w9, w0, w6, w12, w3)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0xB14F_50F3, w5, w9)
            w10 = SM3.expand(w10, w1, w7, w13, w4)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x629E_A1E7, w6, w10)
            w11 = SM3.expand(w11, w2, w8, w14, w5)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0xC53D_43CE, w7, w11)
            w12 = SM3.expand(w12, w3, w9, w15, w6)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0x8A7A_879D, w8, w12)
            w13 = SM3.expand(w13, w4, w10, w0, w7)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x14F5_0F3B, w9, w13)
            w14 = SM3.expand(w14, w5, w11, w1, w8)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x29EA_1E76, w10, w14)
            w15 = SM3.expand(w15, w6, w12, w2, w9)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0x53D4_3CEC, w11, w15)
            w0 = SM3.expand(w0, w7, w13, w3, w10)
            SM3.round1(a, &b, c, &d, e, &f, g, &h, 0xA7A8_79D8, w12, w0)
            w1 = SM3.expand(w1, w8, w14, w4, w11)
            SM3.round1(d, &a, b, &c, h, &e, f, &g, 0x4F50_F3B1, w13, w1)
            w2 = SM3.expand(w2, w9, w15, w5, w12)
            SM3.round1(c, &d, a, &b, g, &h, e, &f, 0x9EA1_E762, w14, w2)
            w3 = SM3.expand(w3, w10, w0, w6, w13)
            SM3.round1(b, &c, d, &a, f, &g, h, &e, 0x3D43_CEC5, w15, w3)
            a ^= self.a; b ^= self.b; c ^= self.c; d ^= self.d
            e ^= self.e; f ^= self.f; g ^= self.g; h ^= self.h
            self.a = a; self.b = b; self.c = c; self.d = d
            self.e = e; self.f = f; self.g = g; self.h = h
            block += SM3.blockSize
        }
    }
}
