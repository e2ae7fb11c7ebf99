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
        let session: (token: String, expiresAt: Date, user: UserModel)
        switch try await SignInGate.attempt(username: input.username, password: input.password, on: req) {
        case .signedIn(let token, let expiresAt, let user):
            session = (token, expiresAt, user)
        case .accountLocked(let minutes):
            throw Problem.tryLater(.tooManyRequests, type: "account-locked",
                                   detail: "该账号连续登录失败次数过多，已暂时锁定，请 \(minutes) 分钟后再试。", retryAfter: minutes * 60)
        case .clientBlocked:
            throw Problem.tryLater(.tooManyRequests, type: "client-blocked", detail: "登录失败次数过多，请 15 分钟后再试。", retryAfter: 15 * 60)
        case .invalidCredentials:
            throw Problem(.unauthorized, type: "invalid-credentials", title: "登录失败", detail: "用户名或密码不正确，或账号已停用。")
        case .busy:
            throw Problem.tryLater(.serviceUnavailable, type: "sign-in-busy", detail: "登录请求较多，请稍候几秒再试。", retryAfter: 5)
        }
        let body = Session(
            token: session.token, expiresAt: session.expiresAt, username: session.user.username,
            displayName: session.user.displayName, role: session.user.role)
        let response = try await body.encodeResponse(status: .created, for: req)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
