import FuzzSupport
@testable import Domain

// Upload-Offset and Content-Length of an upload PATCH (UploadOffsetHeader, docs/uploads.md).
//
// Properties: nothing crashes; an offset is accepted exactly when the text is 1–20 ASCII digits
// whose value fits in UInt64 (decided here independently, by comparing digit strings), and then
// it is that value; the offset the server sends back (`String(offset)`) reads as the same
// number; Content-Length is what `UInt64(_:)` makes of the text.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked {
        let texts = ["0", "1048576", "00000000000000000007", "18446744073709551615", "18446744073709551616",
                     "99999999999999999999", "000000000000000000001", "+5", "-0", " 5", "5 ", "", "１２", "0x10"]
        return texts.enumerated().map { ("offset-\($0.offset)", Array($0.element.utf8)) }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUploadOffset(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let text = String(decoding: input, as: UTF8.self)
    let offset = UploadOffsetHeader.parse(text)

    let digitsOnly = !input.isEmpty && input.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && Array(text.utf8) == input
    let significant = Array(input.drop { $0 == 0x30 })
    let maxText = Array("18446744073709551615".utf8)
    let fits = significant.count < 20 || (significant.count == 20 && !maxText.lexicographicallyPrecedes(significant))
    let expected = digitsOnly && input.count <= 20 && fits  // 20: the digits of UInt64.max
    require((offset != nil) == expected, "offset \(String(describing: offset)) for \(text.debugDescription)")
    if let offset {
        require(String(offset) == (significant.isEmpty ? "0" : String(decoding: significant, as: UTF8.self)), "offset value")
        require(UploadOffsetHeader.parse(String(offset)) == offset, "the offset sent back does not read as itself")
    }
    require(UploadOffsetHeader.parse(nil) == nil, "an absent header has an offset")
    require(UploadOffsetHeader.parseContentLength(text) == UInt64(text), "Content-Length differs from UInt64(_:)")
    if input.count >= 8 {
        let value = input.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        require(UploadOffsetHeader.parse(String(value)) == value, "\(value) does not round-trip")
    }
    return 0
}

/// The entry point SwiftPM links `main` to (CFuzzDriver.h): libFuzzer's driver on this target.
@_cdecl("FuzzUploadOffset_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in data.map { fuzzUploadOffset($0, size) } ?? 0 }
}
