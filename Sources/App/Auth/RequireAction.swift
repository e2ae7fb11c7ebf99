import Domain
import Persistence
import Services
import Vapor

/// Lets a request through only for a signed-in user whose role may do `action` (SPEC X5);
/// every refusal is answered 401/403 with a problem and stored in `access_refusals`.
struct RequireAction: AsyncMiddleware {
    /// nil: any signed-in staff member (used where the answer itself is a refusal, e.g. DELETE).
    let action: Action?

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(AuthenticatedUser.self) else {
            try await RefusalLog.record(request, userID: nil, reason: "unauthenticated")
            throw Problem(.unauthorized, type: "unauthenticated", title: "需要登录", detail: "请先登录（Authorization: Bearer 令牌）。")
        }
        if let action, !Permissions.allows(user.role, action) {
            try await RefusalLog.record(request, userID: user.id, reason: "forbidden: \(user.role.rawValue) may not \(action.rawValue)")
            throw Problem(.forbidden, type: "forbidden", title: "无权操作",
                          detail: "您的角色（\(user.role.chineseName)）无权进行此操作。")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// Runs a service call; a forbidden refusal is logged in `access_refusals` (SPEC X5: every
    /// refusal is kept) before it is passed on.
    func loggingRefusal<T>(_ what: String, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let refusal as ServiceRefusal where refusal.kind == .forbidden || refusal.type == "purpose-required" {
            try await RefusalLog.record(self, userID: auth.get(AuthenticatedUser.self)?.id, reason: "\(what) refused: \(refusal.type): \(refusal.detail)")
            throw refusal
        }
    }
}

extension RoutesBuilder {
    /// Registers a route that needs `action`; the action is kept on the route so the route-table
    /// test can prove every protected route refuses no token and a wrong role.
    @discardableResult
    func protected<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], action: Action?,
        body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = grouped(RequireAction(action: action)).on(method, path, body: body, use: handler)
        route.userInfo[RouteAction.key] = action
        route.userInfo[RouteAction.protectedKey] = true
        return route
    }
}

public enum RouteAction {
    public static let key = "lawtrail.action"
    public static let protectedKey = "lawtrail.protected"
    public static let staffKey = "lawtrail.staff"
}
