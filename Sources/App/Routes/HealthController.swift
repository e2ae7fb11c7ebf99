import Persistence
import SQLKit
import Vapor

/// `GET /healthz`: liveness plus a real database round trip.
struct HealthController: RouteCollection {
    struct Health: Content {
        let status: String
        let version: String
        let database: String
    }

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.healthz.components, use: health)
    }

    @Sendable
    func health(req: Request) async throws -> Response {
        let kind = req.application.lawTrail.config.database.kindName
        var status = "ok"
        do {
            try await (req.db as! any SQLDatabase).raw("SELECT 1").run()
        } catch {
            req.logger.error("health check: database unreachable: \(error)")
            status = "database-unavailable"
        }
        let body = Health(status: status, version: LawTrailVersion.current, database: kind)
        let response = try await body.encodeResponse(for: req)
        response.status = status == "ok" ? .ok : .serviceUnavailable
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
