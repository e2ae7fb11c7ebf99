import Domain
import Fluent
import Persistence
import Services
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
        routes.protected(.POST, URLs.apiCases.components, action: .createActivity, use: createCase)
        routes.protected(.GET, URLs.apiCase.components, action: .viewActivity, use: getCase)
        routes.protected(.POST, URLs.apiCaseClose.components, action: .closeCase, use: closeCase)
        routes.protected(.POST, URLs.apiActivities.components, action: .createActivity, use: createActivity)
        routes.protected(.GET, URLs.apiActivity.components, action: .viewActivity, use: getActivity)
    }

    @Sendable
    func createCase(req: Request) async throws -> Response {
        let input = try req.decodeBody(CaseInput.self)
        let enforcementCase = try await CaseService(req.serviceContext).openCase(.init(
            number: input.number, title: input.title, kind: input.kind, counterpartyID: input.counterpartyId,
            unitID: input.unitId, openedOn: input.openedOn, filedOn: input.filedOn), by: try req.staff)
        let response = try await enforcementCase.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: URLs.apiCase.path(enforcementCase.id))
        return response
    }

    struct CloseInput: Content {
        let closedOn: String?
        let summary: String?
    }

    struct ClosureBody: Content {
        let caseId: UUID
        let closedOn: String
        let summary: String
        let closedBy: UUID
        let closedAt: Date
        let ledgerIndex: UInt64
    }

    /// 结案 (issue 14 item 2): 201 with the closure; 409 `case-already-closed`; 422 `invalid-closing`
    /// (a date in the future or before the case was opened, no summary).
    @Sendable
    func closeCase(req: Request) async throws -> Response {
        let input = try req.decodeBody(CloseInput.self)
        let services = req.application.lawTrail
        let (closure, index) = try await ArchiveService(req.serviceContext, setup: services.archiveSetup).close(
            try req.uuidParameter("id"), closedOn: input.closedOn, summary: input.summary, by: try req.staff)
        return try await ClosureBody(
            caseId: closure.caseID, closedOn: closure.closedOn.description, summary: closure.summary, closedBy: closure.closedBy,
            closedAt: closure.closedAt, ledgerIndex: index).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func getCase(req: Request) async throws -> EnforcementCase {
        try await CaseService(req.serviceContext).enforcementCase(try req.uuidParameter("id"))
    }

    @Sendable
    func createActivity(req: Request) async throws -> Response {
        let input = try req.decodeBody(ActivityInput.self)
        let activity = try await CaseService(req.serviceContext).recordActivity(.init(
            caseID: input.caseId, kind: input.kind, procedure: input.procedure, site: input.site,
            isOnSite: input.isOnSite, officerIDs: input.officerIds, startedAt: input.startedAt, endedAt: input.endedAt,
            situations: Set(input.situations ?? []), optionalSituations: Set(input.optionalSituations ?? []),
            checklist: input.checklist ?? DisclosureChecklist(), videoExemptionReason: input.videoExemptionReason), by: try req.staff)
        let response = try await activity.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: URLs.apiActivity.path(activity.id))
        return response
    }

    @Sendable
    func getActivity(req: Request) async throws -> ActivityBody {
        let (activity, findings) = try await CaseService(req.serviceContext).activity(try req.uuidParameter("id"), for: try req.staff)
        return ActivityBody(activity: activity, compliance: findings)
    }
}

extension EnforcementCase: Content {}
extension Activity: Content {}
extension ComplianceFinding: Content {}
