import Domain
import Testing

// docs/uploads.md "Sending bytes": a PATCH continues at `Upload-Offset`. UploadOffsetHeader reads
// it (and Content-Length) for the upload controller; Fuzz/Sources/FuzzUploadOffset drives it
// with arbitrary input.

@Suite struct UploadOffsetHeaderTests {
    @Test("an offset is 1–20 ASCII digits within UInt64", arguments: [
        ("0", UInt64(0)), ("1048576", 1_048_576), ("00000000000000000007", 7),
        ("18446744073709551615", UInt64.max),
    ])
    func accepted(text: String, value: UInt64) {
        #expect(UploadOffsetHeader.parse(text) == value)
    }

    @Test("anything else is no offset (400 missing-upload-offset)", arguments: [
        "", "18446744073709551616", "99999999999999999999", "000000000000000000001", "+5", "-0", " 5", "5 ",
        "１２", "0x10", "1e3",
    ])
    func refused(text: String) {
        #expect(UploadOffsetHeader.parse(text) == nil)
    }

    @Test("an absent header is no offset")
    func absent() {
        #expect(UploadOffsetHeader.parse(nil) == nil)
    }

    @Test("Content-Length is read as UInt64 reads it, nil when absent")
    func contentLength() {
        #expect(UploadOffsetHeader.parseContentLength("512") == 512)
        #expect(UploadOffsetHeader.parseContentLength(nil) == nil)
        #expect(UploadOffsetHeader.parseContentLength("-1") == nil)
        #expect(UploadOffsetHeader.parseContentLength("+5") == 5)  // as before the extraction
    }
}
