import Foundation

/// One ledger entry's content: an event type, the time it happened and its fields, encoded as
/// RFC 8785 canonical JSON to make the leaf (ARCHITECTURE.md "The ledger"). // SPEC X3
///
/// The leaf is the JSON object `{"at": …, "type": …, <fields>…}`. Fields hold only opaque ids,
/// SHA-256 digests (lowercase hex), counts and the like — never names, ID numbers or other
/// personal data — because every leaf is public. This type cannot tell personal data from an id;
/// the code that builds events must not put any in.
///
/// `at` is kept to whole seconds (truncated) and written `YYYY-MM-DDTHH:MM:SSZ`, so that an event
/// read back from its leaf equals the event that was appended.
public struct LedgerEvent: Hashable, Sendable {
    /// Lowercase dotted name such as `record.ingested` or `publication.withdrawn`.
    public let type: String
    /// When it happened, whole seconds.
    public let at: Date
    /// The event's other members; may not use the names `type` or `at`.
    public let fields: [String: JSONValue]

    /// Checks the event rules: `type` is 1–100 characters of a–z, 0–9, '.', '_' and '-' starting
    /// with a letter (a fixed vocabulary documented in docs/ledger-format.md); field names are
    /// non-empty and not `type`/`at`; integers within ±(2^53 − 1); `at` within years 0001–9999.
    public init(type: String, at: Date, fields: [String: JSONValue] = [:]) throws {
        let typeBytes = Array(type.utf8)
        guard let first = typeBytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              typeBytes.count <= 100,
              typeBytes.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                  || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                  || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
            throw LedgerError.invalidEvent("type \"\(type)\" must be lowercase letters, digits, '.', '_' or '-', starting with a letter")
        }
        for name in fields.keys {
            guard !name.isEmpty else { throw LedgerError.invalidEvent("a field name is empty") }
            guard name != "type" && name != "at" else {
                throw LedgerError.invalidEvent("field name \"\(name)\" is reserved")
            }
        }
        do {
            try CanonicalJSON.validate(.object(fields))
        } catch let LedgerError.invalidJSON(reason) {
            throw LedgerError.invalidEvent(reason)
        }
        let truncated = UTCTimestamp.truncate(at)
        _ = try UTCTimestamp.format(truncated)
        self.type = type
        self.at = truncated
        self.fields = fields
    }

    /// Reads an event back from its leaf, refusing a leaf that is not exactly the canonical
    /// encoding of a valid event (so `canonicalBytes` of the result equals `bytes`).
    public init(canonicalBytes bytes: some Collection<UInt8>) throws {
        let input = Array(bytes)
        guard case .object(var members) = try CanonicalJSON.decode(input) else {
            throw LedgerError.invalidEvent("leaf is not a JSON object")
        }
        guard case .string(let type)? = members.removeValue(forKey: "type") else {
            throw LedgerError.invalidEvent("leaf has no string member \"type\"")
        }
        guard case .string(let atText)? = members.removeValue(forKey: "at") else {
            throw LedgerError.invalidEvent("leaf has no string member \"at\"")
        }
        try self.init(type: type, at: try UTCTimestamp.parse(atText), fields: members)
        guard canonicalBytes == input else {
            throw LedgerError.invalidEvent("leaf is not in RFC 8785 canonical form")
        }
    }

    /// The whole event as one JSON object.
    public var jsonValue: JSONValue {
        var members = fields
        members["type"] = .string(type)
        // Validated in init.
        members["at"] = .string((try? UTCTimestamp.format(at)) ?? "")
        return .object(members)
    }

    /// `at` as written in the leaf, e.g. `2026-11-29T01:02:03Z`.
    public var timestamp: String {
        (try? UTCTimestamp.format(at)) ?? ""
    }

    /// The leaf: the RFC 8785 canonical UTF-8 encoding of `jsonValue`.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        CanonicalJSON.write(jsonValue, into: &out)
        return out
    }

    /// SHA-256(0x00 ‖ leaf), the hash the tree is built from (RFC 9162 §2.1.1).
    public var leafHash: Hash {
        MerkleHash.leaf(canonicalBytes)
    }
}
