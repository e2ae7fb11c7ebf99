/// RFC 8785 JSON Canonicalization Scheme for ledger leaves.
///
/// A leaf is hashed as bytes, so one event must have exactly one encoding, or two honest
/// servers would log the same event under different hashes and a verifier re-encoding an event
/// could not reproduce its leaf. RFC 8785 fixes it: no white space, object members sorted by
/// the UTF-16 code units of their names (§3.2.3), strings escaped as ECMAScript
/// `JSON.stringify` does (§3.2.2.2), numbers as ECMAScript prints them — for our integers, plain
/// decimal digits with a leading '-' when negative. // SPEC X3
public enum CanonicalJSON {
    /// The canonical UTF-8 bytes of `value`; refuses integers outside ±(2^53 − 1).
    public static func encode(_ value: JSONValue) throws -> [UInt8] {
        try validate(value)
        var out: [UInt8] = []
        // A typical leaf is ~250 bytes: one allocation instead of a doubling series.
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    /// Parses JSON text (RFC 8259, white space allowed) into a `JSONValue`.
    ///
    /// Refuses what a ledger leaf may not hold: fractions and exponents, integers outside
    /// ±(2^53 − 1), duplicate member names, unpaired surrogates, invalid UTF-8, nesting deeper
    /// than 64. Whether the text was canonical is a separate question: compare `encode` of the
    /// result with the input.
    public static func decode(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes))
        return try parser.parseDocument()
    }

    /// Refuses integers that RFC 8785 numbers (IEEE 754 doubles) cannot hold exactly.
    static func validate(_ value: JSONValue) throws {
        switch value {
        case .integer(let n):
            guard n >= -JSONValue.maxSafeInteger && n <= JSONValue.maxSafeInteger else {
                throw LedgerError.invalidJSON("integer \(n) is outside ±(2^53 − 1)")
            }
        case .array(let elements):
            for element in elements { try validate(element) }
        case .object(let members):
            for member in members.values { try validate(member) }
        case .string, .bool, .null:
            break
        }
    }

    /// Writes an already validated value.
    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let n):
            writeInteger(n, into: &out)
        case .string(let string):
            writeString(string, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            writeObject(members.map { (name: $0.key, value: $0.value) }, into: &out)
        }
    }

    /// Writes an object from its (distinct) members in any order: sorts them by name as RFC 8785
    /// §3.2.3 requires. Takes an array rather than a dictionary so that `LedgerEvent` can add
    /// `at` and `type` to its fields without copying and rehashing a dictionary.
    static func writeObject(_ members: [(name: String, value: JSONValue)], into out: inout [UInt8]) {
        let sorted = members.sorted { utf16Precedes($0.name, $1.name) }
        out.append(UInt8(ascii: "{"))
        for (position, member) in sorted.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            writeString(member.name, into: &out)
            out.append(UInt8(ascii: ":"))
            write(member.value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// ECMAScript's decimal form of an integer: digits, '-' when negative, no leading zeros.
    /// Written digit by digit: `String(n)` plus an `Array` of its UTF-8 cost two allocations.
    static func writeInteger(_ n: Int64, into out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        var divisor: UInt64 = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
    }

    /// RFC 8785 §3.2.2.2: escape '"', '\\' and U+0000–U+001F (the five with short forms as
    /// \b \t \n \f \r, the rest as \u00xx with lowercase hex); everything else, '/' and
    /// non-ASCII included, is written as its UTF-8 bytes.
    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Most strings (ids, digests, names) need no escape at all: copy them in one go.
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                out.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x00..<0x20:
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 0xF))
                default:
                    out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Lowercase hex digit of a value 0–15.
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Whether `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3), the order of member
    /// names.
    ///
    /// Compares UTF-8 bytes instead of walking `utf16` views, which Swift's native UTF-8 strings
    /// can only produce by transcoding; see `utf16Precedes(_:_:)` on buffers for why that gives
    /// the same answer.
    static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in utf16Precedes(x, y) } }
    }

    /// Whether the valid UTF-8 `x` sorts before the valid UTF-8 `y` by UTF-16 code units.
    ///
    /// UTF-8 byte order is code point order. UTF-16 order differs from it in one case only: at
    /// the first code point where the strings differ, one is U+E000–U+FFFF (one unit E000–FFFF)
    /// and the other U+10000 or above (a surrogate pair, first unit D800–DBFF), and then the
    /// supplementary one comes first. Both strings share every byte before the first differing
    /// one, so that byte starts a code point in both or continues code points of the same
    /// length in both; as a first byte, U+E000–U+FFFF begin with EE or EF and U+10000 and above
    /// with F0–F4.
    static func utf16Precedes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        let shared = min(x.count, y.count)
        var index = 0
        while index < shared && x[index] == y[index] { index += 1 }
        guard index < shared else { return x.count < y.count }
        let (p, q) = (x[index], y[index])
        if p >= 0xEE && q >= 0xEE && (p >= 0xF0) != (q >= 0xF0) { return p >= 0xF0 }
        return p < q
    }
}
