import Foundation

/// A publicity-period setting that cannot be right (SPEC P7.5): refused when the policy is built, so
/// that a typo in the settings cannot keep a penalty public for ever or hide it at once.
public struct PublicityPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with the setting.
    public enum Rule: String, Hashable, Sendable {
        /// A maximum that is not positive, a negative minimum, or a minimum longer than the maximum.
        case notPositive
        /// A penalty or coercion category left open-ended: credit information always has a maximum
        /// period (《信用修复管理办法》: 最长公示期届满后自动停止公示).
        case openEndedCredit
        /// A minor-breach penalty listed longer than 3 months (确有必要公示的，公示期最长不超过3个月).
        case minorTooLong
        /// Only a minor-breach penalty may be left unpublished (原则上不予公示); every other category
        /// is published under the bureau's 公示办法 (SPEC P7).
        case notListedNotAllowed
    }

    public let category: PublicityCategory
    public let duration: PublicityDuration
    public let rule: Rule

    public init(category: PublicityCategory, duration: PublicityDuration, rule: Rule = .notPositive) {
        self.category = category
        self.duration = duration
        self.rule = rule
    }

    public var message: String {
        let why = switch rule {
        case .notPositive: "期限应为正数，且最短公示期不长于最长公示期"
        case .openEndedCredit: "行政处罚、行政强制信息应设最长公示期"
        case .minorTooLong: "轻微失信信息确有必要公示的，公示期最长不超过3个月"
        case .notListedNotAllowed: "只有轻微失信信息可以不予公示"
        }
        return "“\(category.chineseName)”的公示期限设置有误（\(duration.chineseDescription)）：\(why)"
    }

    public var description: String { message }
}
