import Foundation

/// Weak-spot statistics (SPEC R12; issue 15 item 4): the facts of a period counted by unit, officer,
/// enforcement kind or month — compliance findings by type (R4–R8, P6), recording gaps explained and
/// unexplained (R7), late publications (P7, P10), corrections and withdrawals (P9), case-review scores
/// and complaints by outcome (R13), and how often the SPEC R6 optional situations were recorded.
///
/// By officer: a fact with several officers counts once for each; publicity facts count for the
/// person the duty or publication names. Statistics by officer are internal (never on the portal).
public struct WeakSpotTable: Hashable, Sendable {
    /// What the rows are.
    public enum Dimension: String, CaseIterable, Hashable, Sendable {
        case unit, officer, kind, month

        public var chineseName: String {
            switch self {
            case .unit: "单位"
            case .officer: "执法人员"
            case .kind: "执法类别"
            case .month: "月份"
            }
        }
    }

    /// The counts of one row (or of everything).
    public struct Counts: Hashable, Sendable {
        public var findingsByKind: [ComplianceFinding.Kind: Int] = [:]
        public var gapsExplained = 0
        public var gapsUnexplained = 0
        public var publicationsMetLate = 0
        public var publicationsOverdue = 0
        public var changes: [WeakSpotFacts.PublicationChange.Change: Int] = [:]
        public var reviews = 0
        public var reviewScoreTotal = 0
        public var reviewFindings = 0
        /// By outcome name; `WeakSpotTable.pendingOutcome` while not answered.
        public var complaintsByOutcome: [String: Int] = [:]
        public var complaintsAnsweredLate = 0
        public var optionalOccurred: [OptionalRecordingSituation: Int] = [:]
        public var optionalRecorded: [OptionalRecordingSituation: Int] = [:]

        public init() {}

        public var findings: Int { findingsByKind.values.reduce(0, +) }
        public var latePublications: Int { publicationsMetLate + publicationsOverdue }
        public var complaints: Int { complaintsByOutcome.values.reduce(0, +) }
        public func count(_ kind: ComplianceFinding.Kind) -> Int { findingsByKind[kind, default: 0] }
        public func count(_ change: WeakSpotFacts.PublicationChange.Change) -> Int { changes[change, default: 0] }

        /// The average review score, nil when nothing was reviewed.
        public var reviewAverage: Double? { reviews == 0 ? nil : Double(reviewScoreTotal) / Double(reviews) }

        /// Recorded / occurred for one R6 situation (nil when it never occurred); all three with nil.
        public func optionalRate(_ situation: OptionalRecordingSituation? = nil) -> Double? {
            let occurred = situation.map { optionalOccurred[$0, default: 0] } ?? optionalOccurred.values.reduce(0, +)
            let recorded = situation.map { optionalRecorded[$0, default: 0] } ?? optionalRecorded.values.reduce(0, +)
            return occurred == 0 ? nil : Double(recorded) / Double(occurred)
        }

        /// Whether nothing at all was counted.
        public var isEmpty: Bool { self == Counts() }
    }

    /// One row: its key (a lowercased UUID, an enforcement kind's raw value, `YYYY-MM`, or "" for
    /// facts that name no unit, person or kind), its Chinese label, and its counts.
    public struct Row: Hashable, Sendable {
        public let key: String
        public let label: String
        public let counts: Counts
    }

    /// The outcome name of a complaint not yet answered.
    public static let pendingOutcome = "未办结"

    public let dimension: Dimension
    /// Units and officers by label; enforcement kinds in declaration order; months in order.
    public let rows: [Row]
    public let total: Counts
    /// Every complaint outcome met, in order (pending last): the CSV's complaint columns.
    public let complaintOutcomes: [String]

