import Domain
import FluentKit
import Foundation
import Persistence

/// Obligations with time limits (SPEC X1, X2, P7–P10): the triggers raised by hand and the
/// accountability report. `ObligationRules` decides which duties a trigger creates.
public struct ObligationService: Sendable {
    /// A trigger as typed (`law-changed`, `organisation-changed`, `decision-changed`,
    /// `decision-revoked`, `year-ended`).
    public struct TriggerInput: Sendable {
        public var trigger: String
        public var date: CivilDate?
        public var publicationIDs: [UUID]
        public var ground: String?
        public var year: Int?
        public var unitID: UUID?
        public var personID: UUID?

        public init(trigger: String, date: CivilDate?, publicationIDs: [UUID], ground: String?, year: Int?, unitID: UUID?, personID: UUID?) {
            self.trigger = trigger
            self.date = date
            self.publicationIDs = publicationIDs
            self.ground = ground
            self.year = year
            self.unitID = unitID
            self.personID = personID
        }
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func status(_ obligation: Obligation) -> ObligationStatus {
        ObligationStatus(obligation, today: context.clock.today, calendar: context.calendar)
    }

    /// Raises a P8, P9.3 or P7.4 trigger and stores the duties it creates.
    public func raise(_ input: TriggerInput) async throws -> [ObligationStatus] {
        let db = context.database
        let today = context.clock.today
        let date = input.date ?? today
        if let problem = ObligationTrigger.problem(date: date, today: today) {
            throw ServiceRefusal.invalid("invalid-trigger", problem.message, errors: [problem.field: problem.short])
        }
        var targets: [ObligationTarget] = []
        for id in input.publicationIDs {
            guard let publication = try await PublicationQueries(database: db).publication(id) else {
                throw ServiceRefusal.invalid("invalid-trigger", "公示信息不存在：\(id.uuidString.lowercased())。", errors: ["publicationIds": "不存在"])
            }
            targets.append(ObligationTarget(publication: publication))
        }
        let trigger: ObligationTrigger
        switch input.trigger {
        case "law-changed": trigger = .lawChanged(on: date, affected: targets)
        case "organisation-changed": trigger = .organisationChanged(on: date, affected: targets)
        case "decision-changed": trigger = .decisionChanged(on: date, affected: targets)
        case "decision-revoked":
            guard let ground = input.ground.flatMap(RevocationGround.init(rawValue:)) else {
                throw ServiceRefusal.invalid("invalid-trigger", "请说明撤销的情形。", errors: ["ground": "revoked、found-unlawful 或 remake-ordered"])
            }
            trigger = .decisionRevoked(on: date, ground: ground, affected: targets)
        case "year-ended":
            if let year = input.year, let problem = ObligationTrigger.problem(yearEnded: year, today: today) {
                throw ServiceRefusal.invalid("invalid-trigger", problem.message, errors: [problem.field: problem.short])
            }
            guard let year = input.year, year >= 2000, let unitID = input.unitID, let personID = input.personID,
                  let unit = try await UnitModel.find(unitID, on: db),
                  let person = try await OfficerModel.find(personID, on: db) else {
                throw ServiceRefusal.invalid("invalid-trigger", "年度数据须写明年份、责任单位和责任人。", errors: ["year": "必填"])
            }
            trigger = .yearEnded(year: year, responsibility: Responsibility(
                unitID: unitID, unitName: unit.name, personID: personID, personName: person.name))
        default:
            throw ServiceRefusal.malformed("malformed-parameter", "未知的触发事由：\(input.trigger)。", errors: ["trigger": "未知"])
        }
        if case .yearEnded = trigger {} else if targets.isEmpty {
            throw ServiceRefusal.invalid("invalid-trigger", "请选择受影响的公示信息。", errors: ["publicationIds": "至少一项"])
        }
        let obligations = context.obligationRules.obligations(for: trigger)
        try await refuseDuplicates(obligations)
        try await PublicationStore(ledger: context.ledger).create(obligations: obligations, at: context.clock.nowSeconds)
        return obligations.map(status)
    }

