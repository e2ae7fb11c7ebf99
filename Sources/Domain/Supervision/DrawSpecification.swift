import Crypto
import Foundation
import Ledger

/// Everything a draw is committed to before any randomness exists (SPEC P7.3; docs/double-random.md
/// "Commitment"): the pools, the assignments with their exclusions, the parties' secret digests and
/// the outside value, if any, that will be mixed in. Its RFC 8785 bytes are published; their SHA-256
/// is the commitment the ledger holds in `draw.committed`.
public struct DrawSpecification: Codable, Hashable, Sendable {
    public var purpose: DrawPurpose
    public var title: String
    public var pools: [DrawPool]
    public var assignments: [DrawAssignment]
    public var parties: [DrawPartyCommitment]
    /// Which public value will be mixed in, named before it exists (e.g. "2026年12月8日 福利彩票
    /// 3D 开奖号码"); nil when only the parties' secrets make the seed.
    public var publicValueSource: String?
    /// Free facts the draw is about (the 随机抽查事项's publication id, the unit, the share); part of
    /// the commitment, not of the algorithm.
    public var context: [String: String]

    public init(
        purpose: DrawPurpose, title: String, pools: [DrawPool], assignments: [DrawAssignment] = [],
        parties: [DrawPartyCommitment], publicValueSource: String? = nil, context: [String: String] = [:]
    ) {
        self.purpose = purpose
        self.title = title
        self.pools = pools
        self.assignments = assignments
        self.parties = parties
        self.publicValueSource = publicValueSource
        self.context = context
    }

    static let maxNameLength = 100
    static let maxKeyLength = 200

