/// The HTTP `Range` request header for a record's content (RFC 9110 §14.1–14.2), so that a
/// player can seek in a video (SPEC R9.1): which bytes to send for a representation of `length`
/// bytes.
///
/// Read here by hand, as pure code a fuzzer can drive (docs/fuzzing.md), rather than left to
/// Vapor's `HTTPHeaders.range`, whose file responses took `bytes=0-<length>` as one byte more
/// than the file (a `Content-Length` the body never reaches), answered a range starting at the
/// end with an empty 206, refused a last position past the end that RFC 9110 §14.1.2 says to
/// clamp, and answered 400 rather than 416 for a range that starts past the end. The content
/// route passes Vapor only a range that this type has already fitted inside the file
/// (`headerValue(for:)`).
///
/// Grammar (RFC 9110 §14.1.1, §14.1.2): `Range = range-unit "=" range-set`, the unit a token
/// compared case-insensitively; `range-set = 1#range-spec`, elements separated by a comma with
/// optional spaces or tabs around it (and empty elements skipped, RFC 9110 §5.6.1);
/// `range-spec = first-pos "-" [ last-pos ] / "-" suffix-length`, each number one or more ASCII
/// digits. Numbers of any length are read; those beyond `UInt64` cannot be inside any file and
/// are compared as written.
public enum ByteRangeHeader {
    /// What to answer for a `Range` header and a representation length.
    public enum Resolution: Hashable, Sendable {
        /// 200 with the whole representation: no `Range`, a range unit other than `bytes` (which
        /// RFC 9110 §14.2 says to ignore), more than one range (no `multipart/byteranges`, as
        /// before), or a suffix range of an empty representation.
        case whole
        /// 206 with these bytes: never empty, always inside `0..<length`.
        case partial(Range<UInt64>)
        /// 416 with `Content-Range: bytes */<length>` (RFC 9110 §15.5.17): no byte of the range
        /// exists — it starts at or past the end, or is a suffix of length 0.
        case unsatisfiable
        /// 400: a `bytes` range that does not follow the grammar, or whose last position is
        /// before its first (an invalid range-spec, RFC 9110 §14.1.1).
        case malformed
    }

    /// One range-spec as written. Positions are kept as digit strings without leading zeros so
    /// that numbers too large for `UInt64` still compare correctly.
    public enum Spec: Hashable, Sendable {
        /// `first-pos "-" [ last-pos ]`.
        case from(first: Number, last: Number?)
        /// `"-" suffix-length`: the last `length` bytes.
        case suffix(length: Number)
    }

    /// A non-negative decimal number of any length.
    public struct Number: Hashable, Sendable, Comparable {
        /// The digits without leading zeros ("" for zero).
        public let digits: String

        /// The number from one or more ASCII digits, or nil for anything else.
        public init?(_ text: some StringProtocol) {
            self.init(utf8: Array(text.utf8)[...])
        }

        init?(utf8 text: ArraySlice<UInt8>) {
            guard !text.isEmpty, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            digits = String(decoding: text.drop { $0 == 0x30 }, as: UTF8.self)
        }

        /// The value, or nil when it does not fit in `UInt64`.
        public var value: UInt64? {
            digits.isEmpty ? 0 : UInt64(digits)
        }

        /// The value, with anything beyond `UInt64` as `UInt64.max` — which no file reaches, so
        /// it is as far past every end as the real number.
        public var clamped: UInt64 {
            value ?? .max
        }

        public static func < (a: Number, b: Number) -> Bool {
            a.digits.utf8.count != b.digits.utf8.count
                ? a.digits.utf8.count < b.digits.utf8.count
                : a.digits.utf8.lexicographicallyPrecedes(b.digits.utf8)
        }
    }

    /// A parsed header.
    public enum Parsed: Hashable, Sendable {
        /// `bytes=` and at least one range-spec.
        case bytes([Spec])
        /// Another range unit (lower-cased); its ranges are not looked at.
        case otherUnit(String)
    }

