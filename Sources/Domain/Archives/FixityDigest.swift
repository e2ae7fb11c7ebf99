import Crypto
import Foundation
import Ledger

/// The digests an archive package keeps of each file (issue 14 item 2): SHA-256 (FIPS 180-4, the
/// ledger's hash) and SM3 (GB/T 32905-2016), computed together in one streaming pass so a file of
/// any size is read once and never held in memory.
public struct Fixity: Hashable, Sendable, Codable {
    /// Lowercase hex SHA-256.
    public var sha256: String
    /// Lowercase hex SM3; nil when the build has no SM3 (see `FixityDigest.includesSM3`).
    public var sm3: String?
    public var byteCount: Int64

    public init(sha256: String, sm3: String?, byteCount: Int64) {
        self.sha256 = sha256
        self.sm3 = sm3
        self.byteCount = byteCount
    }
}

/// Both digests while streaming: the one place the archive code hashes, so SM3 (module `Ledger`,
/// `SM3`) drops in here and nowhere else.
public struct FixityDigest {
    /// Whether packages carry SM3 manifests (`manifest-sm3.txt`, `tagmanifest-sm3.txt`).
    public static let includesSM3 = true

    private var sha = SHA256()
    private var sm3 = SM3()
    private var count: Int64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        sha.update(bufferPointer: bytes)
        sm3.update(bytes)
        count += Int64(bytes.count)
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    public func finalize() -> Fixity {
        let sm3Hex = sm3.finalize().map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
        return Fixity(sha256: Hash(sha.finalize()).hex, sm3: sm3Hex, byteCount: count)
    }

    public static func of(_ data: Data) -> Fixity {
        var digest = FixityDigest()
        digest.update(data)
        return digest.finalize()
    }
}
