import Foundation
@testable import Ledger
import Testing

/// The one-pass leaf reader (`CanonicalLeafReader`) against its definition: a leaf is accepted
/// exactly when parsing, re-encoding and comparing accepts it (`init(referenceCanonicalBytes:)`),
/// and then gives the same event. Checked on generated events — names and strings with escapes,
/// non-ASCII, surrogate pairs, canonically equivalent spellings — and on non-canonical spellings
/// of them: reordered members, white space, needless or upper-case escapes, "\/", leading zeros,
/// "-0", fractions, and random byte damage. // SPEC X3
@Suite struct CanonicalLeafReaderTests {
    /// Every generated leaf is read by the fast path, to the event it came from.
    @Test func readsEveryCanonicalLeaf() throws {
        var random = SplitMix64(seed: 1)
        for _ in 0..<3000 {
            guard let event = Generator.event(&random) else { continue }
            let leaf = event.canonicalBytes
            #expect(leaf == (try CanonicalJSON.encode(event.jsonValue)), "direct writer differs from encode(jsonValue)")
            let fast = leaf.withUnsafeBufferPointer { CanonicalLeafReader.event(in: $0) }
            #expect(fast == event, "\(String(decoding: leaf, as: UTF8.self))")
            #expect(try LedgerEvent(referenceCanonicalBytes: leaf) == event)
            #expect(try LedgerEvent(canonicalBytes: leaf) == event)
            #expect(try LedgerEvent(canonicalBytes: Data(leaf)) == event)
            #expect(try LedgerEvent.typeOfCanonicalLeaf(leaf) == event.type)
            // The check-only mode gives up (nil) only at non-ASCII member names.
            let type = leaf.withUnsafeBufferPointer { CanonicalLeafReader.type(in: $0) }
            if Generator.namesAreASCII(event.jsonValue) {
                #expect(type == event.type, "\(String(decoding: leaf, as: UTF8.self))")
            } else {
                #expect(type == nil || type == event.type)
            }
        }
    }

    /// Non-canonical spellings of valid events, and damaged leaves: both paths agree on every one.
    @Test func agreesWithReencodingOnMutations() throws {
        var random = SplitMix64(seed: 2)
        var accepted = 0
        var refused = 0
        for _ in 0..<1500 {
            guard let event = Generator.event(&random) else { continue }
            var inputs = (0..<6).map { _ in Spelling.write(event.jsonValue, faults: 1, &random) }
            inputs.append(Spelling.write(event.jsonValue, faults: 0, &random))
            let leaf = event.canonicalBytes
            for _ in 0..<6 { inputs.append(Damage.apply(to: leaf, &random)) }
            for input in inputs {
                if try checkAgreement(input) { accepted += 1 } else { refused += 1 }
            }
        }
        // The generators really do produce both kinds.
        #expect(accepted > 1000)
        #expect(refused > 10000)
    }

