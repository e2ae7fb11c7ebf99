import FuzzSupport
@testable import Domain

// HTTP Range headers (ByteRangeHeader, read for the record content route's video seeking).
//
// Input: the representation's length — the first byte itself when below 0xF0 (small lengths,
// where the edges are), else the next 8 bytes little-endian — then the header's field lines,
// separated by '\n'.
// Properties: nothing crashes; a partial range is never empty and always inside 0..<length; the
// header value it is handed on as (`headerValue(for:)`) resolves to the same range; each answer
// is the one the parsed header calls for (malformed only when unparseable or last < first,
// unsatisfiable only for a single range starting at or past the end or a zero suffix, whole
// only without a bytes range, for several ranges or a suffix of nothing); numbers compare as
// their values.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked {
        let cases: [(String, UInt8, String)] = [
            ("first-last", 200, "bytes=100-199"),
            ("open", 200, "bytes=100-"),
            ("suffix", 200, "bytes=-50"),
            ("suffix-longer", 10, "bytes=-500"),
            ("last-past-end", 10, "bytes=0-10"),
            ("start-at-end", 10, "bytes=10-"),
            ("zero-suffix", 10, "bytes=-0"),
            ("empty-file", 0, "bytes=0-"),
            ("several", 200, "bytes=0-0, 5-9,\t,-1"),
            ("two-lines", 200, "bytes=0-1\nbytes=2-3"),
            ("unit-case", 200, "BYTES=1-2"),
            ("other-unit", 200, "items=1-2"),
            ("reversed", 200, "bytes=9-1"),
            ("huge", 200, "bytes=99999999999999999999999-999999999999999999999999"),
            ("ows", 200, " bytes=  1-2 ,"),
            ("garbage", 200, "bytes=1-2-3"),
        ]
        var seeds = cases.map { ($0.0, [$0.1] + Array($0.2.utf8)) }
        seeds.append(("large-length", [0xFF] + withUnsafeBytes(of: UInt64(10_000_000_000).littleEndian, Array.init)
            + Array("bytes=9999999999-".utf8)))
        return seeds
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRange(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    guard let first = input.first else { return 0 }
    var rest = input.dropFirst()
    var length = UInt64(first)
    if first >= 0xF0 {
        guard rest.count >= 8 else { return 0 }
        length = rest.prefix(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        rest = rest.dropFirst(8)
    }
    let lines = rest.isEmpty ? [] : rest.split(separator: 0x0A, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }

    let resolution = ByteRangeHeader.resolve(lines, length: length)
    let parsed = lines.isEmpty ? nil : ByteRangeHeader.parse(lines.joined(separator: ","))
    let specs: [ByteRangeHeader.Spec]? = if case .bytes(let specs) = parsed { specs } else { nil }
    let invalid = specs?.contains { if case .from(let a, let b?) = $0 { b < a } else { false } } ?? false

    switch resolution {
    case .partial(let range):
        require(!range.isEmpty && range.upperBound <= length, "range \(range) not inside 0..<\(length)")
        let handedOn = ByteRangeHeader.headerValue(for: range)
        require(ByteRangeHeader.resolve([handedOn], length: length) == .partial(range), "\(handedOn) does not resolve to \(range)")
        require(specs?.count == 1 && !invalid, "partial answer for \(String(describing: parsed))")
        if case .from(let a, _)? = specs?.first { require(range.lowerBound == a.value, "range does not start at first-pos") }
        if case .suffix(let n)? = specs?.first { require(range.count == min(n.clamped, length), "suffix length") }
    case .unsatisfiable:
        require(specs?.count == 1 && !invalid, "unsatisfiable for \(String(describing: parsed))")
        switch specs![0] {
        case .from(let a, _): require(a.clamped >= length, "unsatisfiable though it starts inside")
        case .suffix(let n): require(n.value == 0, "unsatisfiable suffix of \(n.digits)")
        }
        require(ByteRangeHeader.unsatisfiedContentRange(length: length) == "bytes */\(length)", "Content-Range")
    case .whole:
        if !lines.isEmpty {
            switch parsed {
            case .otherUnit?: break
            case .bytes(let specs)?:
                require(!invalid, "whole for an invalid range")
                if specs.count == 1 {
                    guard case .suffix = specs[0], length == 0 else { fatalError("whole for one satisfiable range") }
                }
            case nil: fatalError("whole for a malformed header")
            }
        }
    case .malformed:
        require(!lines.isEmpty && (parsed == nil || invalid), "malformed for \(String(describing: parsed))")
    }

    // Numbers: order and value agree where the value fits.
    if let specs {
        let numbers = specs.flatMap { spec -> [ByteRangeHeader.Number] in
            switch spec {
            case .from(let a, let b): [a] + (b.map { [$0] } ?? [])
            case .suffix(let n): [n]
            }
        }
        for (a, b) in zip(numbers, numbers.dropFirst()) {
            if let x = a.value, let y = b.value { require((a < b) == (x < y), "\(a.digits) < \(b.digits)") }
            require(a.digits.first != "0", "a number kept a leading zero")
            if a.digits.utf8.count > 20 { require(a.value == nil && a.clamped == .max, "a huge number has a value") }
        }
    }
    return 0
}

/// The entry point SwiftPM links `main` to (CFuzzDriver.h): libFuzzer's driver on this target.
@_cdecl("FuzzRange_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in data.map { fuzzRange($0, size) } ?? 0 }
}