    /// Counts `facts` by `dimension`. `names` gives the labels of units and persons. With a period,
    /// the month rows cover every month of it, empty ones too.
    public init(facts: WeakSpotFacts, dimension: Dimension, names: [UUID: String] = [:], from: CivilDate? = nil, to: CivilDate? = nil) {
        self.dimension = dimension
        var counts: [String: Counts] = [:]
        var total = Counts()
        func keys(on day: CivilDate, unit: UUID?, people: [UUID], kind: EnforcementKind?) -> [String] {
            switch dimension {
            case .unit: [unit?.uuidString.lowercased() ?? ""]
            case .officer: people.isEmpty ? [""] : Array(Set(people)).map { $0.uuidString.lowercased() }
            case .kind: [kind?.rawValue ?? ""]
            case .month: [Self.monthKey(day)]
            }
        }
        func add(_ keys: [String], _ change: (inout Counts) -> Void) {
            for key in keys { change(&counts[key, default: Counts()]) }
            change(&total)
        }
        for fact in facts.findings {
            add(keys(on: fact.on, unit: fact.unitID, people: fact.officerIDs, kind: fact.kind)) { $0.findingsByKind[fact.findingKind, default: 0] += 1 }
        }
        for fact in facts.gaps {
            add(keys(on: fact.on, unit: fact.unitID, people: fact.officerIDs, kind: fact.kind)) {
                if fact.explained { $0.gapsExplained += 1 } else { $0.gapsUnexplained += 1 }
            }
        }
        for fact in facts.latePublications {
            add(keys(on: fact.on, unit: fact.unitID, people: fact.personID.map { [$0] } ?? [], kind: fact.kind)) {
                switch fact.status {
                case .metLate: $0.publicationsMetLate += 1
                case .overdue: $0.publicationsOverdue += 1
                }
            }
        }
        for fact in facts.publicationChanges {
            add(keys(on: fact.on, unit: fact.unitID, people: fact.personID.map { [$0] } ?? [], kind: fact.kind)) {
                $0.changes[fact.change, default: 0] += 1
            }
        }
        for fact in facts.optionalSituations {
            add(keys(on: fact.on, unit: fact.unitID, people: fact.officerIDs, kind: fact.kind)) {
                $0.optionalOccurred[fact.situation, default: 0] += 1
                if fact.recorded { $0.optionalRecorded[fact.situation, default: 0] += 1 }
            }
        }
        for fact in facts.reviewScores {
            add(keys(on: fact.reviewedOn, unit: fact.unitID, people: fact.officerIDs, kind: fact.kind)) {
                $0.reviews += 1
                $0.reviewScoreTotal += fact.score
                $0.reviewFindings += fact.findings
            }
        }
        var outcomes = Set<String>()
        for fact in facts.complaints {
            let outcome = fact.outcome?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? Self.pendingOutcome
            outcomes.insert(outcome)
            add(keys(on: fact.receivedOn, unit: fact.unitID, people: fact.officerID.map { [$0] } ?? [], kind: fact.kind)) {
                $0.complaintsByOutcome[outcome, default: 0] += 1
                if fact.answeredLate { $0.complaintsAnsweredLate += 1 }
            }
        }
        if dimension == .month, let from, let to, from <= to {
            var month = CivilDate(year: from.year, month: from.month, day: 1)!
            while month <= to {
                counts[Self.monthKey(month)] = counts[Self.monthKey(month)] ?? Counts()
                month = Self.nextMonth(month)
            }
        }
        self.total = total
        self.complaintOutcomes = outcomes.sorted { a, b in
            if (a == Self.pendingOutcome) != (b == Self.pendingOutcome) { return b == Self.pendingOutcome }
            return a < b
        }
        let rows = counts.map { key, counts in Row(key: key, label: Self.label(key, dimension: dimension, names: names), counts: counts) }
        self.rows = rows.sorted { a, b in
            // Rows without a unit, person or kind come last.
            if a.key.isEmpty != b.key.isEmpty { return b.key.isEmpty }
            switch dimension {
            case .month: return a.key < b.key
            case .kind:
                let order = { (key: String) in EnforcementKind.allCases.firstIndex { $0.rawValue == key } ?? Int.max }
                return order(a.key) < order(b.key)
            case .unit, .officer: return (a.label, a.key) < (b.label, b.key)
            }
        }
    }

