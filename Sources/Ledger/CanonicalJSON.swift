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
            out += Array("null".utf8)
        case .bool(let flag):
            out += Array((flag ? "true" : "false").utf8)
        case .integer(let n):
            out += Array(String(n).utf8)
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
            out.append(UInt8(ascii: "{"))
            let names = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (position, name) in names.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeString(name, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[name]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8785 §3.2.2.2: escape '"', '\\' and U+0000–U+001F (the five with short forms as
    /// \b \t \n \f \r, the rest as \u00xx with lowercase hex); everything else, '/' and
    /// non-ASCII included, is written as its UTF-8 bytes.
    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x00..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
