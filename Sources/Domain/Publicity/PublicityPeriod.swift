import Foundation

/// The publicity period of one published item (SPEC P7.5): from which day it is listed, its last
/// listed day, and from which day a credit-repair decision may end it early.
///
/// Made by `PublicityPeriodPolicy.period(category:start:validUntil:)` when the item is published and
/// kept on the `Publication`, so that a later change of policy does not move periods already running.
public struct PublicityPeriod: Hashable, Sendable, Codable {
    public let category: PublicityCategory
    /// The day the period counts from (for a penalty, the decision date).
    public let start: CivilDate
    /// The last day the item is listed; nil when the period has no end.
    public let lastDay: CivilDate?
    /// The first day a credit-repair decision may end the period early; nil when it cannot be.
    public let earliestEarlyEnd: CivilDate?

    public init(category: PublicityCategory, start: CivilDate, lastDay: CivilDate?, earliestEarlyEnd: CivilDate?) {
        self.category = category
        self.start = start
        self.lastDay = lastDay
        self.earliestEarlyEnd = earliestEarlyEnd
    }

    /// Whether `date` is within the period (from `start` through `lastDay`).
    public func contains(_ date: CivilDate) -> Bool {
        start <= date && (lastDay.map { date <= $0 } ?? true)
    }

    /// Whether the period has run out by `date` (the day after `lastDay` or later).
    public func hasEnded(on date: CivilDate) -> Bool {
        lastDay.map { date > $0 } ?? false
    }

    /// Whether the period has no day at all: a category that is not published (轻微失信信息原则上不予
    /// 公示, issue 13 item 4). Such an item is never listed.
    public var isEmpty: Bool {
        lastDay.map { $0 < start } ?? false
    }

    /// Whether the minimum period has run by `date`, so that it may be ended early (SPEC P7.5).
    public func canEndEarly(on date: CivilDate) -> Bool {
        earliestEarlyEnd.map { date >= $0 } ?? false
    }
}
