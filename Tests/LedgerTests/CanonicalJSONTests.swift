import Foundation
import Ledger
import Testing

/// RFC 8785 canonical JSON, with the RFC's own examples where they fit our value set.
@Suite struct CanonicalJSONTests {
    func text(_ value: JSONValue) throws -> String {
        String(decoding: try CanonicalJSON.encode(value), as: UTF8.self)
    }

    /// RFC 8785 §3.2.2.2 string example: "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/".
    @Test func rfcStringExample() throws {
        let input = #""\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/""#
        let value = try CanonicalJSON.decode(Array(input.utf8))
        #expect(try text(value) == #""€$\u000f\nA'B\"\\\\\"/""#)
    }

    /// RFC 8785 §3.2.2.2 literals example.
    @Test func rfcLiteralsExample() throws {
        let value = try CanonicalJSON.decode(Array(#"[null, true, false]"#.utf8))
        #expect(try text(value) == "[null,true,false]")
    }

    /// RFC 8785 §3.2.3 sorting example: names compare by UTF-16 code units, so U+1F600 (as the
    /// surrogates D83D DE00) sorts before U+FB33, although its scalar value is larger.
    @Test func rfcSortingExample() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let value = try CanonicalJSON.decode(Array(input.utf8))
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
            + "\"😀\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try text(value) == expected)
    }

    @Test func utf16OrderIsNotScalarOrder() throws {
        // U+FB01 < U+1F600 as scalars, but D83D (first unit of U+1F600) < FB01 in UTF-16.
        let value: JSONValue = ["\u{FB01}": 1, "\u{1F600}": 2, "a": 3, "Z": 4, "aa": 5, "": 6]
        #expect(try text(value) == "{\"\":6,\"Z\":4,\"a\":3,\"aa\":5,\"😀\":2,\"ﬁ\":1}")
        #expect("\u{FB01}".unicodeScalars.first!.value < "\u{1F600}".unicodeScalars.first!.value)
    }

    @Test func escaping() throws {
        let all = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        #expect(try text(.string(all)) == "\""
            + #"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
            + "\"")
        #expect(try text(.string("a/b \"q\" \\ \u{7F} \u{2028} 中文 😀")) == "\"a/b \\\"q\\\" \\\\ \u{7F} \u{2028} 中文 😀\"")
    }

    @Test func integersAndNesting() throws {
        #expect(try text([0, -1, 42, .integer(JSONValue.maxSafeInteger), .integer(-JSONValue.maxSafeInteger)])
                == "[0,-1,42,9007199254740991,-9007199254740991]")
        #expect(throws: LedgerError.self) { try CanonicalJSON.encode(.integer(JSONValue.maxSafeInteger + 1)) }
        #expect(throws: LedgerError.self) { try CanonicalJSON.encode(["x": [.integer(Int64.min)]]) }
        #expect(try text(["b": ["y": [], "x": [:]], "a": nil]) == #"{"a":null,"b":{"x":{},"y":[]}}"#)
    }

    @Test func sameValueSameBytesWhateverTheInsertionOrder() throws {
        var forward: [String: JSONValue] = [:]
        var backward: [String: JSONValue] = [:]
        let keys = (0..<50).map { "key\($0)" }
        for key in keys { forward[key] = .string(key) }
        for key in keys.reversed() { backward[key] = .string(key) }
        #expect(try CanonicalJSON.encode(.object(forward)) == CanonicalJSON.encode(.object(backward)))
        // Re-encoding parsed canonical output is the identity.
        let bytes = try CanonicalJSON.encode(.object(forward))
        #expect(try CanonicalJSON.encode(CanonicalJSON.decode(bytes)) == bytes)
    }

    @Test func decodeRefusals() {
        let cases = [
            "1.5", "1e3", "-0.0", "01", "+1", "9007199254740992", "{\"a\":1,\"a\":2}", "[1,]", "{\"a\" 1}",
            "\"\\ud800\"", "\"\\udc00x\"", "\"tab\there\"", "\"\\x\"", "nul", "[1] 2", "", "\"open",
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
        ]
        for input in cases {
            #expect(throws: LedgerError.self, "\(input)") { try CanonicalJSON.decode(Array(input.utf8)) }
        }
        #expect(throws: LedgerError.self) { try CanonicalJSON.decode([0x22, 0xFF, 0x22]) }
    }
}
