import Domain
import Foundation
import Services
import Vapor

/// The publicity-period policy over the API (issue 13 item 4; SPEC P7.5): read the policy in force
/// and every stored version; the legal section adds a version with its effective date. Each change
/// is a `publicity_policy.changed` ledger event; nothing is updated in place.
struct PublicityPolicyController: RouteCollection {
    struct Overview: Content {
        /// The policy in force today: a stored version, or the start-up default (no `effectiveFrom`).
        let inForce: PublicityPolicyVersionDTO
        /// Every stored version, oldest effective date first (also future ones).
        let versions: [PublicityPolicyVersionDTO]
    }

    struct ChangeInput: Content {
        let effectiveFrom: String
        let reason: String
        /// Per category slug; categories left out keep the national default.
        let durations: [String: PublicityDurationDTO]
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.GET, URLs.apiPublicityPolicy.components, action: .draftPublication, use: show)
        routes.protected(.POST, URLs.apiPublicityPolicy.components, action: .managePublicityPolicy, use: change)
    }

    @Sendable
    func show(req: Request) async throws -> Overview {
        let services = req.serviceContext
        let schedule = try await PublicityPolicyService(services).schedule()
        let current = schedule.version(on: services.clock.today)
        return Overview(
            inForce: current.map(PublicityPolicyVersionDTO.init) ?? PublicityPolicyVersionDTO(fallback: schedule.fallback),
            versions: schedule.versions.map(PublicityPolicyVersionDTO.init))
    }

    @Sendable
    func change(req: Request) async throws -> Response {
        let input = try req.decodeBody(ChangeInput.self)
        let effectiveFrom = try ObligationController.date(input.effectiveFrom, "effectiveFrom")
        let durations: [PublicityCategory: PublicityDuration]
        switch PublicityPolicyInput.durations(input.durations) {
        case .success(let read): durations = read
        case .failure(let problem):
            throw Problem.badRequest("malformed-body", "公示期限的格式不正确。", errors: problem.errors)
        }
        let version = try await PublicityPolicyService(req.serviceContext)
            .change(durations: durations, effectiveFrom: effectiveFrom, reason: input.reason, by: try req.staff)
        return try await PublicityPolicyVersionDTO(version).encodeResponse(status: .created, for: req)
    }
}
