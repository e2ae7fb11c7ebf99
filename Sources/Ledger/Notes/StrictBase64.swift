import Foundation

/// Standard base64 (RFC 4648 §4, with padding) that accepts only the canonical encoding.
///
/// Why strict: C2SP tlog-checkpoint and signed-note fix the encoding, and a verifier that accepted
/// two spellings of one root hash or signature would let a checkpoint text change without its
/// meaning changing — exactly what a tamper-evident log must not allow. // SPEC X3
enum StrictBase64 {
    /// Decodes `text`, or returns nil when it is not the canonical standard base64 of some bytes.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text)
        guard !string.isEmpty, string.utf8.count % 4 == 0 else { return nil }
        for byte in string.utf8 {
            let ok = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2F || byte == 0x3D
            guard ok else { return nil }
        }
        guard let data = Data(base64Encoded: string) else { return nil }
        // Re-encoding rejects non-zero padding bits and misplaced '='.
        guard data.base64EncodedString() == string else { return nil }
        return [UInt8](data)
    }

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }
}
