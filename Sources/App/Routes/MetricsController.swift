import Fluent
import Persistence
import Vapor

/// `GET /metrics`: the server's metrics in the Prometheus text format (ARCHITECTURE "HTTP
/// surfaces"; issue 16), through swift-prometheus — see `ServerMetrics` for every series. Open like
/// `/healthz`: counts and timings only, nothing personal, nothing about one case.
struct MetricsController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(URLs.metrics.components, use: metrics)
    }

    @Sendable
    func metrics(req: Request) async throws -> Response {
        let metrics = req.application.serverMetrics
        // The database series are counted at most every 15 seconds, however often this is scraped
        // (issue 12 item 7); the measured ones are read as they stand.
        try await metrics.refresh(req.db, now: req.application.lawTrail.now)
        let response = Response(status: .ok, body: .init(string: metrics.registry.emitToString()))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
