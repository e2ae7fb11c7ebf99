import Foundation

/// How long each category of publication stays on the public lists, and when it may be ended early
/// (SPEC P7.5: "each publication leaves the public lists when its publicity period ends, and stays
/// in the ledger and the archive"; the bureau's 公示办法 七: "公示期限按照国家和本市有关规定执行").
///
/// Defaults (`national`), and where they come from (docs/publicity.md "Publicity periods" has the
/// sources and what could not be confirmed):
/// - Penalties follow 《信用修复管理办法》 (国家发展改革委令2025年第36号, adopted 2025-11-19, in force
///   2026-04-01, replacing 国家发展改革委令2023年第58号). It sorts 失信信息 into three tiers by
///   seriousness (过罚相当), each with its own period counted from the day the decision document
///   determined it (自司法、行政公务文书认定之日起):
///   - 轻微失信信息 (e.g. penalties by the simplified procedure, warnings): in principle not
///     published (`minorPenalty`: `.notListed`); where the sector authority finds publication truly
///     necessary, at most 3 months — an override of `minorPenalty` to `.months(minimum: 0,
///     maximum: ≤ 3)` expresses that (repair once the legal duties are fulfilled, so no minimum);
///   - 一般失信信息: at least 3 months, at most 1 year (`generalPenalty`);
///   - 严重失信信息: at least 1 year, at most 3 years (`seriousPenalty`).
///   Once the minimum has run the counterparty may apply for 信用修复 (ends publicity early); at the
///   maximum it ends by itself. The numbers are the ones the 2023 measure had for general and
///   serious, so periods already running are unchanged.
/// - The policy the legal section sets (stored, with an effective date: `PublicityPolicyVersion`)
///   replaces these from its effective date; `LAWTRAIL_PUBLICITY_PERIODS` overrides them at
///   start-up while nothing is stored (issue 13 item 4).
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
        .minorPenalty: .notListed,
        .generalPenalty: .months(minimum: 3, maximum: 12),
        .seriousPenalty: .months(minimum: 12, maximum: 36),
        .coercion: .months(minimum: 3, maximum: 12),
        .licensing: .untilValidityEnds,
        .inspectionResult: .months(minimum: nil, maximum: 36),
        .yearlyFigures: .untilWithdrawn,
        .beforeEnforcement: .untilWithdrawn,
    ])

    /// The national defaults with `overrides` in their place; refuses a setting `check` refuses.
    public init(overriding overrides: [PublicityCategory: PublicityDuration] = [:]) throws(PublicityPolicyError) {
        for (category, duration) in overrides.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try Self.check(duration, for: category)
        }
        self.init(checked: Self.national.durations.merging(overrides) { _, override in override })
    }

    /// Refuses a duration that cannot be right for `category`: a maximum that is not positive, a
    /// negative minimum or one longer than the maximum; a penalty or coercion period without a
    /// maximum; a minor-breach penalty listed longer than 3 months; and "not published" for any
    /// category but the minor-breach one (《信用修复管理办法》; SPEC P7).
    public static func check(_ duration: PublicityDuration, for category: PublicityCategory) throws(PublicityPolicyError) {
        let isCredit = [.minorPenalty, .generalPenalty, .seriousPenalty, .coercion].contains(category)
        switch duration {
        case .months(let minimum, let maximum):
            if maximum <= 0 || (minimum.map { $0 < 0 || $0 > maximum } ?? false) {
                throw PublicityPolicyError(category: category, duration: duration, rule: .notPositive)
            }
            if category == .minorPenalty && maximum > 3 {
                throw PublicityPolicyError(category: category, duration: duration, rule: .minorTooLong)
            }
        case .untilValidityEnds, .untilWithdrawn:
            if isCredit { throw PublicityPolicyError(category: category, duration: duration, rule: .openEndedCredit) }
        case .notListed:
            if category != .minorPenalty {
                throw PublicityPolicyError(category: category, duration: duration, rule: .notListedNotAllowed)
            }
        }
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
    /// no end. `validUntil` is the licence's 有效期至, used by `.untilValidityEnds`. For a category
    /// that is not published it is the day before `start`: an empty period, listed on no day.
    public func publicityEnd(start: CivilDate, category: PublicityCategory, validUntil: CivilDate? = nil) -> CivilDate? {
        switch duration(for: category) {
        case .months(_, let maximum): start.adding(months: maximum)
        case .untilValidityEnds: validUntil
        case .untilWithdrawn: nil
        case .notListed: start.adding(days: -1)
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
