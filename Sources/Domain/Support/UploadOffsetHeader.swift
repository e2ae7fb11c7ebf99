/// The numbers a resumable upload's `PATCH` carries in its headers (docs/uploads.md "Sending
/// bytes", in the manner of tus 1.0 core): where the bytes continue, `Upload-Offset`, and how
/// many the client announces, `Content-Length`.
///
/// Pure, so that a fuzzer can drive it (docs/fuzzing.md); `UploadHeaders` in App reads the
/// request's header lines through it. An offset the server cannot read is a 400
/// (`missing-upload-offset`), never a guess: a wrong offset would splice the file.
public enum UploadOffsetHeader {
    /// The most digits an offset may have: `UInt64.max` has 20.
    public static let maxDigits = 20

    /// `Upload-Offset`: a non-negative decimal integer, ASCII digits only — no sign, no spaces —
    /// at most `maxDigits` of them and within `UInt64`. Leading zeros are allowed (tus says
    /// "non-negative integer"). Nil when the header is absent or anything else.
    public static func parse(_ value: String?) -> UInt64? {
        guard let value, !value.isEmpty, value.utf8.count <= maxDigits,
              value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt64(value)
    }

    /// `Content-Length` of a `PATCH`, nil when absent (a chunked body) or not a `UInt64` as
    /// Swift reads one. NIO's HTTP parser has refused a malformed length before a request gets
    /// this far; this only turns the text into the number.
    public static func parseContentLength(_ value: String?) -> UInt64? {
        value.flatMap { UInt64($0) }
    }
}