    /// `YYYY-MM`.
    public static func monthKey(_ day: CivilDate) -> String { String(day.description.prefix(7)) }

    static func nextMonth(_ day: CivilDate) -> CivilDate {
        day.month == 12 ? CivilDate(year: day.year + 1, month: 1, day: 1)! : CivilDate(year: day.year, month: day.month + 1, day: 1)!
    }

    /// The Chinese label of a row key.
    public static func label(_ key: String, dimension: Dimension, names: [UUID: String]) -> String {
        switch dimension {
        case .unit, .officer:
            guard !key.isEmpty else { return dimension == .unit ? "（未确定单位）" : "（未确定人员）" }
            return UUID(uuidString: key).flatMap { names[$0] } ?? "（未知）"
        case .kind:
            return EnforcementKind(rawValue: key)?.chineseName ?? "（未确定类别）"
        case .month:
            let parts = key.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else { return key }
            return "\(year)年\(month)月"
        }
    }

    // MARK: - CSV (UTF-8 with BOM, RFC 4180, formula-safe)

    /// The header of `csv()`.
    public var csvHeader: [String] {
        var header: [String] = [dimension.chineseName, "键"]
        header += ComplianceFinding.Kind.allCases.map { "记录问题：\($0.chineseName)（\($0.specID)）" }
        header += ["记录问题合计", "录像中断（已说明）", "录像中断（未说明）", "公示逾期完成", "公示逾期未完成"]
        header += WeakSpotFacts.PublicationChange.Change.allCases.map(\.chineseName)
        header += ["评查案卷数", "评查平均分", "评查发现问题数"]
        header += complaintOutcomes.map { "投诉举报：\($0)" }
        header += ["投诉举报合计", "投诉举报逾期办理"]
        for situation in OptionalRecordingSituation.allCases {
            header += ["视情录像：\(situation.chineseName)（发生）", "视情录像：\(situation.chineseName)（录像）"]
        }
        header.append("视情录像率")
        return header
    }

    /// One row per unit, officer, kind or month, then the total.
    public func csv() -> Data {
        let lines = rows.map { fields($0.label, $0.key, $0.counts) } + [fields("合计", "", total)]
        return CSVDocument.data(header: csvHeader, rows: lines)
    }

    private func fields(_ label: String, _ key: String, _ counts: Counts) -> [String] {
        var fields: [String] = [label, key]
        fields += ComplianceFinding.Kind.allCases.map { String(counts.count($0)) }
        fields += [String(counts.findings), String(counts.gapsExplained), String(counts.gapsUnexplained)]
        fields += [String(counts.publicationsMetLate), String(counts.publicationsOverdue)]
        fields += WeakSpotFacts.PublicationChange.Change.allCases.map { String(counts.count($0)) }
        let average: String = counts.reviewAverage.map { Self.oneDecimal($0) } ?? ""
        fields += [String(counts.reviews), average, String(counts.reviewFindings)]
        fields += complaintOutcomes.map { String(counts.complaintsByOutcome[$0, default: 0]) }
        fields += [String(counts.complaints), String(counts.complaintsAnsweredLate)]
        for situation in OptionalRecordingSituation.allCases {
            fields += [String(counts.optionalOccurred[situation, default: 0]), String(counts.optionalRecorded[situation, default: 0])]
        }
        fields.append(counts.optionalRate().map { Self.percent($0) } ?? "")
        return fields
    }

    /// `85.5`.
    public static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// `66.7%`.
    public static func percent(_ rate: Double) -> String { oneDecimal(rate * 100) + "%" }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