    /// The cases named in the design, spelled out.
    @Test func handPickedLeaves() throws {
        let at = #""at":"2026-11-29T01:02:03Z""#
        let canonical = [
            #"{\#(at),"type":"x"}"#,
            #"{\#(at),"b":[],"c":{},"d":[1,-1,0,true,false,null,"s"],"type":"x"}"#,
            #"{\#(at),"m":-9007199254740991,"n":9007199254740991,"type":"x"}"#,
            #"{"\u001f":"\b\t\n\f\r\u0000\u001e\"\\/"# + "\u{7F}" + #"",\#(at),"type":"x"}"#,
            "{\"K\":1,\(at),\"type\":\"x\",\"é\":2,\"€\":3,\"😀\":4,\"\u{FB33}\":5}",
            "{\(at),\"s\":\"€ 😀 \u{FFFD} \u{E000}\",\"type\":\"x\"}",
        ]
        for text in canonical {
            let leaf = Array(text.utf8)
            #expect(try checkAgreement(leaf), "\(text)")
            #expect(leaf.withUnsafeBufferPointer { CanonicalLeafReader.event(in: $0) } != nil, "\(text)")
        }
        let notCanonical = [
            #"{"type":"x",\#(at)}"#,                                   // members out of order
            #"{\#(at), "type":"x"}"#,                                  // white space
            #"{\#(at),"type":"x"} "#,
            #" {\#(at),"type":"x"}"#,
            #"{\#(at),"type":"\u0078"}"#,                              // needless \u escape
            #"{\#(at),"s":"a\/b","type":"x"}"#,                        // "\/"
            #"{\#(at),"s":"\u001F","type":"x"}"#,                      // upper-case hex
            #"{\#(at),"s":"\u000a","type":"x"}"#,                      // \u where a short form exists
            #"{\#(at),"s":"\u00e9","type":"x"}"#,                      // non-ASCII escaped
            #"{\#(at),"s":"\ud83d\ude00","type":"x"}"#,                // surrogate pair escaped
            #"{\#(at),"n":01,"type":"x"}"#,                            // leading zero
            #"{\#(at),"n":-0,"type":"x"}"#,                            // minus zero
            #"{\#(at),"n":1.0,"type":"x"}"#,
            #"{\#(at),"n":1e2,"type":"x"}"#,
            #"{\#(at),"n":+1,"type":"x"}"#,
            #"{\#(at),"n":9007199254740992,"type":"x"}"#,
            #"{\#(at),"a":1,"a":2,"type":"x"}"#,                       // duplicate
            "{\"K\":1,\(at),\"type\":\"x\",\"\u{212A}\":2}",            // KELVIN SIGN == "K" as a String
            "{\(at),\"e\u{301}\":2,\"type\":\"x\",\"é\":1}",            // é precomposed and not
            "{\(at),\"type\":\"x\",\"\u{FB33}\":1,\"😀\":2}",           // UTF-16 order: 😀 first
            "{\(at),\"o\":{\"K\":1,\"\u{212A}\":2},\"type\":\"x\"}",     // the same, nested
            "{\(at),\"o\":[{\"e\u{301}\":2,\"é\":1}],\"type\":\"x\"}",
            "{\(at),\"o\":{\"\u{FB33}\":1,\"😀\":2},\"type\":\"x\"}",
            #"{\#(at),"o":{"b":1,"a":2},"type":"x"}"#,
            #"{\#(at),"o":{"a":1,"a":2},"type":"x"}"#,
            #"{\#(at),"o":{"a":1,},"type":"x"}"#,
            #"{\#(at),"o":[1,],"type":"x"}"#,
            #"{"":1,\#(at),"type":"x"}"#,                              // empty field name
            #"{\#(at),"type":"X"}"#,                                   // type rule
            #"{"at":"2026-02-30T01:02:03Z","type":"x"}"#,              // no such day
            #"{"at":"2026-11-29T01:02:03.5Z","type":"x"}"#,
            #"{\#(at)}"#, #"{"type":"x"}"#, "{}", "[]", "", "{",
            "{\(at),\"type\":\"x\",\"z\":\"tab\there\"}",                 // raw control character
            String(repeating: "[", count: 64) + String(repeating: "]", count: 64),
        ]
        for text in notCanonical {
            let leaf = Array(text.utf8)
            #expect(try !checkAgreement(leaf), "\(text)")
        }
        // Invalid UTF-8 inside a string, and a lone continuation byte.
        for bytes: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98], [0x80]] {
            let leaf = Array(#"{\#(at),"s":""#.utf8) + bytes + Array(#"","type":"x"}"#.utf8)
            #expect(try !checkAgreement(leaf))
        }
        // Nesting: 64 levels is the limit of the parser, and of the reader.
        let deep = { (levels: Int) in
            "{\(at),\"d\":" + String(repeating: "[", count: levels - 1) + String(repeating: "]", count: levels - 1) + ",\"type\":\"x\"}"
        }
        #expect(try checkAgreement(Array(deep(64).utf8)))
        #expect(try !checkAgreement(Array(deep(65).utf8)))
    }

    /// `CanonicalJSON.utf16Precedes` on UTF-8 is the order of `utf16` views.
    @Test func utf16OrderFromUTF8() {
        var random = SplitMix64(seed: 3)
        for _ in 0..<20000 {
            let a = Generator.string(&random, maxLength: 4)
            let b = random.next() % 4 == 0 ? a + Generator.string(&random, maxLength: 2) : Generator.string(&random, maxLength: 4)
            #expect(CanonicalJSON.utf16Precedes(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16), "\(a.unicodeScalars.map(\.value)) \(b.unicodeScalars.map(\.value))")
            #expect(CanonicalJSON.utf16Precedes(b, a) == b.utf16.lexicographicallyPrecedes(a.utf16))
        }
    }

    /// The hand-written timestamp formatting against Foundation's, and the parser round trip.
    @Test func timestampsAgreeWithFoundation() throws {
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        var random = SplitMix64(seed: 4)
        // Foundation's calendar is Julian before 1582; from 1583 on both are Gregorian.
        let from: Int64 = -12_212_553_600  // 1583-01-01
        let to: Int64 = 253_402_300_799    // 9999-12-31T23:59:59Z
        for _ in 0..<5000 {
            let seconds = from + Int64(random.next() % UInt64(to - from + 1))
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(try UTCTimestamp.format(date) == iso.string(from: date))
        }
        for _ in 0..<5000 {
            let seconds = -62_135_596_800 + Int64(random.next() % UInt64(to + 62_135_596_800 + 1))
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(try UTCTimestamp.parse(UTCTimestamp.format(date)) == date)
        }
    }

    /// `CanonicalJSON.decode` reads every valid spelling of a value back to that value.
    @Test func decodeReadsEverySpelling() throws {
        var random = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let value = Generator.value(&random, depth: 0)
            let text = Spelling.write(value, faults: 3, &random, validJSONOnly: true)
            #expect(try CanonicalJSON.decode(text) == value, "\(String(decoding: text, as: UTF8.self))")
        }
    }

    // MARK: Helpers

    /// Reads `leaf` every way and checks they agree with the reference; returns whether the
    /// reference accepted it.
    private func checkAgreement(_ leaf: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let reference = Result { try LedgerEvent(referenceCanonicalBytes: leaf) }
        let text = String(decoding: leaf, as: UTF8.self)
        let fast = leaf.withUnsafeBufferPointer { CanonicalLeafReader.event(in: $0) }
        let fastType = leaf.withUnsafeBufferPointer { CanonicalLeafReader.type(in: $0) }
        let viaInit = Result { try LedgerEvent(canonicalBytes: leaf) }
        let viaType = Result { try LedgerEvent.typeOfCanonicalLeaf(leaf) }
        switch reference {
        case .success(let event):
            #expect(fast == event, "fast path refused or differs: \(text)", sourceLocation: sourceLocation)
            #expect(fastType == nil || fastType == event.type, "\(text)", sourceLocation: sourceLocation)
            #expect(try viaInit.get() == event, sourceLocation: sourceLocation)
            #expect(try viaType.get() == event.type, sourceLocation: sourceLocation)
            #expect(event.canonicalBytes == leaf, sourceLocation: sourceLocation)
            return true
        case .failure(let error):
            #expect(fast == nil, "fast path accepted: \(text)", sourceLocation: sourceLocation)
            #expect(fastType == nil, "check-only path accepted: \(text)", sourceLocation: sourceLocation)
            // The refusal and its reason are the reference's.
            #expect(viaInit.error as? LedgerError == error as? LedgerError, "\(text)", sourceLocation: sourceLocation)
            #expect(viaType.error as? LedgerError == error as? LedgerError, "\(text)", sourceLocation: sourceLocation)
            return false
        }
    }
}

