import Foundation

/// Why a decision's publication must be taken down (SPEC P9.3, 公示办法 九（三）): "依法被撤销、确认违法
/// 或者要求重新作出".
public enum RevocationGround: String, CaseIterable, Hashable, Sendable, Codable {
    case revoked = "revoked"
    case foundUnlawful = "found-unlawful"
    case remakeOrdered = "remake-ordered"

    public var chineseName: String {
        switch self {
        case .revoked: "被依法撤销"
        case .foundUnlawful: "被确认违法"
        case .remakeOrdered: "被要求重新作出"
        }
    }
}
