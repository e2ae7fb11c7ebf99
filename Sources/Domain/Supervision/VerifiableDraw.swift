import Crypto
import Foundation
import Ledger

/// The draw algorithm, version `lawtrail-draw-v1` (SPEC P7.3; docs/double-random.md specifies it for
/// reimplementation, `scripts/draw-verify.py` is a second implementation checked in CI):
///
/// 1. seed = SHA-256 of the RFC 8785 JSON `{"algorithm", "commitment", "secrets", "publicValue"}`,
///    the secrets in the committed party order, `publicValue` "" when none was committed to;
/// 2. a random stream per label: block k = SHA-256(seed ‖ UTF-8(label) ‖ 0x00 ‖ k as 8 bytes
///    big-endian), read as big-endian 64-bit words, four per block;
/// 3. a uniform number below n by rejection: take words until one is below 2^64 − (2^64 mod n),
///    answer it mod n;
/// 4. partial Fisher–Yates over the pool in key order: for i in 0..<count, j = i + uniform(N − i),
///    swap; the first `count` positions, in that order, are the drawn entries (label `pool:<name>`);
/// 5. each assignment, for each drawn target in draw order, draws `each` of the target's eligible
///    entries the same way (label `assign:<pool>:<target key>`).
public enum VerifiableDraw {
    public static let algorithm = "lawtrail-draw-v1"

    /// The seed; every input fixed before it exists: the commitment is on the ledger before any
    /// secret is revealed, and the public value's source is named in the commitment.
    public static func seed(commitment: String, secrets: [String], publicValue: String?) throws -> [UInt8] {
        let input: JSONValue = [
            "algorithm": .string(algorithm), "commitment": .string(commitment),
            "secrets": .array(secrets.map { .string($0) }), "publicValue": .string(publicValue ?? ""),
        ]
        return Array(SHA256.hash(data: try CanonicalJSON.encode(input)))
    }

    /// `count` distinct positions below `poolSize`, in draw order.
    public static func select(count: Int, from poolSize: Int, seed: [UInt8], label: String) -> [Int] {
        precondition(count >= 0 && count <= poolSize, "count must be within the pool")
        var stream = RandomStream(seed: seed, label: label)
        var positions = Array(0..<poolSize)
        for i in 0..<count {
            let j = i + stream.uniform(below: poolSize - i)
            positions.swapAt(i, j)
        }
        return Array(positions.prefix(count))
    }

    /// Runs a validated specification with the revealed secrets (in party order).
    public static func run(_ specification: DrawSpecification, secrets: [String], publicValue: String?) throws -> DrawOutcome {
        let commitment = try specification.commitment()
        let seed = try seed(commitment: commitment, secrets: secrets, publicValue: publicValue)
        var selected: [String: [DrawPoolEntry]] = [:]
        for pool in specification.pools where pool.count > 0 {
            let ordered = pool.orderedEntries
            selected[pool.name] = select(count: pool.count, from: ordered.count, seed: seed, label: "pool:\(pool.name)")
                .map { ordered[$0] }
        }
        var assigned: [String: [String: [DrawPoolEntry]]] = [:]
        for assignment in specification.assignments {
            guard let pool = specification.pool(assignment.pool) else { continue }
            var perTarget: [String: [DrawPoolEntry]] = [:]
            for target in selected[assignment.to] ?? [] {
                let eligible = DrawSpecification.eligible(pool, for: target.key, in: assignment)
                perTarget[target.key] = select(
                    count: assignment.each, from: eligible.count, seed: seed, label: "assign:\(assignment.pool):\(target.key)")
                    .map { eligible[$0] }
            }
            assigned[assignment.pool] = perTarget
        }
        return DrawOutcome(commitment: commitment, seed: try Hash(bytes: seed).hex, selected: selected, assigned: assigned)
    }