extension Result {
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A small deterministic generator, so that a failure can be reproduced from its seed.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random events and values, biased towards what makes canonical form hard.
private enum Generator {
    /// Pieces of strings: plain ASCII, what must be escaped, what must not be, non-ASCII across
    /// the UTF-8 lengths and the UTF-16 order trap (U+E000–U+FFFF against surrogate pairs), and
    /// canonically equivalent spellings.
    static let pieces: [String] = [
        "a", "b", "z", "A", "K", "0", "9", "-", "_", ".", " ", "/", "\"", "\\", "'",
        "\u{00}", "\u{01}", "\u{08}", "\u{09}", "\u{0A}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{1F}", "\u{7F}",
        "é", "e\u{301}", "ö", "\u{80}", "€", "\u{2028}", "中", "\u{E000}", "\u{FB01}", "\u{FB33}", "\u{FFFD}", "\u{FFFF}",
        "😀", "\u{10000}", "\u{10FFFF}", "\u{212A}", "\u{212B}", "Å",
    ]

    static func string(_ random: inout SplitMix64, maxLength: Int) -> String {
        let count = Int(random.next() % UInt64(maxLength + 1))
        return (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func name(_ random: inout SplitMix64) -> String {
        // Mostly ids like the real ones, sometimes anything.
        random.next() % 3 == 0 ? string(&random, maxLength: 3) : ["recordId", "unitId", "kind", "bytes", "contentSha256", "aa", "a", "b"][Int(random.next() % 8)]
    }

    static func integer(_ random: inout SplitMix64) -> Int64 {
        switch random.next() % 6 {
        case 0: return 0
        case 1: return JSONValue.maxSafeInteger
        case 2: return -JSONValue.maxSafeInteger
        case 3: return Int64(random.next() % 20) - 10
        default: return Int64(bitPattern: random.next()) % (JSONValue.maxSafeInteger + 1)
        }
    }

    static func value(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        switch random.next() % (depth < 3 ? 8 : 6) {
        case 0, 1: return .string(string(&random, maxLength: 6))
        case 2, 3: return .integer(integer(&random))
        case 4: return .bool(random.next() % 2 == 0)
        case 5: return .null
        case 6: return .array((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(random.next() % 4) { members[name(&random)] = value(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    static func event(_ random: inout SplitMix64) -> LedgerEvent? {
        let types = ["record.ingested", "x", "a1.b_c-d", "publication.withdrawn"]
        var fields: [String: JSONValue] = [:]
        for _ in 0..<Int(random.next() % 6) { fields[name(&random)] = value(&random, depth: 1) }
        let seconds = -62_135_596_800 + Double(random.next() % 315_537_897_600)
        // Refused events (an empty or reserved name) are simply skipped.
        return try? LedgerEvent(type: types[Int(random.next() % 4)], at: Date(timeIntervalSince1970: seconds), fields: fields)
    }

    static func namesAreASCII(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): members.allSatisfy { $0.key.utf8.allSatisfy { $0 < 0x80 } && namesAreASCII($0.value) }
        case .array(let elements): elements.allSatisfy(namesAreASCII)
        default: true
        }
    }
}

/// Writes a value as JSON, canonical except for `faults` randomly placed deviations.
private struct Spelling {
    var random: SplitMix64
    var faults: Int
    var validJSONOnly: Bool
    var out: [UInt8] = []

    static func write(_ value: JSONValue, faults: Int, _ random: inout SplitMix64, validJSONOnly: Bool = false) -> [UInt8] {
        var writer = Spelling(random: random, faults: faults, validJSONOnly: validJSONOnly)
        writer.write(value)
        random = writer.random
        return writer.out
    }

    /// Whether to deviate here: spends a fault with probability 1/8.
    private mutating func deviate() -> Bool {
        guard faults > 0, random.next() % 8 == 0 else { return false }
        faults -= 1
        return true
    }

    private mutating func space() {
        if deviate() { out += Array([" ", "\n", "\t", "\r", "  "][Int(random.next() % 5)].utf8) }
    }

    private mutating func write(_ value: JSONValue) {
        space()
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .integer(let n):
            if deviate() {
                let variants = validJSONOnly ? (n == 0 ? ["-0"] : ["\(n)"]) : ["0\(n)", "+\(n)", "\(n).0", "\(n)e0", n == 0 ? "-0" : "\(n)0", "\(n)E0"]
                out += Array(variants[Int(random.next() % UInt64(variants.count))].utf8)
            } else {
                out += Array(String(n).utf8)
            }
        case .string(let string): writeString(string)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { space(); out.append(UInt8(ascii: ",")) }
                write(element)
                space()
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            var names = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            if names.count > 1 && deviate() {
                let i = Int(random.next() % UInt64(names.count - 1))
                names.swapAt(i, i + 1)
            }
            out.append(UInt8(ascii: "{"))
            for (index, name) in names.enumerated() {
                if index > 0 { space(); out.append(UInt8(ascii: ",")) }
                space()
                writeString(name)
                space()
                out.append(UInt8(ascii: ":"))
                write(members[name]!)
                space()
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private mutating func writeString(_ string: String) {
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            let value = scalar.value
            if deviate() {
                // A valid but needless or differently written escape.
                if value == 0x2F {
                    out += Array(#"\/"#.utf8)
                } else if value >= 0x10000 {
                    let v = value - 0x10000
                    out += Array(String(format: "\\u%04x\\u%04X", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)).utf8)
                } else {
                    out += Array(String(format: random.next() % 2 == 0 ? "\\u%04x" : "\\u%04X", value).utf8)
                }
                continue
            }
            var one: [UInt8] = []
            CanonicalJSON.writeString(String(scalar), into: &one)
            out += one.dropFirst().dropLast()
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Random damage to a leaf: a byte changed, inserted or removed, or the leaf cut short.
private enum Damage {
    static let interesting: [UInt8] = Array(#" "\{}[],:/-0123456789.eEtfnuabcxz"#.utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xFF]

    static func apply(to leaf: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = leaf
        guard !bytes.isEmpty else { return bytes }
        let index = Int(random.next() % UInt64(bytes.count))
        let byte = interesting[Int(random.next() % UInt64(interesting.count))]
        switch random.next() % 4 {
        case 0: bytes[index] = byte
        case 1: bytes.insert(byte, at: index)
        case 2: bytes.remove(at: index)
        default: bytes.removeLast(bytes.count - index)
        }
        return bytes
    }
}
