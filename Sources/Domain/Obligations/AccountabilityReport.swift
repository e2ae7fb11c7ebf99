import Foundation

/// 责任追究: the obligations that were not met in time over a period, with who answers for each,
/// grouped per unit and per person (SPEC P10, X2: "overdue obligations are what 责任追究 acts on: a
/// report lists them with who is responsible"). What the level above reads.
///
/// An obligation is in the report when its due day (exact or estimated) falls within `from…to` and,
/// as of `asOf`, it is overdue (not met) or was met after its due day. Obligations whose due day is
/// unknown (no holiday data and no estimate) cannot be late and are left out — the obligations
/// page shows them as unknown (SPEC X1). Lateness is counted in working days after the due day
/// (and in calendar days, for the P7.4 date deadline); a count that ran through a year without a
/// holiday notice is marked as an estimate.
public struct AccountabilityReport: Hashable, Sendable, Codable {
    /// Late, and how.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Not met by `asOf`, after the due day.
        case overdue = "overdue"
        /// Met, after the due day.
        case metLate = "met-late"

        public var chineseName: String {
            switch self {
            case .overdue: "逾期未完成"
            case .metLate: "逾期完成"
            }
        }
    }

    /// One late obligation.
    public struct Entry: Hashable, Sendable, Codable {
        public let obligation: Obligation
        public let status: Status
        public let dueDate: CivilDate
        /// Working days after the due day, up to the day it was met (or `asOf` if not met).
        public let workdaysLate: Int
        public let calendarDaysLate: Int
        /// Years without a holiday notice that the due day or the count of days late rests on.
        public let estimatedYears: [Int]
        /// A decision whose publication nobody has drafted (应公示未公示, 公示办法 十（一）; issue 13).
        public let undrafted: Bool

        public var isEstimate: Bool { !estimatedYears.isEmpty }

        /// The 备注 of the CSVs and pages: not drafted, resting on an estimate.
        public var remarks: String {
            var notes: [String] = []
            if undrafted { notes.append("应公示未公示：尚未起草公示信息") }
            if isEstimate { notes.append("含估算：\(estimatedYears.map { "\($0)年" }.joined(separator: "、"))节假日安排尚未导入") }
            return notes.joined(separator: "；")
        }
    }

    /// The counts for one unit or one person.
    public struct Group: Hashable, Sendable, Codable {
        /// The unit's or the person's id.
        public let id: UUID
        public let name: String
        /// The unit's name (for a unit, the same as `name`).
        public let unitName: String
        public internal(set) var overdue: Int
        public internal(set) var metLate: Int
        public internal(set) var workdaysLate: Int
        /// Of `total`, those whose due day or lateness rests on an estimate.
        public internal(set) var estimated: Int = 0

        public var total: Int { overdue + metLate }
    }

    public let from: CivilDate
    public let to: CivilDate
    /// The day the report is made "as of": what is not met by then counts as overdue.
    public let asOf: CivilDate
    /// Late obligations, by unit, person, due day and title.
    public let entries: [Entry]
    /// Units, most late obligations first.
    public let byUnit: [Group]
    /// Persons, most late obligations first.
    public let byPerson: [Group]
    /// Stored blobs found missing, changed or unreadable by fixity audits in the period (SPEC R14: records
    /// destroyed, deleted or altered; issue 14 item 4), oldest first. Filled by the service.
    public var fixityFailures: [FixityFailure] = []

    /// `undrafted` names the decision duties no publication has been drafted for.
    public init(
        obligations: [Obligation], from: CivilDate, to: CivilDate, asOf: CivilDate, calendar: StatutoryCalendar, undrafted: Set<UUID> = []
    ) {
        self.from = from
        self.to = to
        self.asOf = asOf
        var entries: [Entry] = []
        for obligation in obligations {
            guard let dueDate = obligation.due.date, from <= dueDate, dueDate <= to else { continue }
            let status: Status
            let lateUntil: CivilDate
            switch obligation.state(on: asOf) {
            case .overdue:
                status = .overdue
                lateUntil = asOf
            case .met(let metOn) where metOn > dueDate:
                status = .metLate
                lateUntil = metOn
            default:
                continue
            }
            let late = calendar.workdaysLateAllowingEstimate(due: dueDate, done: lateUntil)
            var estimatedYears = Set(late.estimatedYears)
            if case .estimate(_, let years) = obligation.due { estimatedYears.formUnion(years) }
            entries.append(Entry(
                obligation: obligation, status: status, dueDate: dueDate, workdaysLate: late.count,
                calendarDaysLate: lateUntil.dayNumber - dueDate.dayNumber, estimatedYears: estimatedYears.sorted(),
                undrafted: undrafted.contains(obligation.id)))
        }
        entries.sort { a, b in
            let ra = a.obligation.responsibility, rb = b.obligation.responsibility
            return (ra.unitName, ra.personName, a.dueDate.dayNumber, a.obligation.title, a.obligation.id.uuidString)
                < (rb.unitName, rb.personName, b.dueDate.dayNumber, b.obligation.title, b.obligation.id.uuidString)
        }
        self.entries = entries

        var units: [UUID: Group] = [:]
        var persons: [UUID: Group] = [:]
        for entry in entries {
            let r = entry.obligation.responsibility
            units[r.unitID, default: Group(id: r.unitID, name: r.unitName, unitName: r.unitName, overdue: 0, metLate: 0, workdaysLate: 0)]
                .add(entry)
            persons[r.personID, default: Group(id: r.personID, name: r.personName, unitName: r.unitName, overdue: 0, metLate: 0, workdaysLate: 0)]
                .add(entry)
        }
        self.byUnit = Self.ranked(units)
        self.byPerson = Self.ranked(persons)
    }

    private static func ranked(_ groups: [UUID: Group]) -> [Group] {
        groups.values.sorted { a, b in
            if a.total != b.total { return a.total > b.total }
            if a.workdaysLate != b.workdaysLate { return a.workdaysLate > b.workdaysLate }
            return (a.unitName, a.name, a.id.uuidString) < (b.unitName, b.name, b.id.uuidString)
        }
    }

    // MARK: - CSV (UTF-8 with BOM, RFC 4180)

    /// The header of `csv()`.
    public static let detailHeader = [
        "责任单位", "责任人", "依据", "义务", "时限", "事项", "触发日期", "应完成日期", "完成日期", "状态",
        "逾期工作日数", "逾期自然日数", "备注",
    ]

    /// One row per late obligation, for the level above (SPEC P10).
    public func csv() -> Data {
        let rows = entries.map { entry -> [String] in
            let o = entry.obligation
            return [
                o.responsibility.unitName, o.responsibility.personName, "\(o.kind.ruleClause)（SPEC \(o.specID)）",
                o.kind.chineseName, o.kind.timeLimitDescription, o.title, o.triggerDate.description,
                entry.dueDate.description, o.metOn.map(\.description) ?? "", entry.status.chineseName,
                String(entry.workdaysLate), String(entry.calendarDaysLate), entry.remarks,
            ]
        }
        return CSVDocument.data(header: Self.detailHeader, rows: rows)
    }

    /// The header of `summaryCSV()`.
    public static let summaryHeader = ["分组", "责任单位", "责任人", "逾期未完成", "逾期完成", "合计", "逾期工作日数合计", "其中含估算"]

    /// The counts per unit, then per person.
    public func summaryCSV() -> Data {
        let unitRows = byUnit.map { group in
            ["单位", group.name, "", String(group.overdue), String(group.metLate), String(group.total), String(group.workdaysLate),
             String(group.estimated)]
        }
        let personRows = byPerson.map { group in
            ["个人", group.unitName, group.name, String(group.overdue), String(group.metLate), String(group.total),
             String(group.workdaysLate), String(group.estimated)]
        }
        return CSVDocument.data(header: Self.summaryHeader, rows: unitRows + personRows)
    }
}

