import Domain
import Fluent
import Persistence
import Vapor

/// Cases and enforcement activities (SPEC R1, P6; issue 4 item 1).
struct CaseController: RouteCollection {
    struct CaseInput: Content {
        let number: String
        let title: String
        let kind: EnforcementKind
        let counterpartyId: UUID
        let unitId: UUID
        let openedOn: String
        let filedOn: String?
    }

    struct ActivityInput: Content {
        let caseId: UUID
        let kind: EnforcementKind
        let procedure: Procedure
        let site: Site
        let isOnSite: Bool
        let officerIds: [UUID]
        let startedAt: Date
        let endedAt: Date
        let situations: [RecordingSituation]?
        let optionalSituations: [OptionalRecordingSituation]?
        let checklist: DisclosureChecklist?
        let videoExemptionReason: String?
    }

    struct ActivityBody: Content {
        let activity: Activity
        /// nil when the user may not see this activity's findings.
        let compliance: [ComplianceFinding]?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, ["api", "v1", "cases"], action: .createActivity, use: createCase)
        routes.protected(.GET, ["api", "v1", "cases", ":id"], action: .viewActivity, use: getCase)
        routes.protected(.POST, ["api", "v1", "activities"], action: .createActivity, use: createActivity)
        routes.protected(.GET, ["api", "v1", "activities", ":id"], action: .viewActivity, use: getActivity)
    }

    @Sendable
    func createCase(req: Request) async throws -> Response {
        let enforcementCase = try await Self.createCase(try req.decodeBody(CaseInput.self), req: req)
        let response = try await enforcementCase.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/cases/\(enforcementCase.id.lowercased)")
        return response
    }

    /// Checks and stores a case (also used by the staff pages); a `Problem` names each wrong field.
    static func createCase(_ input: CaseInput, req: Request) async throws -> EnforcementCase {
        var errors: [String: String] = [:]
        if input.number.trimmingCharacters(in: .whitespaces).isEmpty { errors["number"] = "必填" }
        if input.title.trimmingCharacters(in: .whitespaces).isEmpty { errors["title"] = "必填" }
        let openedOn = CivilDate(iso: input.openedOn)
        if openedOn == nil { errors["openedOn"] = "应为 YYYY-MM-DD 日期" }
        let filedOn = input.filedOn.flatMap { CivilDate(iso: $0) }
        if input.filedOn != nil, filedOn == nil { errors["filedOn"] = "应为 YYYY-MM-DD 日期" }
        if try await CounterpartyModel.find(input.counterpartyId, on: req.db) == nil { errors["counterpartyId"] = "行政相对人不存在" }
        if try await UnitModel.find(input.unitId, on: req.db) == nil { errors["unitId"] = "单位不存在" }
        if try await CaseModel.query(on: req.db).filter(\.$number == input.number).count() > 0 { errors["number"] = "案件编号已存在" }
        guard errors.isEmpty, let openedOn else {
            throw Problem.unprocessable("invalid-case", "案件信息有误，请按提示修改。", errors: errors)
        }
        let enforcementCase = EnforcementCase(
            number: input.number, title: input.title, kind: input.kind, counterpartyID: input.counterpartyId,
            unitID: input.unitId, openedOn: openedOn, filedOn: filedOn)
        try await ActivityStore(ledger: req.ledgerWriter).create(enforcementCase, by: try req.user.id)
        return enforcementCase
    }

    @Sendable
    func getCase(req: Request) async throws -> EnforcementCase {
        guard let found = try await ActivityQueries(database: req.db).enforcementCase(try req.uuidParameter("id")) else {
            throw Problem.notFound("案件不存在。")
        }
        return found
    }

    @Sendable
    func createActivity(req: Request) async throws -> Response {
        let activity = try await Self.createActivity(try req.decodeBody(ActivityInput.self), req: req)
        let response = try await activity.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/activities/\(activity.id.lowercased)")
        return response
    }

    /// Checks and stores an activity (also used by the staff pages).
    static func createActivity(_ input: ActivityInput, req: Request) async throws -> Activity {
        guard try await CaseModel.find(input.caseId, on: req.db) != nil else {
            throw Problem.unprocessable("invalid-activity", "案件不存在。", errors: ["caseId": "案件不存在"])
        }
        let activity = Activity(
            caseID: input.caseId, kind: input.kind, procedure: input.procedure, site: input.site,
            isOnSite: input.isOnSite, officerIDs: input.officerIds, startedAt: input.startedAt, endedAt: input.endedAt,
            situations: Set(input.situations ?? []), optionalSituations: Set(input.optionalSituations ?? []),
            checklist: input.checklist ?? DisclosureChecklist(), videoExemptionReason: input.videoExemptionReason)
        let queries = ActivityQueries(database: req.db)
        let officers = try await queries.officers(input.officerIds)
        // SPEC P6: an on-site act needs two officers each with a certificate valid that day.
        let problems = ActivityRules.problems(activity, officers: officers)
        if !problems.isEmpty {
            var errors: [String: String] = [:]
            for problem in problems { errors[problem.field, default: ""] += (errors[problem.field] == nil ? "" : "；") + problem.message }
            throw Problem.unprocessable("invalid-activity", problems.map(\.message).joined(separator: "；"), errors: errors)
        }
        try await ActivityStore(ledger: req.ledgerWriter).create(activity, by: try req.user.id)
        return activity
    }

    @Sendable
    func getActivity(req: Request) async throws -> ActivityBody {
        let queries = ActivityQueries(database: req.db)
        guard let activity = try await queries.activity(try req.uuidParameter("id")),
              let row = try await ActivityModel.find(activity.id, on: req.db) else {
            throw Problem.notFound("执法活动不存在。")
        }
        guard ComplianceController.mayView(activity, createdBy: row.createdBy, user: try req.user) else {
            return ActivityBody(activity: activity, compliance: nil)
        }
        let findings = ComplianceCheck.findings(
            activity: activity, officers: try await queries.officers(activity.officerIDs),
            evidence: try await queries.evidence(activityID: activity.id))
        return ActivityBody(activity: activity, compliance: findings)
    }
}

extension EnforcementCase: Content {}
extension Activity: Content {}
extension ComplianceFinding: Content {}
