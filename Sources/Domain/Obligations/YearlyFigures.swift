import Crypto
import Foundation
import Ledger

/// 上年度行政执法数据 (SPEC P7.4; issue 13 item 2): the previous year's figures per unit and kind,
/// counted from the records — what the supervision section and the brigade confirm to the legal
/// section, what is reported to 市应急管理局 and what the yearly-figures publication shows.
///
/// Pure: the caller lists the year's acts, decisions and cases; `init` counts them. What counts:
/// an act (执法活动) by the year of its start; a decision by its 决定日期, each decision once
/// (a corrected decision counts as its latest version); an accident investigation as a case opened
/// that year by the accident-investigation unit (the only place the records hold one); a 双随机
/// inspection as a published 双随机 result (the records do not mark an inspection as drawn yet).
public struct YearlyFigures: Hashable, Sendable, Codable {
    /// One act, as counted.
    public struct Act: Hashable, Sendable {
        public var unitID: UUID
        public var kind: EnforcementKind
        public var date: CivilDate

        public init(unitID: UUID, kind: EnforcementKind, date: CivilDate) {
            self.unitID = unitID
            self.kind = kind
            self.date = date
        }
    }

    /// One decision, as counted.
    public struct Decision: Hashable, Sendable {
        public var unitID: UUID
        public var kind: EnforcementKind
        public var date: CivilDate
        /// 罚款金额 in yuan (penalties); nil when none.
        public var fineYuan: Decimal?

        public init(unitID: UUID, kind: EnforcementKind, date: CivilDate, fineYuan: Decimal? = nil) {
            self.unitID = unitID
            self.kind = kind
            self.date = date
            self.fineYuan = fineYuan
        }
    }

    /// One unit's figures.
    public struct UnitFigures: Hashable, Sendable, Codable {
        public var unitID: UUID
        public var unitName: String
        public var unitKind: UnitKind
        /// 执法活动 per kind.
        public var acts: [EnforcementKind: Int] = [:]
        /// 双随机 inspection results published (SPEC P7.3).
        public var randomInspections = 0
        /// Decisions per kind (处罚、强制、许可、征收征用).
        public var decisions: [EnforcementKind: Int] = [:]
        /// 罚没款 total in yuan.
        public var finesYuan: Decimal = 0
        /// 事故调查 cases opened.
        public var accidentInvestigations = 0

        public var totalActs: Int { acts.values.reduce(0, +) }

        /// The digest a confirmation names: confirming these numbers, not whatever they become later.
        public var sha256: String { Hash(SHA256.hash(data: Data(digestText.utf8))).hex }

        var digestText: String {
            let kinds = EnforcementKind.allCases.map { "\($0.rawValue)=\(acts[$0, default: 0])/\(decisions[$0, default: 0])" }
            return ([unitID.uuidString.lowercased(), "\(randomInspections)", "\(finesYuan)", "\(accidentInvestigations)"] + kinds)
                .joined(separator: ";")
        }
    }

    public let year: Int
    /// Units with anything to count, in the order of `UnitKind` then name.
    public let units: [UnitFigures]

    public init(
        year: Int, units: [BureauUnit], acts: [Act], decisions: [Decision], accidentCases: [(unitID: UUID, openedOn: CivilDate)],
        randomInspectionResults: [(unitID: UUID, publishedOn: CivilDate)]
    ) {
        self.year = year
        var byUnit: [UUID: UnitFigures] = [:]
        for unit in units {
            byUnit[unit.id] = UnitFigures(unitID: unit.id, unitName: unit.name, unitKind: unit.kind)
        }
        for act in acts where act.date.year == year {
            byUnit[act.unitID]?.acts[act.kind, default: 0] += 1
        }
        for result in randomInspectionResults where result.publishedOn.year == year {
            byUnit[result.unitID]?.randomInspections += 1
        }
        for decision in decisions where decision.date.year == year {
            byUnit[decision.unitID]?.decisions[decision.kind, default: 0] += 1
            if decision.kind == .penalty, let fine = decision.fineYuan { byUnit[decision.unitID]?.finesYuan += fine }
        }
        for accident in accidentCases where accident.openedOn.year == year {
            byUnit[accident.unitID]?.accidentInvestigations += 1
        }
        let order = Dictionary(uniqueKeysWithValues: UnitKind.allCases.enumerated().map { ($1, $0) })
        self.units = byUnit.values
            .filter { $0.totalActs + $0.decisions.values.reduce(0, +) + $0.accidentInvestigations > 0 || Self.reportingKinds.contains($0.unitKind) }
            .sorted { (order[$0.unitKind] ?? 0, $0.unitName) < (order[$1.unitKind] ?? 0, $1.unitName) }
    }

    /// The units that report their part to the legal section (SPEC P3: "the supervision section and
    /// the brigade report the yearly inspection and accident-enforcement figures to it").
    public static let reportingKinds: Set<UnitKind> = [.supervision, .enforcementBrigade, .accidentInvestigation]

    /// The whole bureau's figures.
    public var total: UnitFigures {
        var total = UnitFigures(unitID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), unitName: "合计", unitKind: .leadership)
        for unit in units {
            total.acts.merge(unit.acts, uniquingKeysWith: +)
            total.decisions.merge(unit.decisions, uniquingKeysWith: +)
            total.randomInspections += unit.randomInspections
            total.finesYuan += unit.finesYuan
            total.accidentInvestigations += unit.accidentInvestigations
        }
        return total
    }

    // MARK: - The report to 市应急管理局 and the publication

    public static let header = [
        "单位", "行政处罚（件）", "罚没款（万元）", "行政强制（件）", "行政检查（次）", "双随机抽查结果公示（项）", "行政许可（件）",
        "行政征收征用（件）", "事故调查（起）", "执法活动合计（次）",
    ]

    /// One row per unit and a total: decisions for penalty, coercion, licensing and requisition, acts
    /// for inspections.
    public func rows() -> [[String]] {
        (units + [total]).map { unit in
            [
                unit.unitName, "\(unit.decisions[.penalty, default: 0])", DecisionPublicationDraft.tenThousandYuan(unit.finesYuan),
                "\(unit.decisions[.coercion, default: 0])", "\(unit.acts[.inspection, default: 0])", "\(unit.randomInspections)",
                "\(unit.decisions[.licensing, default: 0])", "\(unit.decisions[.levyRequisition, default: 0])",
                "\(unit.accidentInvestigations)", "\(unit.totalActs)",
            ]
        }
    }

    /// The CSV for 市应急管理局 (UTF-8 with BOM, RFC 4180).
    public func csv() -> Data { CSVDocument.data(header: Self.header, rows: rows()) }

    /// The yearly-figures publication's fields: one per figure of the whole bureau, by its label.
    public func publicationFields() -> [String: String] {
        let totalRow = rows().last ?? []
        var fields: [String: String] = ["年度": "\(year)"]
        for (label, value) in zip(Self.header.dropFirst(), totalRow.dropFirst()) { fields[label] = value }
        return fields
    }
}
