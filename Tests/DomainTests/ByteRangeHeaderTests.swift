import Domain
import Testing

// SPEC R9.1: video is served with HTTP Range so that a player can seek. The header is read by
// ByteRangeHeader (RFC 9110 §14), which Fuzz/Sources/FuzzRange drives with arbitrary input; these
// are its cases by hand, each with the RFC rule it follows.

private func resolve(_ header: String?, length: UInt64) -> ByteRangeHeader.Resolution {
    ByteRangeHeader.resolve(header.map { [$0] } ?? [], length: length)
}

@Suite struct ByteRangeHeaderTests {
    @Test("the three forms of a byte range, inside a 10,000-byte file")
    func forms() {
        #expect(resolve("bytes=100-199", length: 10_000) == .partial(100..<200))
        #expect(resolve("bytes=9000-", length: 10_000) == .partial(9000..<10_000))
        #expect(resolve("bytes=-500", length: 10_000) == .partial(9500..<10_000))
        #expect(resolve("bytes=0-0", length: 10_000) == .partial(0..<1))
    }

    @Test("no header, another unit or several ranges: the whole file, as before")
    func whole() {
        #expect(resolve(nil, length: 10) == .whole)
        #expect(resolve("items=0-1", length: 10) == .whole)
        #expect(resolve("bytes=0-1, 4-5", length: 10) == .whole)
        #expect(ByteRangeHeader.resolve(["bytes=0-1", "bytes=4-5"], length: 10) == .malformed)  // "bytes=4-5" is no range-spec
    }

    @Test("RFC 9110 §14.1.2: a last position past the end is the end; a long suffix is the whole file")
    func clamped() {
        // Vapor's own reading served bytes=0-10 of a 10-byte file as 11 bytes.
        #expect(resolve("bytes=0-10", length: 10) == .partial(0..<10))
        #expect(resolve("bytes=5-99999999999999999999999999", length: 10) == .partial(5..<10))
        #expect(resolve("bytes=-500", length: 10) == .partial(0..<10))
    }

    @Test("RFC 9110 §15.5.17: a range that starts at or past the end, or a zero suffix, is 416")
    func unsatisfiable() {
        #expect(resolve("bytes=10-", length: 10) == .unsatisfiable)
        #expect(resolve("bytes=10-20", length: 10) == .unsatisfiable)
        #expect(resolve("bytes=99999999999999999999999-", length: 10) == .unsatisfiable)
        #expect(resolve("bytes=-0", length: 10) == .unsatisfiable)
        #expect(resolve("bytes=0-", length: 0) == .unsatisfiable)
        #expect(resolve("bytes=-5", length: 0) == .whole)  // nothing to cut from an empty file
        #expect(ByteRangeHeader.unsatisfiedContentRange(length: 10) == "bytes */10")
    }

    @Test("malformed headers are 400, as Vapor answered them", arguments: [
        "", "bytes", "bytes=", "bytes=,", "bytes=abc", "bytes=1-2-3", "bytes=--1", "bytes=+1-2",
        "bytes=1 -2", "bytes=９-", "by tes=1-2", "=1-2", "bytes=9-1", "bytes=0-1, 9-1",
    ])
    func malformed(header: String) {
        #expect(resolve(header, length: 100) == .malformed)
    }

    @Test("the unit is case-insensitive; spaces and tabs around list elements and empty elements are allowed")
    func lenient() {
        #expect(resolve("Bytes=1-2", length: 100) == .partial(1..<3))
        #expect(resolve("  bytes= 1-2 ,\t, ", length: 100) == .partial(1..<3))
        #expect(resolve("bytes=001-002", length: 100) == .partial(1..<3))
    }

    @Test("the value handed on to Vapor is inside the file and reads back as the same range")
    func handedOn() {
        #expect(ByteRangeHeader.headerValue(for: 9500..<10_000) == "bytes=9500-9999")
        #expect(resolve(ByteRangeHeader.headerValue(for: 0..<10), length: 10) == .partial(0..<10))
    }

    @Test("numbers beyond UInt64 compare by their digits")
    func numbers() throws {
        let big = try #require(ByteRangeHeader.Number("000123456789012345678901234567890"))
        let bigger = try #require(ByteRangeHeader.Number("123456789012345678901234567891"))
        #expect(big < bigger)
        #expect(big.value == nil && big.clamped == .max)
        #expect(ByteRangeHeader.Number("0")?.value == 0)
        #expect(ByteRangeHeader.Number("") == nil)
        #expect(ByteRangeHeader.Number("1a") == nil)
    }
}
