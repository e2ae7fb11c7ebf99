import Crypto
import Foundation

/// Shared rules of the C2SP signed-note format (and of the Go `sumdb/note` package it came from).
enum NoteFormat {
    /// Algorithm byte of Ed25519 keys and key ids.
    static let ed25519: UInt8 = 0x01

    /// The signature-line prefix: U+2014 EM DASH and a space.
    static let signaturePrefix: [UInt8] = Array("\u{2014} ".utf8)

    /// Why `name` is not a valid key name, or nil when it is. A key name is non-empty and has no
    /// Unicode white space and no '+', because it is written between spaces in signature lines
    /// and between '+' in key strings.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "key name is empty" }
        if name.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return "key name contains white space" }
        if name.contains("+") { return "key name contains '+'" }
        return nil
    }

    /// Key id = first 4 bytes (big-endian) of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key).
    static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8))
        hasher.update(data: [0x0A, ed25519])
        hasher.update(data: publicKey)
        return hasher.finalize().withUnsafeBytes { raw in
            raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
    }

    /// Key id as 8 lowercase hex digits.
    static func hex(_ keyID: UInt32) -> String {
        let digits = String(keyID, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Parses exactly 8 hex digits (either case, as the Go package does).
    static func parseKeyID(_ text: Substring) -> UInt32? {
        guard text.utf8.count == 8, text.utf8.allSatisfy({ isHexDigit($0) }) else { return nil }
        return UInt32(text, radix: 16)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    }
}
