import Foundation

/// 密级 of an archive package (GB/T 18894-2016 §7.3 "密级"; DA/T 97-2023 "密级"): the labels the
/// archive metadata standards use for an electronic archive's access class. Raw values are stable
/// slugs; the order is from least to most restricted.
///
/// A system that is not a 涉密信息系统 does not hold actual state secrets (保守国家秘密法 第三十条);
/// 秘密 here marks a package whose records were marked 国家秘密 (`Sensitivity.stateSecret`), for the
/// archive to handle by its rules (SPEC R10).
public enum SecurityClass: String, CaseIterable, Sendable, Codable, Comparable {
    case open = "open"
    case `internal` = "internal"
    case secret = "secret"

    public var chineseName: String {
        switch self {
        case .open: "公开"
        case .internal: "内部"
        case .secret: "秘密"
        }
    }

    private var rank: Int {
        switch self {
        case .open: 0
        case .internal: 1
        case .secret: 2
        }
    }

    public static func < (lhs: SecurityClass, rhs: SecurityClass) -> Bool { lhs.rank < rhs.rank }

    /// The least restricted class a record so marked allows (SPEC R10): 国家秘密 → 秘密; 商业秘密 and
    /// 个人隐私 → 内部; 不涉密 → 公开.
    public static func required(by sensitivity: Sensitivity) -> SecurityClass {
        switch sensitivity {
        case .none: .open
        case .commercialSecret, .personalPrivacy: .internal
        case .stateSecret: .secret
        }
    }

    /// The default for a package: the most restricted class any of its records requires. The office
    /// may choose a more restricted class, never a less restricted one (`ArchiveRules`).
    public static func required(by markings: some Sequence<Sensitivity>) -> SecurityClass {
        markings.map(required(by:)).max() ?? .open
    }
}
