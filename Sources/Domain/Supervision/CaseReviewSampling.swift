import Foundation

/// 案卷评查 sampling (SPEC R12, R13; issue 15 item 2): closed cases of a period grouped into strata by
/// unit and enforcement kind; from each stratum `ceil(share × n)` cases are drawn with the shared
/// verifiable draw (one pool per stratum). Pure.
public enum CaseReviewSampling {
    /// A closed case offered to the draw.
    public struct ClosedCase: Hashable, Sendable, Codable {
        public var caseID: UUID
        public var number: String
        public var unitID: UUID
        public var kind: EnforcementKind
        public var closedOn: CivilDate

        public init(caseID: UUID, number: String, unitID: UUID, kind: EnforcementKind, closedOn: CivilDate) {
            self.caseID = caseID
            self.number = number
            self.unitID = unitID
            self.kind = kind
            self.closedOn = closedOn
        }
    }

    /// One (unit, kind) pool and how many are drawn from it.
    public struct Stratum: Hashable, Sendable, Codable {
        public var unitID: UUID
        public var kind: EnforcementKind
        /// Case ids, sorted by case number then id so the pool is the same whoever builds it.
        public var cases: [ClosedCase]
        public var count: Int

        /// The pool's name in the draw: `<unit id>:<kind>` (the draw allows letters, digits and
        /// `-_.:`), unique within a sample.
        public var poolName: String { "\(unitID.uuidString.lowercased()):\(kind.rawValue)" }
    }

    /// The strata of `closed` (already limited to the period) for `share`, or every problem at
    /// once: the period's days in order, a share above 0 and at most 100 % (`DrawSize`, two
    /// decimals at most), at least one closed case. Each stratum draws `ceil(share × n)`
    /// (`DrawSize.count(of:pool:)`, the draw's own rounding).
    public static func strata(
        closed: [ClosedCase], from: CivilDate?, to: CivilDate?, share: DrawSize?
    ) -> (strata: [Stratum], problems: [String: String]) {
        var problems: [String: String] = [:]
        if from == nil { problems["from"] = "应为 YYYY-MM-DD 日期" }
        if to == nil { problems["to"] = "应为 YYYY-MM-DD 日期" }
        if let from, let to, from > to { problems["to"] = "结束日期不能早于开始日期" }
        switch share {
        case nil: problems["share"] = "请填写抽查比例（如 10 或 12.5）"
        case .basisPoints(let points)? where points > 10_000: problems["share"] = "抽查比例不能超过 100%"
        case .basisPoints(let points)? where points <= 0: problems["share"] = "抽查比例须大于 0%"
        case .count?: problems["share"] = "请填写抽查比例（百分比）"
        default: break
        }
        guard problems.isEmpty, let from, let to, let share else { return ([], problems) }
        let inPeriod = closed.filter { $0.closedOn >= from && $0.closedOn <= to }
        guard !inPeriod.isEmpty else {
            return ([], ["to": "\(from.description) 至 \(to.description) 期间没有已结案的案件，无法抽取"])
        }
        let grouped = Dictionary(grouping: inPeriod) { "\($0.unitID.uuidString.lowercased())/\($0.kind.rawValue)" }
        var strata: [Stratum] = []
        for key in grouped.keys.sorted() {
            let cases = grouped[key]!.sorted { ($0.number, $0.caseID.uuidString) < ($1.number, $1.caseID.uuidString) }
            guard let count = try? share.count(of: cases.count, pool: key) else {
                return ([], ["share": "抽查比例须大于 0% 且不超过 100%"])
            }
            strata.append(Stratum(unitID: cases[0].unitID, kind: cases[0].kind, cases: cases, count: count))
        }
        return (strata, [:])
    }

    /// The draw's pools: one per stratum, its entries the case ids (label: the case number).
    public static func pools(_ strata: [Stratum]) -> [DrawPool] {
        strata.map { stratum in
            DrawPool(
                name: stratum.poolName,
                entries: stratum.cases.map { DrawPoolEntry(key: $0.caseID.uuidString.lowercased(), label: $0.number) },
                count: stratum.count)
        }
    }
}
