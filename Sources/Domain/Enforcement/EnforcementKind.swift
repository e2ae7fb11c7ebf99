import Foundation

/// 执法类别: the five kinds of enforcement act both rules apply to (SPEC R1, P1).
///
/// Raw values are stable English slugs: they are stored, exported and used in URLs, so they never
/// change even if the Chinese wording does.
public enum EnforcementKind: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable {
    case penalty = "penalty"                      // 行政处罚
    case coercion = "coercion"                    // 行政强制
    case inspection = "inspection"                // 行政检查
    case levyRequisition = "levy-requisition"     // 行政征收征用
    case licensing = "licensing"                  // 行政许可

    public var chineseName: String {
        switch self {
        case .penalty: "行政处罚"
        case .coercion: "行政强制"
        case .inspection: "行政检查"
        case .levyRequisition: "行政征收征用"
        case .licensing: "行政许可"
        }
    }
}
