import Foundation

/// Which publicity-period rule a publication follows (SPEC P7.5). Raw values are stable slugs (stored
/// on the publication and in the bureau's settings, where a period can be overridden).
public enum PublicityCategory: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable {
    /// 涉及轻微失信行为的行政处罚信息 (《信用修复管理办法》, 国家发展改革委令2025年第36号, in force
    /// 2026-04-01): in principle not published (`PublicityDuration.notListed`); the legal section
    /// decides at approval that a penalty is one (issue 13 item 4).
    case minorPenalty = "minor-penalty"
    /// 涉及一般失信行为的行政处罚信息.
    case generalPenalty = "general-penalty"
    /// 涉及严重失信行为的行政处罚信息: the legal section decides a penalty is one.
    case seriousPenalty = "serious-penalty"
    /// 行政强制决定.
    case coercion = "coercion"
    /// 行政许可决定.
    case licensing = "licensing"
    /// “双随机、一公开”抽查结果.
    case inspectionResult = "inspection-result"
    /// 年度执法数据.
    case yearlyFigures = "yearly-figures"
    /// 事前公示 items: power items, guides, lists, certificates.
    case beforeEnforcement = "before-enforcement"

    public var chineseName: String {
        switch self {
        case .minorPenalty: "轻微失信行为的行政处罚信息"
        case .generalPenalty: "一般失信行为的行政处罚信息"
        case .seriousPenalty: "严重失信行为的行政处罚信息"
        case .coercion: "行政强制信息"
        case .licensing: "行政许可信息"
        case .inspectionResult: "“双随机、一公开”抽查结果"
        case .yearlyFigures: "年度执法数据"
        case .beforeEnforcement: "事前公示信息"
        }
    }
}
