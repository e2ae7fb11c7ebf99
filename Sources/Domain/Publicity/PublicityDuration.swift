import Foundation

/// How long an item of one `PublicityCategory` stays on the public lists (SPEC P7.5).
public enum PublicityDuration: Hashable, Sendable, Codable {
    /// At most `maximum` months from the start, after which it leaves the lists by itself; with a
    /// `minimum`, a credit-repair decision can end it early once `minimum` months have run.
    case months(minimum: Int?, maximum: Int)
    /// Until the validity end given when publishing (a licence's 有效期至); open-ended without one.
    case untilValidityEnds
    /// Until withdrawn or replaced: before-enforcement items, which SPEC P8 keeps up to date instead.
    case untilWithdrawn
    /// Not listed at all (a period of zero days): 轻微失信信息原则上不予公示 (《信用修复管理办法》,
    /// issue 13 item 4). The item is still recorded, approved and "published" — the step that meets
    /// the P7.1 duty and goes on the ledger — but its period is empty, so no public list, search,
    /// open-data file or channel shows its content, and the expiry sweep records `expired` at once.
    case notListed

    /// 最短公示期 / 最长公示期, in words, for settings pages and documentation.
    public var chineseDescription: String {
        switch self {
        case .months(let minimum, let maximum):
            (minimum.map { "最短\(Self.words($0))，" } ?? "") + "最长\(Self.words(maximum))"
        case .untilValidityEnds: "至有效期届满"
        case .untilWithdrawn: "长期公示，至撤下或更新"
        case .notListed: "原则上不予公示"
        }
    }

    private static func words(_ months: Int) -> String {
        months % 12 == 0 ? "\(months / 12)年" : "\(months)个月"
    }
}
