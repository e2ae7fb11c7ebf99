import Domain
import Fluent
import Persistence
import Vapor

/// Sign-in, sign-out and password change for staff (issue 6 item 1; SPEC X5).
///
/// Failed sign-ins are recorded per account and per client and lock out by `SignInPolicy`; each is
/// also logged as an access refusal. The sign-in form itself carries a double-submit CSRF token
/// (there is no session yet), so another site cannot sign a browser in to an account of its choosing.
struct SignInController: RouteCollection {
    struct SignInInput: Content {
        var csrf: String?
        var username: String?
        var password: String?
        var next: String?
    }

    struct SignInPage: Content {
        let bureauName: String
        let todayChinese: String
        let csrf: String
        let username: String
        let next: String
        let error: String?
    }

    struct PasswordInput: Content {
        var current: String?
        var new: String?
        var repeated: String?
    }

    struct PasswordPage: Content {
        let ctx: StaffContext
        let errors: [String: String]
        let done: Bool
    }

    static let minimumPasswordLength = 10

    func boot(routes: RoutesBuilder) throws {
        routes.get(URLs.staffSignIn.components, use: form)
        routes.post(URLs.staffSignIn.components, use: signIn)
        routes.staff(.POST, URLs.staffSignOut.components, action: nil, use: signOut)
        routes.staff(.GET, URLs.staffPassword.components, action: nil, use: passwordForm)
        routes.staff(.POST, URLs.staffPassword.components, action: nil, use: changePassword)
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        try await render(req, username: "", next: req.query[String.self, at: "next"] ?? "", error: nil, status: .ok)
    }

    @Sendable
    func signIn(req: Request) async throws -> Response {
        let input = try req.content.decode(SignInInput.self)
        let username = String((input.username ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        let next = input.next ?? ""
        guard CSRFToken.isValid(input.csrf, for: req) else {
            return try await render(req, username: username, next: next, error: "页面已过期，请重新登录。", status: .forbidden)
        }
        let session: (token: String, expiresAt: Date)
        switch try await SignInGate.attempt(username: username, password: input.password ?? "", on: req) {
        case .signedIn(let token, let expiresAt, _):
            session = (token, expiresAt)
        case .accountLocked(let minutes):
            return try await render(req, username: username, next: next,
                                    error: "该账号连续登录失败次数过多，已暂时锁定，请 \(minutes) 分钟后再试。", status: .tooManyRequests)
        case .clientBlocked:
            return try await render(req, username: username, next: next,
                                    error: "登录失败次数过多，请 15 分钟后再试。", status: .tooManyRequests)
        case .invalidCredentials:
            return try await render(req, username: username, next: next, error: "用户名或密码不正确，或账号已停用。", status: .unauthorized)
        case .busy:
            let response = try await render(req, username: username, next: next,
                                             error: "登录请求较多，请稍候几秒再试。", status: .serviceUnavailable)
            response.headers.replaceOrAdd(name: .retryAfter, value: "5")
            return response
        }
        let target = Self.redirectTarget(next)
        let response = req.redirect(to: target, redirectType: .normal)
        response.cookies[WebSession.cookieName(req)] = WebSession.cookie(session.token, expires: session.expiresAt, req: req)
        return response
    }

    /// Where to go after signing in: `next` only when it is a plain staff path (issue 12 item 1) —
    /// another site's address would make the form an open redirect, and a control character would
    /// split the `Location` header.
    static func redirectTarget(_ next: String) -> String {
        let home = URLs.staffHome.url
        let isStaffPath = next == home || next.hasPrefix(home + "/") || next.hasPrefix(home + "?")
        let isPlain = next.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }
        return isStaffPath && isPlain && next.count <= 1000 ? next : home
    }

    @Sendable
    func signOut(req: Request) async throws -> Response {
        if let token = req.storage[WebSession.TokenKey.self] {
            // A session is not a record: signing out ends it for good.
            try await APITokenModel.query(on: req.db).filter(\.$tokenSHA256 == AccountService.tokenDigest(token)).delete()
        }
        let response = req.redirect(to: URLs.staffSignIn.url, redirectType: .normal)
        response.cookies[WebSession.cookieName(req)] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isSecure: req.isHTTPS, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    @Sendable
    func passwordForm(req: Request) async throws -> View {
        try await req.view.render("staff/password", PasswordPage(ctx: try StaffContext(req), errors: [:], done: false))
    }

    @Sendable
    func changePassword(req: Request) async throws -> Response {
        let input = try req.content.decode(PasswordInput.self)
        let user = try req.user
        guard let row = try await UserModel.find(user.id, on: req.db) else { throw Abort(.unauthorized) }
        var errors: [String: String] = [:]
        let current = input.current ?? ""
        let work = req.application.passwordWork
        if !(try await work.verify(current, against: row.passwordHash)) {
            errors["current"] = "当前密码不正确"
        }
        let new = input.new ?? ""
        if new.count < Self.minimumPasswordLength { errors["new"] = "新密码至少\(Self.minimumPasswordLength)位" }
        else if new == current { errors["new"] = "新密码不能与当前密码相同" }
        if new != input.repeated { errors["repeated"] = "两次输入的新密码不一致" }
        guard errors.isEmpty else {
            return try await req.view.render("staff/password", PasswordPage(ctx: try StaffContext(req), errors: errors, done: false))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        row.passwordHash = try await work.hash(new)
        try await row.save(on: req.db)
        // Other sessions of this account end; this one stays.
        let keep = req.storage[WebSession.TokenKey.self].map(AccountService.tokenDigest) ?? ""
        try await APITokenModel.query(on: req.db).filter(\.$user.$id == user.id).filter(\.$tokenSHA256 != keep).delete()
        return try await req.view.render("staff/password", PasswordPage(ctx: try StaffContext(req), errors: [:], done: true))
            .encodeResponse(for: req)
    }

    private func render(_ req: Request, username: String, next: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let services = req.application.lawTrail
        let token = CSRFToken.token(for: req)
        let page = SignInPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, csrf: token.value,
            username: username, next: String(next.prefix(300)), error: error)
        let response = try await req.view.render("staff/sign-in", page).encodeResponse(status: status, for: req)
        CSRFToken.attach(token, to: response, req: req)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
