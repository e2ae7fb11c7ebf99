import Domain
import Fluent
import Persistence
import Vapor

/// `POST /api/v1/sessions`: username and password in, bearer token out (issue 4 item 8).
struct SessionController: RouteCollection {
    struct SignIn: Content {
        let username: String
        let password: String
    }

    struct Session: Content {
        let token: String
        let expiresAt: Date
        let username: String
        let displayName: String
        let role: String
    }

    func boot(routes: RoutesBuilder) throws {
        routes.post(SiteURL.apiSessions.components, use: create)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let input: SignIn
        do {
            input = try req.content.decode(SignIn.self)
        } catch {
            throw Problem.badRequest("malformed-body", "请提供 username 和 password。",
                                     errors: ["username": "必填", "password": "必填"])
        }
        guard let session = try await AccountService.signIn(
            username: input.username, password: input.password, on: req.db,
            // bcrypt takes tens of milliseconds: on the thread pool, never on the event loop.
            verify: { password, hash in try await req.password.async.verify(password, created: hash).get() },
            now: req.application.lawTrail.now
        ) else {
            try await RequireAction.logRefusal(req, userID: nil, reason: "sign-in failed for \(input.username.prefix(64))")
            throw Problem(.unauthorized, type: "invalid-credentials", title: "登录失败", detail: "用户名或密码不正确，或账号已停用。")
        }
        let body = Session(
            token: session.token, expiresAt: session.expiresAt, username: session.user.username,
            displayName: session.user.displayName, role: session.user.role)
        let response = try await body.encodeResponse(status: .created, for: req)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
