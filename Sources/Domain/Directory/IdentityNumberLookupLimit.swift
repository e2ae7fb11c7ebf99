import Foundation

/// How often one staff member may look a counterparty up by a full resident ID number (issue 12
/// item 6; SPEC X4, X5).
///
/// A lookup by full number answers "is this the number of someone we know": with the public mask
/// as a hint, an unthrottled search could try candidates until one matches. Officers look a person
/// up by number a few times a day, so a small hourly allowance costs them nothing and makes
/// enumeration hopeless (tens of millions of candidates behind the current mask, see
/// `PersonalDataMask.IdentityNumberFormat`).
///
/// Every attempt counts, refused ones too, so a script that keeps trying stays refused; the count is
/// of attempts stored before the check (`IdentityNumberLookupStore.reserve`), so two requests at
/// once cannot both slip under the limit.
public struct IdentityNumberLookupLimit: Hashable, Sendable {
    /// Lookups allowed per person within `window`.
    public let limit: Int
    public let window: TimeInterval

    public static let standard = IdentityNumberLookupLimit(limit: 10, window: 3600)

    public init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Whether the attempt that brought the count in the window (itself included) to `attempts` may go ahead.
    public func allows(attempts: Int) -> Bool { attempts <= limit }

    /// The Chinese sentence of a refusal.
    public var refusalDetail: String {
        "按身份证号查询行政相对人每人每小时最多\(limit)次，已达上限，请稍后再试或按姓名查询。"
    }
}
