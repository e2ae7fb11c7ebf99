import Foundation

/// 责任追究 under the recording rule (SPEC R14; issue 13 item 7): attempts to destroy, delete or alter
/// a record (refused and on the ledger, SPEC R9.5) and compliance findings still open after a set
/// number of working days past the act, each with the unit and the people responsible.
public struct RecordingAccountability: Hashable, Sendable, Codable {
    /// One refused delete or change of a record.
    public struct RefusedChange: Hashable, Sendable, Codable {
        public let at: Date
        public let recordID: UUID
        /// What the record is, e.g. `行政处罚决定书（普应急罚〔2026〕12号案）`.
        public let recordTitle: String
        /// The HTTP method or form that tried it (`DELETE`, `PUT`, `PATCH`).
        public let method: String
        /// Who tried it (a signed-in account's name; `未登录` when nobody was).
        public let personName: String
        /// The unit answering for the record (its case's).
        public let unitName: String

        public init(at: Date, recordID: UUID, recordTitle: String, method: String, personName: String, unitName: String) {
            self.at = at
            self.recordID = recordID
            self.recordTitle = recordTitle
            self.method = method
            self.personName = personName
            self.unitName = unitName
        }
    }

    /// One compliance finding still open.
    public struct OpenFinding: Hashable, Sendable, Codable {
        public let activityID: UUID
        public let actDate: CivilDate
        public let unitName: String
        /// The act's officers, who answer for its record (SPEC R14).
        public let officerNames: [String]
        public let specID: String
        public let kindName: String
        public let message: String
        /// Working days since the act, past which it is reported.
        public let workdaysOpen: Int

        public init(
            activityID: UUID, actDate: CivilDate, unitName: String, officerNames: [String], finding: ComplianceFinding, workdaysOpen: Int
        ) {
            self.activityID = activityID
            self.actDate = actDate
            self.unitName = unitName
            self.officerNames = officerNames
            self.specID = finding.kind.specID
            self.kindName = finding.kind.chineseName
            self.message = finding.message
            self.workdaysOpen = workdaysOpen
        }
    }

    /// Findings younger than this many working days are still being put right, not reported (the
    /// bureau may set another number on the report).
    public static let defaultGraceWorkdays = 5

    public let refusedChanges: [RefusedChange]
    public let openFindings: [OpenFinding]
    public let graceWorkdays: Int

    public init(refusedChanges: [RefusedChange], openFindings: [OpenFinding], graceWorkdays: Int) {
        self.refusedChanges = refusedChanges.sorted { ($0.at, $0.recordID.uuidString) < ($1.at, $1.recordID.uuidString) }
        self.openFindings = openFindings.sorted {
            ($0.unitName, $0.actDate.dayNumber, $0.activityID.uuidString) < ($1.unitName, $1.actDate.dayNumber, $1.activityID.uuidString)
        }
        self.graceWorkdays = graceWorkdays
    }

    /// Whether a finding on an act of `actDate` is reported on `today`: more than `graceWorkdays`
    /// working days have passed. Returns the working days passed, or nil when not reported.
    public static func workdaysOpen(actDate: CivilDate, today: CivilDate, graceWorkdays: Int, calendar: StatutoryCalendar) -> Int? {
        let passed = calendar.workdaysLateAllowingEstimate(due: actDate, done: today).count
        return passed > graceWorkdays ? passed : nil
    }

    public static let refusalsHeader = ["时间", "记录", "记录编号", "方式", "操作人", "责任单位"]

    /// The refused deletions and alterations, for the level above.
    public func refusalsCSV() -> Data {
        CSVDocument.data(header: Self.refusalsHeader, rows: refusedChanges.map { change in
            [ShanghaiTime.chinese(change.at), change.recordTitle, change.recordID.uuidString.lowercased(), change.method,
             change.personName, change.unitName]
        })
    }

    public static let findingsHeader = ["责任单位", "执法人员", "执法活动日期", "依据", "问题类别", "问题", "已过工作日数"]

    /// The findings still open, for the level above.
    public func findingsCSV() -> Data {
        CSVDocument.data(header: Self.findingsHeader, rows: openFindings.map { finding in
            [finding.unitName, finding.officerNames.joined(separator: "、"), finding.actDate.description,
             "全过程记录办法（SPEC \(finding.specID)）", finding.kindName, finding.message, String(finding.workdaysOpen)]
        })
    }
}
