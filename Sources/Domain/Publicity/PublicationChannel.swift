import Foundation

/// Where publications are handed on besides the bureau's own portal (SPEC P2: 一网通办 and the
/// government site; P4: 信用中国 for 双公示; issue 5 "per-channel outboxes"; issue 13 item 5 (d):
/// the seed's 本市统一的行政执法信息公示平台 and 信用上海).
///
/// Raw values are stable slugs for URLs, storage and file names.
public enum PublicationChannel: String, CaseIterable, Hashable, Sendable, Codable {
    case oneNetwork = "yiwangtongban"   // 一网通办
    case creditChina = "credit-china"   // 信用中国
    case wechat = "wechat"              // 政务微信公众号
    /// 本市统一的行政执法信息公示平台: the seed's 公示办法 三 has the legal section enter the
    /// before-enforcement items there and publish the yearly figures there (also 七, last paragraph); it takes every
    /// enforcement publication.
    case municipalPlatform = "shanghai-enforcement-platform"
    /// 信用上海: part of 信用中国 in the seed (四 and 七: "信用中国（包括信用上海和信用普陀）");
    /// it takes credit information — the 双公示 penalty and licensing decisions.
    case creditShanghai = "credit-shanghai"

    public var chineseName: String {
        switch self {
        case .oneNetwork: "一网通办"
        case .creditChina: "信用中国"
        case .wechat: "政务微信"
        case .municipalPlatform: "本市统一的行政执法信息公示平台"
        case .creditShanghai: "信用上海"
        }
    }

    /// The part of `LAWTRAIL_CHANNEL_<NAME>_URL` naming this channel.
    public var environmentName: String {
        switch self {
        case .oneNetwork: "YIWANGTONGBAN"
        case .creditChina: "CREDIT_CHINA"
        case .wechat: "WECHAT"
        case .municipalPlatform: "SHANGHAI_ENFORCEMENT_PLATFORM"
        case .creditShanghai: "CREDIT_SHANGHAI"
        }
    }

    /// Whether an item of `kind` goes to this channel: the credit platforms (信用中国, 信用上海) take
    /// only the 双公示 decisions; the others every kind.
    public func carries(_ kind: PublicationKind) -> Bool {
        switch self {
        case .creditChina, .creditShanghai: kind.doublePublicityFields != nil
        case .oneNetwork, .wechat, .municipalPlatform: true
        }
    }
}