    /// A trigger is idempotent per subject (issue 13 item 1): a duty that exists already is not
    /// created again, and the answer says which one it is. (The key's primary key catches a race.)
    func refuseDuplicates(_ obligations: [Obligation]) async throws {
        let queries = ObligationQueries(database: context.database)
        for obligation in obligations {
            if let existing = try await queries.holding(key: obligation.uniquenessKey) {
                throw ServiceRefusal(
                    .conflict, type: "duplicate-obligation",
                    detail: "该事由已登记：“\(existing.title)”的“\(existing.kind.chineseName)”义务已于\(existing.triggerDate.chinese)产生，不再重复登记。")
            }
        }
    }

    /// The accountability report for duties due from `from` to `to`, as of today (SPEC P10).
    public func accountability(from: CivilDate, to: CivilDate) async throws -> AccountabilityReport {
        guard from <= to, from.adding(days: 3660) >= to else {
            throw ServiceRefusal.malformed("invalid-range", "统计区间应为起始不晚于截止、且不超过十年。")
        }
        let queries = ObligationQueries(database: context.database)
        let obligations = try await queries.due(from: from, to: to)
        // 应公示未公示: a decision's duty that no publication has been drafted for (issue 13 item 7).
        var undrafted: Set<UUID> = []
        for obligation in obligations where obligation.metOn == nil {
            if case .decision = obligation.subject, try await queries.linkedPublication(obligation.id) == nil {
                undrafted.insert(obligation.id)
            }
        }
        var report = AccountabilityReport(
            obligations: obligations, from: from, to: to, asOf: context.clock.today, calendar: context.calendar, undrafted: undrafted)
        // SPEC R14: blobs found missing, changed or unreadable by fixity audits in the period (issue 14 item 4).
        report.fixityFailures = try await FixityQueries(database: context.database)
            .failures(from: from.startInstant(), to: to.adding(days: 1).startInstant())
        return report
    }

    /// The recording rule's accountability for acts and refusals from `from` to `to` (SPEC R14; issue 13
    /// item 7): refused deletions and alterations of records, and compliance findings of acts in the
    /// period still open more than `graceWorkdays` working days after the act, with the unit and officers.
    public func recordingAccountability(from: CivilDate, to: CivilDate, graceWorkdays: Int) async throws -> RecordingAccountability {
        guard from <= to, from.adding(days: 366) >= to else {
            throw ServiceRefusal.malformed("invalid-range", "统计区间应为起始不晚于截止、且不超过一年。")
        }
        guard (0...60).contains(graceWorkdays) else {
            throw ServiceRefusal.malformed("invalid-grace", "整改宽限期应为0至60个工作日。", errors: ["findingDays": "0至60"])
        }
        let db = context.database
        let today = context.clock.today
        let queries = ActivityQueries(database: db)
        let units = Dictionary(try await UnitModel.query(on: db).all().map { (try $0.requireID(), $0.name) }, uniquingKeysWith: { a, _ in a })
        var open: [RecordingAccountability.OpenFinding] = []
        let activities = try await ActivityModel.query(on: db)
            .filter(\.$startedAt >= from.startInstant()).filter(\.$startedAt < to.adding(days: 1).startInstant())
            .sort(\.$startedAt).all()
        for row in activities {
            let activity = try row.domain()
            guard let workdays = RecordingAccountability.workdaysOpen(
                actDate: activity.date, today: today, graceWorkdays: graceWorkdays, calendar: context.calendar) else { continue }
            // The same judgement every door uses, with the configured tolerances.
            let findings = try await CaseService(context).complianceFindings(activity)
            guard !findings.isEmpty else { continue }
            let officers = try await queries.officers(activity.officerIDs)
            let unitName = try await queries.enforcementCase(activity.caseID).flatMap { units[$0.unitID] } ?? ""
            let names = activity.officerIDs.compactMap { id in officers.first { $0.id == id }?.name }
            open += findings.map {
                .init(activityID: activity.id, actDate: activity.date, unitName: unitName, officerNames: names, finding: $0, workdaysOpen: workdays)
            }
        }
        let refused = try await RefusedChangeQueries(database: db).refused(from: from, to: to)
        return RecordingAccountability(refusedChanges: refused, openFindings: open, graceWorkdays: graceWorkdays)
    }
}