    /// Refuses what cannot be drawn fairly or at all: an empty pool, a count larger than its pool,
    /// nothing to draw, a drawn object with fewer eligible officers than it needs, fewer than two
    /// parties, a malformed secret digest.
    public func validate() throws(DrawError) {
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .titleMissing }
        if pools.isEmpty { throw .noPools }
        var names = Set<String>()
        for pool in pools {
            guard Self.isValidName(pool.name) else { throw .poolNameInvalid(pool.name) }
            guard names.insert(pool.name).inserted else { throw .poolNameRepeated(pool.name) }
            if pool.entries.isEmpty { throw .poolEmpty(pool.name) }
            var keys = Set<String>()
            for entry in pool.entries {
                let key = entry.key
                guard !key.isEmpty, key.count <= Self.maxKeyLength, key.trimmingCharacters(in: .whitespaces) == key else {
                    throw .entryKeyInvalid(pool: pool.name)
                }
                guard keys.insert(key).inserted else { throw .entryRepeated(pool: pool.name, key: key) }
            }
            guard (0...pool.entries.count).contains(pool.count) else {
                throw .countOutOfRange(pool: pool.name, count: pool.count, size: pool.entries.count)
            }
        }
        if !pools.contains(where: { $0.count > 0 }) { throw .nothingToDraw }
        for assignment in assignments {
            guard let assigned = pool(assignment.pool) else { throw .assignmentPoolUnknown(assignment.pool) }
            guard let targets = pool(assignment.to) else { throw .assignmentPoolUnknown(assignment.to) }
            guard assignment.each >= 1 else { throw .assignmentEachOutOfRange(assignment.each) }
            // Every entry of the target pool may be drawn, so each must leave enough eligible people.
            for target in targets.entries {
                let eligible = Self.eligible(assigned, for: target.key, in: assignment).count
                if eligible < assignment.each {
                    throw .tooFewEligible(target: target.label, eligible: eligible, needed: assignment.each)
                }
            }
        }
        guard parties.count >= 2 else { throw .tooFewParties }
        var partyNames = Set<String>()
        for party in parties {
            let name = party.party.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= Self.maxNameLength, name == party.party else { throw .partyNameInvalid }
            guard partyNames.insert(name).inserted else { throw .partyRepeated(name) }
            guard party.secretSHA256.count == 64, party.secretSHA256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .secretDigestInvalid(party: name)
            }
        }
    }

    public func pool(_ name: String) -> DrawPool? { pools.first { $0.name == name } }

    /// The entries of `assigned` that may go to `target`, in the algorithm's order.
    static func eligible(_ assigned: DrawPool, for target: String, in assignment: DrawAssignment) -> [DrawPoolEntry] {
        let excluded = Set(assignment.exclusions.lazy.filter { $0.target == target }.map(\.entry))
        return assigned.orderedEntries.filter { !excluded.contains($0.key) }
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= maxNameLength
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0)) }
    }

    /// The published form: RFC 8785 JSON with pools' entries in key order and exclusions sorted, so
    /// the same commitment always has the same bytes (docs/double-random.md "Commitment").
    public var canonicalContent: JSONValue {
        func entry(_ entry: DrawPoolEntry) -> JSONValue { ["key": .string(entry.key), "label": .string(entry.label)] }
        var object: [String: JSONValue] = [
            "algorithm": .string(VerifiableDraw.algorithm),
            "purpose": .string(purpose.rawValue),
            "title": .string(title),
            "pools": .array(pools.map { pool in
                ["name": .string(pool.name), "count": .integer(Int64(pool.count)), "entries": .array(pool.orderedEntries.map(entry))]
            }),
            "assignments": .array(assignments.map { assignment in
                let exclusions = assignment.exclusions
                    .sorted { Self.utf8Precedes(($0.target, $0.entry), ($1.target, $1.entry)) }
                return [
                    "pool": .string(assignment.pool), "to": .string(assignment.to), "each": .integer(Int64(assignment.each)),
                    "exclusions": .array(exclusions.map { ["entry": .string($0.entry), "target": .string($0.target)] }),
                ]
            }),
            "parties": .array(parties.map { ["party": .string($0.party), "secretSha256": .string($0.secretSHA256)] }),
            "context": .object(context.mapValues { .string($0) }),
        ]
        if let publicValueSource { object["publicValueSource"] = .string(publicValueSource) }
        return .object(object)
    }

    public func canonicalBytes() throws -> [UInt8] { try CanonicalJSON.encode(canonicalContent) }

    /// The commitment: lowercase hex SHA-256 of `canonicalBytes()`.
    public func commitment() throws -> String { Hash(SHA256.hash(data: try canonicalBytes())).hex }

    /// Reads a published specification back (for `lawtrail draw verify`): the canonical bytes of the
    /// result must equal the bytes read, so a re-ordered or padded file is noticed.
    public static func decode(_ bytes: [UInt8]) throws -> DrawSpecification {
        try JSONDecoder().decode(PublishedSpecification.self, from: Data(bytes)).specification
    }
}

extension DrawSpecification {
    /// Orders (target, entry) pairs by their UTF-8 bytes, as the published form does.
    static func utf8Precedes(_ a: (String, String), _ b: (String, String)) -> Bool {
        if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
        return a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
    }
}

/// The JSON names of the published specification (`canonicalContent`), for decoding.
private struct PublishedSpecification: Decodable {
    struct Pool: Decodable { let name: String; let count: Int; let entries: [DrawPoolEntry] }
    struct Assignment: Decodable { let pool: String; let to: String; let each: Int; let exclusions: [DrawExclusion] }
    struct Party: Decodable { let party: String; let secretSha256: String }
    let algorithm: String
    let purpose: DrawPurpose
    let title: String
    let pools: [Pool]
    let assignments: [Assignment]
    let parties: [Party]
    let publicValueSource: String?
    let context: [String: String]

    var specification: DrawSpecification {
        DrawSpecification(
            purpose: purpose, title: title,
            pools: pools.map { DrawPool(name: $0.name, entries: $0.entries, count: $0.count) },
            assignments: assignments.map { DrawAssignment(pool: $0.pool, to: $0.to, each: $0.each, exclusions: $0.exclusions) },
            parties: parties.map { DrawPartyCommitment(party: $0.party, secretSHA256: $0.secretSha256) },
            publicValueSource: publicValueSource, context: context)
    }
}