extension AccountabilityReport {
    /// The header of `fixityCSV()`.
    public static let fixityHeader = ["检查时间", "SHA-256", "问题", "检查所得哈希值", "涉及记录", "涉及更正申请", "检查周期", "批次"]

    /// One row per blob found missing, changed or unreadable in the period (SPEC R14; issue 14 item 4).
    public func fixityCSV() -> Data {
        let rows = fixityFailures.map { failure in
            [
                ShanghaiTime.chinese(failure.checkedAt), failure.blobSHA256, failure.problem.chineseName, failure.actualSHA256 ?? "",
                failure.recordIDs.map { $0.uuidString.lowercased() }.joined(separator: " "),
                failure.correctionRequestIDs.map { $0.uuidString.lowercased() }.joined(separator: " "),
                failure.cycleID.uuidString.lowercased(), String(failure.batch),
            ]
        }
        return CSVDocument.data(header: Self.fixityHeader, rows: rows)
    }
}

extension AccountabilityReport.Group {
    fileprivate mutating func add(_ entry: AccountabilityReport.Entry) {
        switch entry.status {
        case .overdue: overdue += 1
        case .metLate: metLate += 1
        }
        workdaysLate += entry.workdaysLate
        if entry.isEstimate { estimated += 1 }
    }
}
