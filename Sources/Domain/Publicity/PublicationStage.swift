import Foundation

/// When, relative to the enforcement act, an item is shown to the public: 事前, 事中 or 事后
/// (SPEC P1, P5–P7).
///
/// The stage decides who may enter and publish an item (SPEC P3): the legal section owns the
/// before-enforcement items, business units and the brigade the during- and after-enforcement ones.
/// Raw values are stable slugs (stored, exported, used in URLs).
public enum PublicationStage: String, CaseIterable, Hashable, Sendable, Codable {
    /// 事前公示 (SPEC P5).
    case before = "before"
    /// 事中公示 (SPEC P6).
    case during = "during"
    /// 事后公示 (SPEC P7).
    case after = "after"

    public var chineseName: String {
        switch self {
        case .before: "事前公示"
        case .during: "事中公示"
        case .after: "事后公示"
        }
    }
}
