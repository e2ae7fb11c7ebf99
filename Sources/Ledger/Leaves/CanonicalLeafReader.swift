import Foundation

/// Reads a ledger event from a leaf in one pass, accepting only a leaf that is already RFC 8785
/// canonical JSON — the fast path of `LedgerEvent(canonicalBytes:)`.
///
/// Why: `lawtrail ledger verify` reads back every leaf of the ledger to prove it is byte-exact
/// canonical JSON. Doing that by parsing into a `JSONValue`, re-encoding and comparing cost ~45×
/// the SHA-256 of the leaf. This reader instead checks, as it parses, that each token is exactly
/// what `CanonicalJSON.write` would write for the value it denotes:
/// - no white space anywhere;
/// - member names strictly increasing by UTF-16 code units (the order `write` sorts them in;
///   strictly, so no name repeats byte for byte);
/// - strings escape exactly '"', '\\' and U+0000–U+001F, with the short forms \b \t \n \f \r and
///   otherwise \u00xx in lowercase hex; no other escape ("\/", "\u0041", "\u00e9") and no
///   upper-case hex;
/// - integers without leading zeros, '+', "-0", fraction or exponent, within ±(2^53 − 1);
/// - `true`, `false`, `null` as they are.
/// An object, array and the whole leaf are their tokens put together with the punctuation `write`
/// uses, so when every token is canonical, `write` of the parsed value reproduces the input byte
/// for byte, and there is nothing left to re-encode or compare.
///
/// It is only a fast path: it answers `nil` whenever the leaf is not certainly the canonical
/// leaf of a valid event — malformed, not canonical, or merely unusual (a member name that
/// Swift's `String` equality, which is canonical equivalence, would confuse with `type` or `at`)
/// — and the caller then runs the full parse, re-encode and compare, which gives the precise
/// refusal. A wrong `nil` costs time, never correctness; a wrong acceptance is what
/// `CanonicalLeafReaderTests` checks for, comparing this reader with the full path on generated
/// events and their non-canonical mutations.
///
/// Building the event (a dictionary, a `String` per value, hashing every name) costs more than
/// the checks, so there is a second mode that only checks and keeps the type: what the audit
/// needs. It allocates nothing, and so it cannot tell apart member names that differ in bytes
/// but are equal as `String`s (the full parser refuses those as duplicates); it answers `nil`
/// at the first non-ASCII name, for which this could arise. ASCII names are equal as `String`s
/// exactly when their bytes are, so strictly ordered ASCII names are distinct.
struct CanonicalLeafReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Whether values are built (`event(in:)`) or only checked (`type(in:)`).
    private let building: Bool
    private var position = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, building: Bool) {
        self.bytes = bytes
        self.building = building
    }

    /// The event whose canonical leaf is exactly `bytes`, or `nil` if that is not certain.
    static func event(in bytes: UnsafeBufferPointer<UInt8>) -> LedgerEvent? {
        var reader = CanonicalLeafReader(bytes: bytes, building: true)
        guard let (type, at, fields) = reader.readEvent() else { return nil }
        return LedgerEvent(checkedType: type, at: at, fields: fields)
    }

    /// The type of the event whose canonical leaf is exactly `bytes`, or `nil` if that is not
    /// certain; builds nothing else.
    static func type(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var reader = CanonicalLeafReader(bytes: bytes, building: false)
        return reader.readEvent()?.type
    }

    // MARK: The leaf

    /// The event's parts; `fields` stays empty when not `building`.
    private mutating func readEvent() -> (type: String, at: Date, fields: [String: JSONValue])? {
        guard take(UInt8(ascii: "{")) else { return nil }
        depth = 1
        var type: String?
        var at: Date?
        // Room for the usual handful of fields (at most 6 in today's events) from the start:
        // growing a dictionary 1, 2, 4, 8 rehashes every key each time, which cost as much as
        // the rest of the leaf; a larger table costs more to allocate and free.
        var fields = building ? [String: JSONValue](minimumCapacity: 6) : [:]
        var previousName: Token?
        repeat {
            guard let name = readName(), take(UInt8(ascii: ":")) else { return nil }
            if let previousName, !precedes(previousName, name) { return nil }
            previousName = name
            let member = memberKind(name)
            if member == .type {
                // The type rule: the text is the type itself, since no character it allows is
                // ever escaped.
                guard type == nil, let value = readString(), !value.escaped,
                      LedgerEvent.isValidType(slice(value.raw)) else { return nil }
                type = string(value)
            } else if member == .at {
                // The time rule: four-digit years are 0001–9999, and the time is whole seconds.
                guard at == nil, let value = readString(), !value.escaped,
                      case .date(let date) = UTCTimestamp.parse(utf8: slice(value.raw)) else {
                    return nil
                }
                at = date
            } else {
                // The field name rules: not empty (an escape is never empty), and not `type` or
                // `at` (the branches above). Integers were range-checked as read. Names are
                // strictly ordered, hence distinct as bytes, but `String` equality is canonical
                // equivalence: "é" precomposed or not is one key, which the full parser refuses
                // as a duplicate.
                guard member == .field, !name.raw.isEmpty, let value = readValue() else { return nil }
                if building {
                    guard fields.updateValue(value, forKey: string(name)) == nil else { return nil }
                }
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), position == bytes.count, let type, let at else { return nil }
        return (type, at, fields)
    }

    private enum MemberKind { case type, at, field, unsure }

    /// Which member of the event a top-level name is, as the full path's dictionary would see it.
    private func memberKind(_ name: Token) -> MemberKind {
        if name.isASCII {
            // Two ASCII strings are equal as `String`s exactly when their bytes are, and the
            // text of "type" or "at" has no escape.
            let text = slice(name.raw)
            if Self.equal(text, "type") { return .type }
            if Self.equal(text, "at") { return .at }
            return .field
        }
        // `String` equality is canonical equivalence (U+212A KELVIN SIGN equals "K"), so a
        // non-ASCII name equal to "type" or "at" would be taken for that member by the full
        // path and written back in ASCII: not this leaf. Left to the full path to refuse.
        let value = string(name)
        return value == "type" || value == "at" ? .unsure : .field
    }

    // MARK: Values

    /// A value; when not `building`, only checked, and what is returned is a placeholder.
    private mutating func readValue() -> JSONValue? {
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""): return readString().map { building ? .string(string($0)) : .null }
        case UInt8(ascii: "{"): return readObject()
        case UInt8(ascii: "["): return readArray()
        case UInt8(ascii: "t"): return take("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return take("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return take("null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return readInteger()
        default: return nil
        }
    }

    /// Counts one more level of nesting; the full parser refuses more than `JSONParser.maxDepth`.
    private mutating func enter() -> Bool {
        depth += 1
        return depth <= JSONParser.maxDepth
    }

    private mutating func readObject() -> JSONValue? {
        guard enter() else { return nil }
        defer { depth -= 1 }
        position += 1
        var members: [String: JSONValue] = [:]
        if take(UInt8(ascii: "}")) { return .object(members) }
        var previousName: Token?
        repeat {
            guard let name = readName(), take(UInt8(ascii: ":")), let value = readValue() else { return nil }
            if let previousName, !precedes(previousName, name) { return nil }
            previousName = name
            if building {
                guard members.updateValue(value, forKey: string(name)) == nil else { return nil }
            }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? .object(members) : nil
    }

    private mutating func readArray() -> JSONValue? {
        guard enter() else { return nil }
        defer { depth -= 1 }
        position += 1
        var elements: [JSONValue] = []
        if take(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            guard let element = readValue() else { return nil }
            if building { elements.append(element) }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? .array(elements) : nil
    }

    /// `-?(0|[1-9][0-9]*)` within ±(2^53 − 1), but not "-0" (which `write` prints as "0").
    private mutating func readInteger() -> JSONValue? {
        let negative = take(UInt8(ascii: "-"))
        let start = position
        var magnitude: Int64 = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            // 2^53 − 1 has 16 digits; stopping at 17 keeps the sum far from overflowing.
            guard position - start < 16 else { return nil }
            magnitude = magnitude * 10 + Int64(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        let count = position - start
        guard count > 0, magnitude <= JSONValue.maxSafeInteger else { return nil }
        // A leading zero is only canonical as the whole of "0".
        if bytes[start] == UInt8(ascii: "0") && (count > 1 || negative) { return nil }
        // ".5" or "e3" after the digits is refused by the caller, which expects ',', '}' or ']'.
        return .integer(negative ? -magnitude : magnitude)
    }

    // MARK: Strings

    /// A string read from the leaf: where its text (between the quotes) is.
    private struct Token {
        var raw: Range<Int>
        /// Whether the text holds an escape, i.e. differs from the value's UTF-8.
        var escaped: Bool
        var isASCII: Bool
    }

    /// A string in canonical form, the opening quote at `position`; its text is valid UTF-8.
    private mutating func readString() -> Token? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        // A local index: `position` is a stored property of `self`, kept in memory, and every
        // byte load waited for the store before it.
        var index = start
        var bits: UInt8 = 0
        var escaped = false
        while true {
            index = skipPlainBytes(from: index)
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let token = Token(raw: start..<index, escaped: escaped, isASCII: bits < 0x80)
                position = index + 1
                // Decoding replaces ill-formed UTF-8 with U+FFFD, so it must give back the text
                // itself. The escapes are ASCII and cannot split a multi-byte sequence, so
                // checking the text checks the value too.
                if !token.isASCII {
                    let text = slice(token.raw)
                    var decoded = String(decoding: text, as: UTF8.self)
                    guard decoded.withUTF8({ $0.elementsEqual(text) }) else { return nil }
                }
                return token
            case UInt8(ascii: "\\"):
                guard let next = canonicalEscapeEnd(at: index) else { return nil }
                index = next
                escaped = true
            case 0x00..<0x20:
                return nil  // must be escaped
            default:
                bits |= byte
                index += 1
            }
        }
    }

    /// A member name: a string, and ASCII unless `building` (see the type's comment).
    private mutating func readName() -> Token? {
        guard let name = readString(), building || name.isASCII else { return nil }
        return name
    }

    /// The value of a string read by `readString`.
    private func string(_ token: Token) -> String {
        let text = slice(token.raw)
        return token.escaped ? String(decoding: Self.unescape(text), as: UTF8.self) : String(decoding: text, as: UTF8.self)
    }

    /// Skips string text that needs no attention — no '"', '\\', control character or
    /// non-ASCII byte — eight bytes at a time from `index`, to the first byte that does (or to
    /// near the end). Ids and digests are long runs of such bytes; a byte loop was most of the
    /// scan.
    private func skipPlainBytes(from index: Int) -> Int {
        guard let base = bytes.baseAddress else { return index }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = index
        while bytes.count - index >= 8 {
            // Little-endian order: the first byte in memory is the lowest.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // (x − 0x01…01·n) & ~x & 0x80…80 flags the bytes of x below n (n ≤ 0x80). A borrow
            // only carries upwards from a byte that is below n, so the lowest flag is exact,
            // and that is the only one used.
            func below(_ n: UInt64, _ x: UInt64) -> UInt64 { (x &- ones &* n) & ~x & highs }
            let flags = word & highs                       // non-ASCII
                | below(0x20, word)                        // control characters
                | below(0x01, word ^ (ones &* 0x22))       // '"' (a zero byte after xor)
                | below(0x01, word ^ (ones &* 0x5C))       // '\\'
            if flags != 0 {
                return index + flags.trailingZeroBitCount / 8
            }
            index += 8
        }
        return index
    }

    /// The end of the escape at `index` if it is one `CanonicalJSON.writeString` writes.
    private func canonicalEscapeEnd(at index: Int) -> Int? {
        guard bytes.count - index >= 2 else { return nil }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "t"),
             UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"):
            return index + 2
        case UInt8(ascii: "u"):
            // Only \u0000–\u001f, lowercase, and not the five with a short form.
            guard bytes.count - index >= 6, bytes[index + 2] == UInt8(ascii: "0"),
                  bytes[index + 3] == UInt8(ascii: "0"),
                  let high = Self.lowercaseHex(bytes[index + 4]), high < 2,
                  let low = Self.lowercaseHex(bytes[index + 5]) else {
                return nil
            }
            switch high << 4 | low {
            case 0x08, 0x09, 0x0A, 0x0C, 0x0D: return nil
            default: return index + 6
            }
        default:
            return nil
        }
    }

    private static func lowercaseHex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The UTF-8 of a string's text whose escapes `canonicalEscapeEnd` accepted.
    private static func unescape(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            guard text[index] == UInt8(ascii: "\\") else {
                out.append(text[index])
                index += 1
                continue
            }
            switch text[index + 1] {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "u"):
                out.append(lowercaseHex(text[index + 4])! << 4 | lowercaseHex(text[index + 5])!)
                index += 4
            default: out.append(text[index + 1])  // '"' or '\\'
            }
            index += 2
        }
        return out
    }

    /// Whether member `a` sorts strictly before member `b` (RFC 8785 §3.2.3). Without escapes
    /// the text is the value's UTF-8 and is compared in place.
    private func precedes(_ a: Token, _ b: Token) -> Bool {
        if !a.escaped && !b.escaped {
            return CanonicalJSON.utf16Precedes(slice(a.raw), slice(b.raw))
        }
        return CanonicalJSON.utf16Precedes(string(a), string(b))
    }

    // MARK: Bytes

    private func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// Steps over `byte` if it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Steps over `literal` if it is next.
    private mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count, Self.equal(slice(position..<(position + count)), literal) else {
            return false
        }
        position += count
        return true
    }

    /// Whether `text` is the UTF-8 of `literal`; compared as two buffers (a `String.UTF8View`
    /// is walked index by index, slowly).
    private static func equal(_ text: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        text.count == literal.utf8CodeUnitCount
            && text.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
