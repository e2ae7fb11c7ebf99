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

        /// The pool's name in the draw: `<unit id>/<kind>`, unique within a sample.
        public var poolName: String { "\(unitID.uuidString.lowercased())/\(kind.rawValue)" }
    }

    /// The strata of `closed` (already limited to the period) for `sharePercent`, or every problem
    /// at once: the period's days in order, a share from 1 to 100 %, at least one closed case.
    public static func strata(
        closed: [ClosedCase], from: CivilDate?, to: CivilDate?, sharePercent: Int?
    ) -> (strata: [Stratum], problems: [String: String]) {
        var problems: [String: String] = [:]
        if from == nil { problems["from"] = "应为 YYYY-MM-DD 日期" }
        if to == nil { problems["to"] = "应为 YYYY-MM-DD 日期" }
        if let from, let to, from > to { problems["to"] = "结束日期不能早于开始日期" }
        switch sharePercent {
        case nil: problems["share"] = "请填写抽查比例（1–100 的整数）"
        case let share? where share > 100: problems["share"] = "抽查比例不能超过 100%"
        case let share? where share < 1: problems["share"] = "抽查比例至少为 1%"
        default: break
        }
        guard problems.isEmpty, let from, let to, let share = sharePercent else { return ([], problems) }
        let inPeriod = closed.filter { $0.closedOn >= from && $0.closedOn <= to }
        guard !inPeriod.isEmpty else {
            return ([], ["to": "\(from.description) 至 \(to.description) 期间没有已结案的案件，无法抽取"])
        }
        let grouped = Dictionary(grouping: inPeriod) { "\($0.unitID.uuidString.lowercased())/\($0.kind.rawValue)" }
        let strata = grouped.keys.sorted().map { key -> Stratum in
            let cases = grouped[key]!.sorted { ($0.number, $0.caseID.uuidString) < ($1.number, $1.caseID.uuidString) }
            return Stratum(unitID: cases[0].unitID, kind: cases[0].kind, cases: cases, count: sampleSize(sharePercent: share, of: cases.count))
        }
        return (strata, [:])
    }

    /// `ceil(share × n)` in integers: 10 % of 11 cases is 2.
    public static func sampleSize(sharePercent: Int, of n: Int) -> Int {
        (sharePercent * n + 99) / 100
    }
}
