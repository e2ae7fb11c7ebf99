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
        var typeText = type
        guard typeText.withUTF8(Self.isValidType) else {
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
        try UTCTimestamp.wholeSeconds(truncated)
        self.type = type
        self.at = truncated
        self.fields = fields
    }

    /// An event whose rules the caller has already checked (`CanonicalLeafReader`, which checks
    /// them on the leaf's bytes as it reads, more cheaply than this type's init could again).
    init(checkedType type: String, at: Date, fields: [String: JSONValue]) {
        self.type = type
        self.at = at
        self.fields = fields
    }

    /// The type rule on the type's UTF-8: 1–100 bytes of a–z, 0–9, '.', '_' and '-', starting
    /// with a letter. On contiguous bytes rather than `utf8`'s index-by-index iterator.
    static func isValidType(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              utf8.count <= 100 else { return false }
        return utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
            || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Reads an event back from its leaf, refusing a leaf that is not exactly the canonical
    /// encoding of a valid event (so `canonicalBytes` of the result equals `bytes`).
    ///
    /// A leaf that is canonical — every leaf the ledger wrote — is read in one pass by
    /// `CanonicalLeafReader`, which checks canonical form token by token instead of re-encoding:
    /// `lawtrail ledger verify` reads every leaf, and re-encoding cost far more than hashing it.
    /// Anything else goes through `init(referenceCanonicalBytes:)`, so a refusal and its reason are
    /// exactly those of parse, re-encode and compare.
    ///
    /// Inlinable so that the caller's collection type (`Data` from the database) is known where
    /// its bytes are borrowed: unspecialized, every call looked up generic metadata and took a
    /// dynamic exclusivity check inside `Data`, a tenth of the time of a canonical leaf.
    @inlinable
    public init(canonicalBytes bytes: some Collection<UInt8>) throws {
        self = try bytes.withContiguousStorageIfAvailable(LedgerEvent.read(canonicalLeaf:))
            ?? Array(bytes).withUnsafeBufferPointer(LedgerEvent.read(canonicalLeaf:))
    }

    /// `init(canonicalBytes:)` on borrowed bytes.
    @usableFromInline
    static func read(canonicalLeaf bytes: UnsafeBufferPointer<UInt8>) throws -> LedgerEvent {
        if let event = CanonicalLeafReader.event(in: bytes) { return event }
        return try LedgerEvent(referenceCanonicalBytes: Array(bytes))
    }

    /// The type of the event whose leaf is `bytes`: the same acceptance and refusals as
    /// `try LedgerEvent(canonicalBytes: bytes).type`, for a caller that needs only the type.
    ///
    /// For `lawtrail ledger verify`, which proves every leaf canonical: building the event's
    /// fields (a dictionary, a string per value) costs more than SHA-256 of the leaf, and the
    /// audit throws them away. A canonical leaf with ASCII member names is checked without any
    /// allocation; anything else is read as by `init(canonicalBytes:)`.
    @inlinable
    package static func typeOfCanonicalLeaf(_ bytes: some Collection<UInt8>) throws -> String {
        try bytes.withContiguousStorageIfAvailable(LedgerEvent.type(canonicalLeaf:))
            ?? Array(bytes).withUnsafeBufferPointer(LedgerEvent.type(canonicalLeaf:))
    }

    /// `typeOfCanonicalLeaf(_:)` on borrowed bytes.
    @usableFromInline
    static func type(canonicalLeaf bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        if let type = CanonicalLeafReader.type(in: bytes) { return type }
        return try read(canonicalLeaf: bytes).type
    }

    /// The definition of reading a leaf: parse it, take out `type` and `at`, check the event
    /// rules, and accept only if the event's canonical encoding is the leaf itself. Slower than
    /// `CanonicalLeafReader` but plainly right; the tests hold the two to the same answers.
    init(referenceCanonicalBytes input: [UInt8]) throws {
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
        // Written from the fields plus `at` and `type` directly: `jsonValue` would copy and
        // rehash the fields dictionary only to add two members.
        var members = fields.map { (name: $0.key, value: $0.value) }
        members.append((name: "at", value: .string(timestamp)))
        members.append((name: "type", value: .string(type)))
        var out: [UInt8] = []
        out.reserveCapacity(256)
        CanonicalJSON.writeObject(members, into: &out)
        return out
    }

    /// SHA-256(0x00 ‖ leaf), the hash the tree is built from (RFC 9162 §2.1.1).
    public var leafHash: Hash {
        MerkleHash.leaf(canonicalBytes)
    }
}
