import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Recording compliance (SPEC R5, R7, R14, P6; issue 4 item 5): the findings of one activity,
/// and the supervisor's report over a period by unit, officer and finding.
struct ComplianceController: RouteCollection {
    struct ActivityCompliance: Content {
        let activityId: UUID
        let findings: [ComplianceFinding]
    }

    struct Count: Content {
        let id: String
        let name: String
        let activities: Int
        let activitiesWithFindings: Int
        let findings: Int
        let byKind: [String: Int]
    }

    struct Report: Content {
        let from: String
        let to: String
        let activities: Int
        let activitiesWithFindings: Int
        let findings: Int
        let byKind: [String: Int]
        let byUnit: [Count]
        let byOfficer: [Count]
        let items: [ActivityCompliance]
        let page: Int
        let per: Int
    }

    func boot(routes: RoutesBuilder) throws {
        // Who may see one activity's findings depends on whose activity it is (Permissions.mayViewCompliance).
        routes.protected(.GET, URLs.apiActivityCompliance.components, action: nil, use: forActivity)
        routes.protected(.GET, URLs.apiCompliance.components, action: .viewAllCompliance, use: report)
    }

    @Sendable
    func forActivity(req: Request) async throws -> ActivityCompliance {
        let user = try req.user
        let queries = ActivityQueries(database: req.db)
        let id = try req.uuidParameter("id")
        guard let activity = try await queries.activity(id), let row = try await ActivityModel.find(id, on: req.db) else {
            throw Problem.notFound("执法活动不存在。")
        }
        guard ActivityAccess.mayViewCompliance(activity, createdBy: row.createdBy, by: user.staffMember) else {
            try await RefusalLog.record(req, userID: user.id, reason: "compliance of another officer's activity")
            throw Problem(.forbidden, type: "forbidden", title: "无权操作", detail: "只能查看本人参与的执法活动的记录合规情况。")
        }
        let findings = try await CaseService(req.serviceContext).complianceFindings(activity)
        return ActivityCompliance(activityId: id, findings: findings)
    }

    /// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (Asia/Shanghai days, inclusive), paged items.
    @Sendable
    func report(req: Request) async throws -> Report {
        guard let fromText = req.query[String.self, at: "from"], let from = CivilDate(iso: fromText),
              let toText = req.query[String.self, at: "to"], let to = CivilDate(iso: toText), from <= to else {
            throw Problem.badRequest("invalid-period", "请以 from、to（YYYY-MM-DD，from 不晚于 to）指定期间。",
                                     errors: ["from": "YYYY-MM-DD", "to": "YYYY-MM-DD"])
        }
        guard to.dayNumber - from.dayNumber <= 366 else {
            throw Problem.badRequest("period-too-long", "期间最长一年。")
        }
        let paging = try req.query.decode(PageQuery.self)
        let queries = ActivityQueries(database: req.db)
        let rows = try await ActivityModel.query(on: req.db)
            .filter(\.$startedAt >= from.startInstant())
            .filter(\.$startedAt < to.adding(days: 1).startInstant())
            .sort(\.$startedAt).all()
        var entries: [ComplianceReport.Entry] = []
        var items: [ActivityCompliance] = []
        var officerNames: [UUID: String] = [:]
        for row in rows {
            let activity = try row.domain()
            let officers = try await queries.officers(activity.officerIDs)
            for officer in officers { officerNames[officer.id] = officer.name }
            let findings = ComplianceCheck.findings(
                activity: activity, officers: officers, evidence: try await queries.evidence(activityID: activity.id),
                tolerances: req.serviceContext.recordingTolerances)
            let unitID = try await queries.enforcementCase(activity.caseID)?.unitID ?? UUID()
            entries.append(ComplianceReport.Entry(activity: activity, unitID: unitID, findings: findings))
            items.append(ActivityCompliance(activityId: activity.id, findings: findings))
        }
        let report = ComplianceReport(entries: entries)
        let units = try await UnitModel.query(on: req.db).all()
        let unitNames = Dictionary(units.compactMap { unit in unit.id.map { ($0, unit.name) } }, uniquingKeysWith: { a, _ in a })
        func count(_ id: UUID, _ name: String, _ tally: ComplianceReport.Tally) -> Count {
            Count(id: id.lowercased, name: name, activities: tally.activities, activitiesWithFindings: tally.activitiesWithFindings,
                  findings: tally.findings, byKind: Dictionary(uniqueKeysWithValues: tally.byKind.map { ($0.key.rawValue, $0.value) }))
        }
        let pageItems = Array(items.dropFirst(paging.offset).prefix(paging.perPage))
        return Report(
            from: from.description, to: to.description,
            activities: report.overall.activities, activitiesWithFindings: report.overall.activitiesWithFindings,
            findings: report.overall.findings,
            byKind: Dictionary(uniqueKeysWithValues: report.overall.byKind.map { ($0.key.rawValue, $0.value) }),
            byUnit: report.byUnit.map { count($0.key, unitNames[$0.key] ?? "", $0.value) }.sorted { $0.findings > $1.findings },
            byOfficer: report.byOfficer.map { count($0.key, officerNames[$0.key] ?? "", $0.value) }.sorted { $0.findings > $1.findings },
            items: pageItems, page: paging.pageNumber, per: paging.perPage)
    }
}