    /// Parses one `Range` field value; nil when it is malformed (no `=`, a unit that is not a
    /// token, or a `bytes` range-set that is empty or has an element that is not a range-spec).
    /// Read as bytes: the grammar is ASCII, and any other byte makes the value malformed.
    public static func parse(_ value: String) -> Parsed? {
        let bytes = Array(value.utf8)
        let text = trimmingWhitespace(bytes[...])
        guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let unit = text[..<equals]
        guard !unit.isEmpty, unit.allSatisfy(isTokenCharacter) else { return nil }
        let name = String(decoding: unit, as: UTF8.self).lowercased()
        guard name == "bytes" else { return .otherUnit(name) }
        var specs: [Spec] = []
        for element in text[(equals + 1)...].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let trimmed = trimmingWhitespace(element)
            if trimmed.isEmpty { continue }
            guard let spec = parseSpec(trimmed) else { return nil }
            specs.append(spec)
        }
        return specs.isEmpty ? nil : .bytes(specs)
    }

    /// What to send for the `Range` field lines `fieldValues` (none when the header is absent;
    /// several lines are one comma-separated list, RFC 9110 §5.3) of a representation of `length`
    /// bytes.
    public static func resolve(_ fieldValues: [String], length: UInt64) -> Resolution {
        guard !fieldValues.isEmpty else { return .whole }
        switch parse(fieldValues.joined(separator: ",")) {
        case nil:
            return .malformed
        case .otherUnit:
            return .whole
        case .bytes(let specs):
            // Every spec is checked, so that an invalid one is refused wherever it stands; more
            // than one range is then answered with the whole, as Vapor did.
            for case .from(let first, let last?) in specs where last < first { return .malformed }
            guard specs.count == 1 else { return .whole }
            return resolve(specs[0], length: length)
        }
    }

    /// The bytes of one valid range-spec in a representation of `length` bytes (RFC 9110
    /// §14.1.2): a last position past the end is the end; a suffix longer than the
    /// representation is all of it.
    public static func resolve(_ spec: Spec, length: UInt64) -> Resolution {
        switch spec {
        case .from(let first, let last):
            let start = first.clamped
            guard start < length else { return .unsatisfiable }
            let end = min(last?.clamped ?? (length - 1), length - 1)
            return .partial(start..<(end + 1))
        case .suffix(let count):
            guard count.clamped > 0 else { return .unsatisfiable }
            guard length > 0 else { return .whole }
            return .partial((length - min(count.clamped, length))..<length)
        }
    }

    /// `bytes=<first>-<last>` for a range inside the representation: the one form of the header
    /// that every reader, Vapor's included, takes the same way.
    public static func headerValue(for range: Range<UInt64>) -> String {
        "bytes=\(range.lowerBound)-\(range.upperBound - 1)"
    }

    /// `Content-Range` of a 416 answer: `bytes */<length>`.
    public static func unsatisfiedContentRange(length: UInt64) -> String {
        "bytes */\(length)"
    }

    private static func parseSpec(_ text: ArraySlice<UInt8>) -> Spec? {
        guard let dash = text.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let before = text[..<dash]
        let after = text[(dash + 1)...]
        if before.isEmpty {
            return Number(utf8: after).map { .suffix(length: $0) }
        }
        guard let first = Number(utf8: before) else { return nil }
        if after.isEmpty { return .from(first: first, last: nil) }
        guard let last = Number(utf8: after) else { return nil }
        return .from(first: first, last: last)
    }

    /// Without the spaces and tabs (OWS) at either end.
    private static func trimmingWhitespace(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isContent: (UInt8) -> Bool = { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard let first = text.firstIndex(where: isContent), let last = text.lastIndex(where: isContent) else {
            return []
        }
        return text[first...last]
    }

    /// RFC 9110 §5.6.2 tchar.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
