import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Encryption at rest of natural persons' identity numbers (SPEC X4; 《个人信息保护法》 treats
/// them as sensitive personal information): AES-GCM for the stored value, and a keyed hash
/// (HMAC-SHA256) for exact look-up, so the database alone reveals neither.
///
/// The 64-byte key file `keys/personal-data.key` (mode 0600) holds both keys; it is made on first
/// start. Losing it loses the stored numbers: back it up with the database.
public struct PersonalDataProtection: Sendable {
    // Kept as bytes: swift-crypto's SymmetricKey is not Sendable.
    private let encryptionKeyBytes: Data
    private let lookupKeyBytes: Data
    static let prefix = "enc:v1:"

    public init(keyBytes: Data) throws {
        guard keyBytes.count == 64 else { throw PersonalDataError.badKey }
        encryptionKeyBytes = Data(keyBytes.prefix(32))
        lookupKeyBytes = Data(keyBytes.suffix(32))
    }

    private var encryptionKey: SymmetricKey { SymmetricKey(data: encryptionKeyBytes) }
    private var lookupKey: SymmetricKey { SymmetricKey(data: lookupKeyBytes) }

    /// Loads the key file, creating it (0600) when absent.
    public static func load(keysDirectory: URL) throws -> PersonalDataProtection {
        let file = keysDirectory.appendingPathComponent("personal-data.key")
        if FileManager.default.fileExists(atPath: file.path) {
            // An existing key is never replaced: a new one would make every sealed number unreadable.
            let text = try SecretFile.read(file)
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw PersonalDataError.badKey
            }
            return try PersonalDataProtection(keyBytes: bytes)
        }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        try SecretFile.create(file, contents: bytes.base64EncodedString() + "\n")
        return try PersonalDataProtection(keyBytes: bytes)
    }

    public func seal(_ text: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: encryptionKey)
        guard let combined = box.combined else { throw PersonalDataError.sealFailed }
        return Self.prefix + combined.base64EncodedString()
    }

    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))) else {
            throw PersonalDataError.notSealed
        }
        let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: encryptionKey)
        return String(decoding: plain, as: UTF8.self)
    }

    /// The keyed hash used to find a person by exact number without decrypting every row.
    public func lookupHash(_ text: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: lookupKey)
        return code.map { String(format: "%02x", $0) }.joined()
    }
}

public enum PersonalDataError: Error, CustomStringConvertible {
    case badKey, sealFailed, notSealed, cannotWriteKey(String)
    /// A key file others can read or that is not the owner's own regular file (issue 12 item 12).
    case unsafeKeyFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .badKey: "personal-data.key must hold 64 bytes (base64)"
        case .sealFailed: "AES-GCM sealing failed"
        case .notSealed: "stored value is not sealed"
        case .cannotWriteKey(let path): "cannot write \(path)"
        case .unsafeKeyFile(let path, let reason): "refusing key file \(path): \(reason)"
        }
    }
}

/// Writes a secret to a new file that is owner-only from the first byte (O_CREAT | O_EXCL, 0600):
/// it never overwrites an existing key and never exists with wider permissions.
public enum SecretFile {
    /// Reads a secret only from the process owner's own regular file that no one else may read or
    /// write (issue 12 item 12), as ssh does: a key others could read may already be copied, and
    /// one others could write may have been swapped. `chmod 600` fixes the refusal.
    public static func read(_ url: URL) throws -> String {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { throw PersonalDataError.unsafeKeyFile(path: url.path, reason: "cannot stat") }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw PersonalDataError.unsafeKeyFile(path: url.path, reason: "not a regular file (a link or a directory)")
        }
        guard status.st_uid == getuid() else {
            throw PersonalDataError.unsafeKeyFile(path: url.path, reason: "owned by uid \(status.st_uid), not by this process's user")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw PersonalDataError.unsafeKeyFile(
                path: url.path, reason: "mode \(String(status.st_mode & 0o777, radix: 8)) lets others read or write it; run chmod 600 \(url.path)")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    public static func create(_ url: URL, contents: String) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PersonalDataError.cannotWriteKey(url.path) }
        defer { _ = close(fd) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw PersonalDataError.cannotWriteKey(url.path) }
    }
}
