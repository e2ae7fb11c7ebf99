import Crypto
import Foundation

/// A 32-byte SHA-256 value: a leaf hash, a tree node hash or a root hash (RFC 9162 §2.1.1).
///
/// Stored inline as four machine words rather than an array so that building and comparing tree
/// hashes never touches the heap — verifying a million-entry ledger computes two million of them.
/// The words hold the bytes in memory order; only equality and the byte views are meaningful.
public struct Hash: Hashable, Sendable, CustomStringConvertible {
    /// The number of bytes in a SHA-256 value.
    public static let byteCount = 32

    @usableFromInline
    internal var storage: (UInt64, UInt64, UInt64, UInt64)

    /// Builds a hash from exactly 32 bytes; refuses any other length.
    public init(bytes: some Collection<UInt8>) throws {
        guard bytes.count == Hash.byteCount else {
            throw LedgerError.invalidHash("expected 32 bytes, got \(bytes.count)")
        }
        storage = (0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &storage) { raw in
            raw.copyBytes(from: bytes)
        }
    }

    /// Wraps a SHA-256 digest computed elsewhere (for example a blob digest).
    public init(_ digest: SHA256.Digest) {
        storage = (0, 0, 0, 0)
        digest.withUnsafeBytes { source in
            Swift.withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(Hash.byteCount)))
            }
        }
    }

    /// Parses 64 hexadecimal digits (either case).
    public init(hex: String) throws {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 2 * Hash.byteCount else {
            throw LedgerError.invalidHash("expected 64 hex digits, got \(utf8.count) characters")
        }
        var bytes = [UInt8](repeating: 0, count: Hash.byteCount)
        for i in 0..<Hash.byteCount {
            guard let high = Hash.hexValue(utf8[2 * i]), let low = Hash.hexValue(utf8[2 * i + 1]) else {
                throw LedgerError.invalidHash("not a hex digit at position \(2 * i)")
            }
            bytes[i] = high << 4 | low
        }
        try self.init(bytes: bytes)
    }

    /// Parses the canonical standard base64 (RFC 4648 §4) of exactly 32 bytes, as used in
    /// checkpoints and proof responses.
    public init(base64: String) throws {
        guard let bytes = StrictBase64.decode(base64) else {
            throw LedgerError.invalidHash("not canonical standard base64")
        }
        guard bytes.count == Hash.byteCount else {
            throw LedgerError.invalidHash("base64 decodes to \(bytes.count) bytes, expected 32")
        }
        try self.init(bytes: bytes)
    }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Lowercase hexadecimal, 64 characters.
    public var hex: String {
        withUnsafeBytes { raw in
            let digits: [UInt8] = Array("0123456789abcdef".utf8)
            var out = [UInt8]()
            out.reserveCapacity(64)
            for byte in raw {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Standard base64 with padding, 44 characters.
    public var base64: String {
        withUnsafeBytes { StrictBase64.encode($0) }
    }

    public var description: String { hex }

    /// Calls `body` with the 32 bytes without copying them to the heap.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    public static func == (lhs: Hash, rhs: Hash) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1
            && lhs.storage.2 == rhs.storage.2 && lhs.storage.3 == rhs.storage.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
