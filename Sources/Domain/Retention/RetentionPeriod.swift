import Foundation

/// How long an archived record is kept (SPEC R10: archiving with "retention period").
///
/// The periods of 《机关文件材料归档范围和文书档案保管期限规定》(国家档案局令第8号, 2006) 第六条:
/// 文书档案的保管期限定为永久、定期两种；定期一般分为30年、10年. Which one a case file gets is the
/// bureau's archive rules' choice (全过程记录办法 第十条), recorded when it is archived.
/// Raw values are stable slugs.
public enum RetentionPeriod: String, CaseIterable, Sendable, Codable {
    case permanent = "permanent"
    case thirtyYears = "30-years"
    case tenYears = "10-years"

    public var chineseName: String {
        switch self {
        case .permanent: "永久"
        case .thirtyYears: "定期30年"
        case .tenYears: "定期10年"
        }
    }

    /// The number of years, or nil for permanent.
    public var years: Int? {
        switch self {
        case .permanent: nil
        case .thirtyYears: 30
        case .tenYears: 10
        }
    }
}
