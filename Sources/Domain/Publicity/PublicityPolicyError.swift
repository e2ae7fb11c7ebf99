import Foundation

/// A publicity-period setting that cannot be right (SPEC P7.5): refused when the policy is built, so
/// that a typo in the settings cannot keep a penalty public for ever or hide it at once.
public struct PublicityPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let category: PublicityCategory
    public let duration: PublicityDuration

    public init(category: PublicityCategory, duration: PublicityDuration) {
        self.category = category
        self.duration = duration
    }

    public var message: String {
        "“\(category.chineseName)”的公示期限设置有误（\(duration.chineseDescription)）：期限应为正数，且最短公示期不长于最长公示期"
    }

    public var description: String { message }
}
