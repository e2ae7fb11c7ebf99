import Foundation

/// How a record is marked for retrieval (SPEC R9.2 "sensitive records need approval", R10
/// "secret, commercial-secret and personal-privacy records handled by their rules").
///
/// The three markings are the ones the recording rule names (全过程记录办法 第十条: 涉及国家秘密、
/// 商业秘密和个人隐私的记录资料). Any marking other than `none` makes every retrieval wait for an
/// approved `RetrievalRequest`. Content that is actually classified belongs in a 涉密信息系统 under
/// the 保守国家秘密法; here the marking governs whatever this system holds about it.
///
/// Beware `Optional<Sensitivity>`: there `.none` means nil. Store and pass the non-optional type.
public enum Sensitivity: String, CaseIterable, Sendable, Codable {
    case none = "none"
    case stateSecret = "state-secret"
    case commercialSecret = "commercial-secret"
    case personalPrivacy = "personal-privacy"

    public var chineseName: String {
        switch self {
        case .none: "不涉密"
        case .stateSecret: "国家秘密"
        case .commercialSecret: "商业秘密"
        case .personalPrivacy: "个人隐私"
        }
    }

    /// Whether retrieving a record so marked needs an approved request (SPEC R9.2).
    public var requiresApproval: Bool { self != .none }
}