    /// Whether `secret` is what `party` committed to. Lengths count Unicode scalars (code points),
    /// as the browser's helper does: fewer than 8 could be found from the digest by trying them
    /// all; more than 200 is not a secret someone types.
    public static func checkReveal(_ secret: String, against party: DrawPartyCommitment) throws(DrawError) {
        guard secret.unicodeScalars.count >= 8 else { throw .secretTooShort }
        guard secret.unicodeScalars.count <= 200 else { throw .secretTooLong }
        guard Hash(SHA256.hash(data: Data(secret.utf8))).hex == party.secretSHA256 else {
            throw .secretMismatch(party: party.party)
        }
    }

    /// No single person controls the randomness (issue 15 item 1): one account reveals at most one
    /// party's secret, so a draw with two parties needs two people, whoever typed the digests.
    public static func checkRevealer(_ account: UUID, earlierRevealers: [UUID]) throws(DrawError) {
        if earlierRevealers.contains(account) { throw .sameRevealer }
    }

    /// The SHA-256 a party commits to for `secret` (what the commit form computes in the browser).
    public static func secretDigest(_ secret: String) -> String { Hash(SHA256.hash(data: Data(secret.utf8))).hex }
}

/// What a draw chose: per pool, the drawn entries in draw order; per assignment pool, each drawn
/// target's assigned entries.
public struct DrawOutcome: Hashable, Sendable {
    public let commitment: String
    public let seed: String
    public let selected: [String: [DrawPoolEntry]]
    public let assigned: [String: [String: [DrawPoolEntry]]]

    public init(commitment: String, seed: String, selected: [String: [DrawPoolEntry]], assigned: [String: [String: [DrawPoolEntry]]]) {
        self.commitment = commitment
        self.seed = seed
        self.selected = selected
        self.assigned = assigned
    }

    /// One drawn entry as people read the result: its place in the draw order (from 1) and the
    /// entries assigned to it (the two officers of a 双随机 inspection).
    public struct Drawn: Hashable, Sendable {
        public let position: Int
        public let entry: DrawPoolEntry
        public let assigned: [DrawPoolEntry]
    }

    /// Every drawn entry, pool by pool in the specification's order, each in draw order.
    public func drawn(in specification: DrawSpecification) -> [Drawn] {
        specification.pools.filter { $0.count > 0 }.flatMap { pool in
            (selected[pool.name] ?? []).enumerated().map { position, entry in
                Drawn(position: position + 1, entry: entry,
                      assigned: specification.assignments.flatMap { assigned[$0.pool]?[entry.key] ?? [] })
            }
        }
    }

    /// The published result (keys only; labels are in the specification).
    public var canonicalContent: JSONValue {
        [
            "algorithm": .string(VerifiableDraw.algorithm),
            "commitment": .string(commitment),
            "seed": .string(seed),
            "selected": .object(selected.mapValues { .array($0.map { .string($0.key) }) }),
            "assigned": .object(assigned.mapValues { perTarget in .object(perTarget.mapValues { .array($0.map { .string($0.key) }) }) }),
        ]
    }
}

/// The keyed SHA-256 stream of step 2 and the rejection sampling of step 3.
struct RandomStream {
    let prefix: [UInt8]
    var block: [UInt8] = []
    var counter: UInt64 = 0
    var offset = 32

    init(seed: [UInt8], label: String) {
        prefix = seed + Array(label.utf8) + [0]
    }

    mutating func nextWord() -> UInt64 {
        if offset == 32 {
            var input = prefix
            withUnsafeBytes(of: counter.bigEndian) { input.append(contentsOf: $0) }
            block = Array(SHA256.hash(data: input))
            counter += 1
            offset = 0
        }
        let word = block[offset..<offset + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        offset += 8
        return word
    }

    /// Uniform in 0..<n, n ≥ 1.
    mutating func uniform(below n: Int) -> Int {
        let n = UInt64(n)
        // 2^64 mod n, computed without 2^64: (2^64 − n) mod n.
        let remainder = (0 &- n) % n
        while true {
            let word = nextWord()
            if remainder == 0 || word < 0 &- remainder { return Int(word % n) }
        }
    }
}
