import Foundation

/// What the officers showed and told the counterparty during an on-site act (事中公示, SPEC P6).
///
/// The bureau's rule (公示办法 六) requires officers to show their certificates, issue the
/// enforcement documents, and tell the counterparty the reason and legal basis of the act, the rights
/// to state a case, defend, ask for a hearing and ask for recusal, and the duty to cooperate. The
/// record of each on-site act keeps which of these were done, so that a missing one is a finding
/// (`ComplianceCheck`, SPEC R14).
public struct DisclosureChecklist: Hashable, Sendable, Codable {
    /// A right the counterparty must be told of (依法应告知的事项, SPEC P6).
    public enum Right: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
        case statement = "statement"   // 陈述
        case defence = "defence"       // 申辩
        case hearing = "hearing"       // 听证
        case recusal = "recusal"       // 回避

        public var chineseName: String {
            switch self {
            case .statement: "陈述"
            case .defence: "申辩"
            case .hearing: "听证"
            case .recusal: "回避"
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// One thing that must be told (告知事项): the unit a `rightsNotTold` finding is about.
    public enum Item: Hashable, Sendable, Comparable, CustomStringConvertible {
        case reason             // 执法事由
        case legalBasis         // 执法依据
        case right(Right)       // 陈述、申辩、听证、回避
        case dutyToCooperate    // 配合执法的义务

        public var chineseName: String {
            switch self {
            case .reason: "执法事由"
            case .legalBasis: "执法依据"
            case .right(let right): "\(right.chineseName)权利"
            case .dutyToCooperate: "配合执法的义务"
            }
        }

        /// Stable slug: `reason`, `legal-basis`, `right:statement`, `duty-to-cooperate`.
        public var slug: String {
            switch self {
            case .reason: "reason"
            case .legalBasis: "legal-basis"
            case .right(let right): "right:" + right.rawValue
            case .dutyToCooperate: "duty-to-cooperate"
            }
        }

        public init?(slug: String) {
            switch slug {
            case "reason": self = .reason
            case "legal-basis": self = .legalBasis
            case "duty-to-cooperate": self = .dutyToCooperate
            default:
                guard slug.hasPrefix("right:"), let right = Right(rawValue: String(slug.dropFirst(6))) else {
                    return nil
                }
                self = .right(right)
            }
        }

        public var description: String { slug }

        /// The order the bureau's text lists them in: 事由、依据、陈述、申辩、听证、回避、配合.
        private var order: Int {
            switch self {
            case .reason: 0
            case .legalBasis: 1
            case .right(let right): 2 + Right.allCases.firstIndex(of: right)!
            case .dutyToCooperate: 9
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
    }

    /// Officers (ids) recorded as having shown their enforcement certificate (出示执法证件).
    public var certificatesShownBy: [UUID]
    /// Titles or numbers of the documents issued on the spot (出具执法文书).
    public var documentsIssued: [String]
    public var reasonTold: Bool
    public var legalBasisTold: Bool
    public var rightsTold: Set<Right>
    public var dutyToCooperateTold: Bool

    public init(
        certificatesShownBy: [UUID] = [], documentsIssued: [String] = [], reasonTold: Bool = false,
        legalBasisTold: Bool = false, rightsTold: Set<Right> = [], dutyToCooperateTold: Bool = false
    ) {
        self.certificatesShownBy = certificatesShownBy
        self.documentsIssued = documentsIssued
        self.reasonTold = reasonTold
        self.legalBasisTold = legalBasisTold
        self.rightsTold = rightsTold
        self.dutyToCooperateTold = dutyToCooperateTold
    }

    /// What must be told for an act of `kind` (SPEC P6). Reason, legal basis and the duty to
    /// cooperate for every act; for penalty and coercion, which can end in a decision against the
    /// counterparty, also all four rights (陈述、申辩、听证、回避). In the bureau's order.
    public static func requiredItems(for kind: EnforcementKind) -> [Item] {
        switch kind {
        case .penalty, .coercion:
            [.reason, .legalBasis] + Right.allCases.map(Item.right) + [.dutyToCooperate]
        case .inspection, .levyRequisition, .licensing:
            [.reason, .legalBasis, .dutyToCooperate]
        }
    }

    public func wasTold(_ item: Item) -> Bool {
        switch item {
        case .reason: reasonTold
        case .legalBasis: legalBasisTold
        case .right(let right): rightsTold.contains(right)
        case .dutyToCooperate: dutyToCooperateTold
        }
    }

    /// The required items for `kind` that were not told, in the bureau's order.
    public func itemsNotTold(for kind: EnforcementKind) -> [Item] {
        Self.requiredItems(for: kind).filter { !wasTold($0) }
    }
}

extension DisclosureChecklist.Item: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let item = Self(slug: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a disclosure item: \(text)")
        }
        self = item
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(slug)
    }
}
