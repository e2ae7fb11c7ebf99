import Foundation

/// What a verifiable draw is for (SPEC P7.3 双随机、一公开; R12, R13 案卷评查; docs/double-random.md).
public enum DrawPurpose: String, Codable, Sendable, CaseIterable {
    case randomInspection = "random-inspection"
    case caseReview = "case-review"

    public var chineseName: String {
        switch self {
        case .randomInspection: "“双随机、一公开”抽查"
        case .caseReview: "案卷评查抽样"
        }
    }
}

/// One entry of a pool: a stable `key` (an id, lowercased, or a USCC) the algorithm orders by, and
/// the `label` the portal shows (a name and a public number, never personal data).
public struct DrawPoolEntry: Codable, Hashable, Sendable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// A committed pool and how many entries to draw from it. A pool with `count` 0 is drawn from only
/// through an assignment (the officers of a 双随机 plan, two per drawn object).
public struct DrawPool: Codable, Hashable, Sendable {
    /// Unique within a draw; part of the random stream's label.
    public var name: String
    public var entries: [DrawPoolEntry]
    public var count: Int

    public init(name: String, entries: [DrawPoolEntry], count: Int) {
        self.name = name
        self.entries = entries
        self.count = count
    }

    /// The entries in the algorithm's order: by key, compared as UTF-8 bytes, so the order the pool
    /// was typed or imported in never matters.
    public var orderedEntries: [DrawPoolEntry] {
        entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }
}

/// "Draw `each` entries of pool `pool` for every entry drawn from pool `to`", skipping the pairs in
/// `exclusions`: two officers per drawn counterparty, never one recorded as related to it (P7.3).
public struct DrawAssignment: Codable, Hashable, Sendable {
    public var pool: String
    public var to: String
    public var each: Int
    public var exclusions: [DrawExclusion]

    public init(pool: String, to: String, each: Int, exclusions: [DrawExclusion]) {
        self.pool = pool
        self.to = to
        self.each = each
        self.exclusions = exclusions
    }
}

/// A pair that may not be drawn together: `entry` of the assigned pool, `target` of the drawn one.
public struct DrawExclusion: Codable, Hashable, Sendable {
    public var entry: String
    public var target: String

    public init(entry: String, target: String) {
        self.entry = entry
        self.target = target
    }
}

/// A party to the draw's randomness and the SHA-256 (lowercase hex) of the secret it will reveal
/// only after the commitment is on the ledger.
public struct DrawPartyCommitment: Codable, Hashable, Sendable {
    public var party: String
    public var secretSHA256: String

    public init(party: String, secretSHA256: String) {
        self.party = party
        self.secretSHA256 = secretSHA256
    }
}
