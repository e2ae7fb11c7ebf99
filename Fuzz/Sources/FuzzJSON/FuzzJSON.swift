import FuzzSupport
@testable import Ledger

// CanonicalJSON.decode (JSONParser) and the reading of a ledger leaf: the fast one-pass
// CanonicalLeafReader against the reference parse, re-encode and compare.
//
// Properties:
// - decode never crashes; what it accepts, `encode` accepts, and decode(encode(v)) == v with
//   encode idempotent (the canonical form is a fixed point);
// - the canonical-leaf reader accepts only leaves the reference path accepts, with the same event,
//   and every accepted leaf is exactly the event's `canonicalBytes`;
// - the type-only reader agrees with the reference's type;
// - `LedgerEvent(canonicalBytes:)` (the public door) answers as the reference does.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked {
        let texts: [(String, String)] = [
            ("scalars", #"[0,-1,9007199254740991,-9007199254740991,true,false,null,"",{}]"#),
            ("escapes", #"{"a":"\"\\\/\b\f\n\r\t\u0000\u001f\u00e9\ud83d\ude00","b":"é😀"}"#),
            ("whitespace", " \t\n\r{ \"b\" : [ 1 , 2 ] , \"a\" : { } }\r\n"),
            ("nested", String(repeating: "[", count: 64) + String(repeating: "]", count: 64)),
            ("too-deep", String(repeating: "[", count: 65) + String(repeating: "]", count: 65)),
            ("order-utf16", "{\"\u{E000}\":1,\"\u{1F600}\":2,\"a\":3}"),
            ("duplicate", #"{"a":1,"a":2}"#),
            ("big", #"[9007199254740992, 1.5, 1e3, -0, 01]"#),
            ("surrogate", #"["\ud800","\udc00x"]"#),
            ("leaf-escaped", #"{"at":"2026-11-29T01:02:03Z","note":"tab\there\u0001","type":"record.ingested"}"#),
            ("leaf-non-ascii-name", #"{"at":"2026-11-29T01:02:03Z","名":"值","type":"x.y"}"#),
        ]
        return texts.map { ($0.0, Array($0.1.utf8)) }
            + SampleLedger.entries.enumerated().map { ("leaf-\($0.offset)", $0.element.leaf) }
            + [("leaf-bare", SampleLedger.bareLeaf)]
            + SampleLedger.entries.enumerated().map { ("content-\($0.offset)", Array($0.element.content.utf8)) }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)

    if let value = try? CanonicalJSON.decode(input) {
        let canonical: [UInt8]
        do {
            canonical = try CanonicalJSON.encode(value)
        } catch {
            fatalError("decode accepted a value that encode refuses: \(error)")
        }
        let again = try? CanonicalJSON.decode(canonical)
        require(again == value, "decode(encode(v)) != v")
        require((try? CanonicalJSON.encode(again!)) == canonical, "encode is not idempotent")
    }

    let reference = try? LedgerEvent(referenceCanonicalBytes: input)
    if let reference {
        require(reference.canonicalBytes == input, "reference accepted a leaf that is not its canonical bytes")
    }
    let fast = input.withUnsafeBufferPointer { CanonicalLeafReader.event(in: $0) }
    if let fast {
        require(reference == fast, "fast reader accepted a leaf the reference path refuses or reads otherwise")
        require(fast.canonicalBytes == input, "fast reader's event does not re-encode to the leaf")
    }
    if let type = input.withUnsafeBufferPointer({ CanonicalLeafReader.type(in: $0) }) {
        require(reference?.type == type, "type-only reader disagrees with the reference")
    }
    let viaDoor = try? LedgerEvent(canonicalBytes: input)
    require(viaDoor == reference, "LedgerEvent(canonicalBytes:) disagrees with the reference")
    let typeViaDoor = try? input.withUnsafeBufferPointer { try LedgerEvent.type(canonicalLeaf: $0) }
    require(typeViaDoor == reference?.type, "type(canonicalLeaf:) disagrees with the reference")
    return 0
}

/// The entry point SwiftPM links `main` to (CFuzzDriver.h): libFuzzer's driver on this target.
@_cdecl("FuzzJSON_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in data.map { fuzzJSON($0, size) } ?? 0 }
}
