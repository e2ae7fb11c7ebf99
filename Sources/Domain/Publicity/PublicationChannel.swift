import Foundation

/// Where publications are handed on besides the bureau's own portal (SPEC P2: 一网通办 and the
/// government site; P4: 信用中国 for 双公示; issue 5 "per-channel outboxes").
///
/// Raw values are stable slugs for URLs, storage and file names.
public enum PublicationChannel: String, CaseIterable, Hashable, Sendable, Codable {
    case oneNetwork = "yiwangtongban"   // 一网通办
    case creditChina = "credit-china"   // 信用中国
    case wechat = "wechat"              // 政务微信公众号

    public var chineseName: String {
        switch self {
        case .oneNetwork: "一网通办"
        case .creditChina: "信用中国"
        case .wechat: "政务微信"
        }
    }

    /// The part of `LAWTRAIL_CHANNEL_<NAME>_URL` naming this channel.
    public var environmentName: String {
        switch self {
        case .oneNetwork: "YIWANGTONGBAN"
        case .creditChina: "CREDIT_CHINA"
        case .wechat: "WECHAT"
        }
    }

    /// Whether an item of `kind` goes to this channel: 信用中国 takes only the 双公示 decisions.
    public func carries(_ kind: PublicationKind) -> Bool {
        switch self {
        case .creditChina: kind.doublePublicityFields != nil
        case .oneNetwork, .wechat: true
        }
    }
}
