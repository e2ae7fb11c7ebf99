import Foundation

/// How long each category of publication stays on the public lists, and when it may be ended early
/// (SPEC P7.5: "each publication leaves the public lists when its publicity period ends, and stays
/// in the ledger and the archive"; the bureau's 公示办法 七: "公示期限按照国家和本市有关规定执行").
///
/// Defaults (`national`), and where they come from:
/// - Penalties follow 《失信行为纠正后的信用信息修复管理办法（试行）》 (国家发展改革委令2023年第58号,
///   in force 2023-05-01), the chapter on 行政处罚信息: a penalty for a general breach (一般失信行为)
///   is public for at least 3 months and at most 1 year, one for a serious breach (严重失信行为)
///   for at least 1 year and at most 3 years, counted from the decision date; once the minimum has
///   run the counterparty may apply to end publicity early (信用修复), and at the maximum it ends by
///   itself. These are the numbers too.
/// - That measure was replaced on 2026-04-01 by 《信用修复管理办法》 (国家发展改革委令2025年第36号).
///   We could not check from a stored copy whether it changed the periods, so the defaults stay the
///   2023 ones and every category can be overridden in the settings — the legal section should
///   confirm them against the new text and the municipal rules (some places keep 安全生产 penalties
///   public for at least 1 year, which an override of `generalPenalty` expresses).
/// - Coercion decisions: no national period was found; they get the general-penalty period, so a
///   coercive measure is never shown longer than a penalty for the same matter would be.
/// - Licensing decisions: positive information, no credit-repair period; listed until the
///   licence's 有效期至 when one is given.
/// - 双随机 inspection results: no national period was found; at most 3 years, no early end.
/// - Yearly figures and before-enforcement items: listed until withdrawn or replaced (SPEC P8 keeps
///   the latter current).
///
/// Counting: 《民法典》第二百零一条、第二百零二条 — the start day is not counted and a period of months
/// or years ends on the corresponding day of the last month (the month's last day when it has no
/// such day), which is `CivilDate.adding(months:)`. A penalty decided on 2026-01-15 with a 1-year
/// maximum is listed through 2027-01-15 and gone on 2027-01-16; its 3-month minimum runs through
/// 2026-04-15, so it may be ended early from 2026-04-16.
public struct PublicityPeriodPolicy: Hashable, Sendable, Codable {
    public let durations: [PublicityCategory: PublicityDuration]

    /// The defaults described above.
    public static let national = PublicityPeriodPolicy(checked: [
        .generalPenalty: .months(minimum: 3, maximum: 12),
        .seriousPenalty: .months(minimum: 12, maximum: 36),
        .coercion: .months(minimum: 3, maximum: 12),
        .licensing: .untilValidityEnds,
        .inspectionResult: .months(minimum: nil, maximum: 36),
        .yearlyFigures: .untilWithdrawn,
        .beforeEnforcement: .untilWithdrawn,
    ])

    /// The national defaults with `overrides` in their place; refuses a duration that is not
    /// positive or whose minimum is longer than its maximum.
    public init(overriding overrides: [PublicityCategory: PublicityDuration] = [:]) throws(PublicityPolicyError) {
        for (category, duration) in overrides {
            if case .months(let minimum, let maximum) = duration,
               maximum <= 0 || (minimum.map { $0 <= 0 || $0 > maximum } ?? false) {
                throw PublicityPolicyError(category: category, duration: duration)
            }
        }
        self.init(checked: Self.national.durations.merging(overrides) { _, override in override })
    }

    private init(checked durations: [PublicityCategory: PublicityDuration]) {
        self.durations = durations
    }

    private enum CodingKeys: String, CodingKey { case durations }

    /// Decoded settings go through the same checks as `init(overriding:)`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(overriding: container.decode([PublicityCategory: PublicityDuration].self, forKey: .durations))
    }

    /// The rule for `category` (every category has one).
    public func duration(for category: PublicityCategory) -> PublicityDuration {
        durations[category] ?? .untilWithdrawn
    }

    /// The last day an item of `category` whose period starts on `start` is listed; nil when it has
    /// no end. `validUntil` is the licence's 有效期至, used by `.untilValidityEnds`.
    public func publicityEnd(start: CivilDate, category: PublicityCategory, validUntil: CivilDate? = nil) -> CivilDate? {
        switch duration(for: category) {
        case .months(_, let maximum): start.adding(months: maximum)
        case .untilValidityEnds: validUntil
        case .untilWithdrawn: nil
        }
    }

    /// The first day a credit-repair decision may end the period early: the day after the minimum
    /// period's last day. Nil when the category has no minimum (it cannot be ended early).
    public func earliestEarlyEnd(start: CivilDate, category: PublicityCategory) -> CivilDate? {
        guard case .months(let minimum?, _) = duration(for: category),
              let lastMinimumDay = start.adding(months: minimum) else { return nil }
        return lastMinimumDay.adding(days: 1)
    }

    /// Whether an item of `category` whose period started on `start` may be ended early on `date`:
    /// only after its minimum period (SPEC P7.5, 信用修复).
    public func canEndEarly(start: CivilDate, category: PublicityCategory, on date: CivilDate) -> Bool {
        earliestEarlyEnd(start: start, category: category).map { date >= $0 } ?? false
    }

    /// The period to keep on an item published now.
    public func period(category: PublicityCategory, start: CivilDate, validUntil: CivilDate? = nil) -> PublicityPeriod {
        PublicityPeriod(
            category: category, start: start,
            lastDay: publicityEnd(start: start, category: category, validUntil: validUntil),
            earliestEarlyEnd: earliestEarlyEnd(start: start, category: category))
    }
}

extension PublicityPeriodPolicy {
    /// The period of `version` published on `publishedOn` under `category`: counted from the
    /// decision date when the content has one (the credit-repair rules count from the decision),
    /// else from the day of publication; a licence is listed until its 有效期至.
    public func period(for version: PublicationVersion, category: PublicityCategory, publishedOn: CivilDate) -> PublicityPeriod {
        let decided = version.fields["decisionDate"].flatMap(DoublePublicityFields.date)
        let validUntil = (version.fields["validTo"] ?? version.fields["penaltyValidUntil"]).flatMap(DoublePublicityFields.date)
        return period(category: category, start: min(decided ?? publishedOn, publishedOn), validUntil: validUntil)
    }
}
