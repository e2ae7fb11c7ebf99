import Crypto
import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// Staff web sessions (issue 6 item 1): the sign-in token of `AccountService` kept in an HttpOnly,
/// SameSite=Strict cookie (Secure behind TLS), expiring with the token (8 hours). The CSRF token of
/// a session is derived from it (HMAC), so it needs no storage and dies with the session; every
/// state-changing staff form carries it, and so does every cookie-authenticated API call
/// (`X-CSRF-Token`), e.g. the upload widget's.
enum WebSession {
    /// `__Host-` over TLS (issue 12 item 12), as for the CSRF cookie.
    static func cookieName(_ req: Request) -> String {
        req.isHTTPS ? "__Host-lawtrail_session" : "lawtrail_session"
    }
    static let csrfField = "csrf"
    static let csrfHeader = "X-CSRF-Token"

    static func csrfToken(forSession token: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("lawtrail-csrf".utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(code).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The session token of a signed-in request, kept by the authenticator.
    struct TokenKey: StorageKey { typealias Value = String }

    static func cookie(_ token: String, expires: Date, req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: expires, path: "/", isSecure: req.isHTTPS, isHTTPOnly: true, sameSite: .strict)
    }

    /// Whether the request carries the session's CSRF token (form field or header), in constant time.
    static func hasValidCSRF(_ req: Request, form: String? = nil) -> Bool {
        guard let token = req.storage[TokenKey.self] else { return false }
        let expected = Array(csrfToken(forSession: token).utf8)
        let submitted = Array((form ?? req.headers.first(name: csrfHeader) ?? "").utf8)
        guard submitted.count == expected.count else { return false }
        return zip(submitted, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Signs a request in from the session cookie. On the JSON API a cookie counts only with the
/// CSRF header for anything but GET and HEAD — a bearer token needs none, a cookie is sent by the
/// browser on its own.
struct SessionCookieAuthenticator: AsyncRequestAuthenticator {
    func authenticate(request: Request) async throws {
        guard request.auth.get(AuthenticatedUser.self) == nil,
              let token = request.cookies[WebSession.cookieName(request)]?.string, !token.isEmpty else { return }
        let digest = AccountService.tokenDigest(token)
        guard let row = try await APITokenModel.query(on: request.db).filter(\.$tokenSHA256 == digest).with(\.$user).first(),
              row.expiresAt > request.application.lawTrail.now, row.user.active,
              let role = Role(rawValue: row.user.role), let id = row.user.id else { return }
        request.storage[WebSession.TokenKey.self] = token
        if request.url.path.hasPrefix("/api/"), request.method != .GET, request.method != .HEAD,
           !WebSession.hasValidCSRF(request) {
            return
        }
        request.auth.login(AuthenticatedUser(
            id: id, username: row.user.username, displayName: row.user.displayName,
            role: role, unitID: row.user.$unit.id, officerID: row.user.officerID))
    }
}

/// The staff pages' guard (SPEC X5): no session → the sign-in page; a wrong role → a Chinese 403
/// page; a state-changing request without the session's CSRF token → refused. Each refusal is
/// logged in `access_refusals`, as on the API.
struct RequireStaff: AsyncMiddleware {
    let action: Action?

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(AuthenticatedUser.self) else {
            try await RefusalLog.record(request, userID: nil, reason: "unauthenticated (web)")
            if request.method == .GET {
                let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
                var components = URLComponents()
                components.path = URLs.staffSignIn.url
                components.queryItems = [URLQueryItem(name: "next", value: target)]
                return request.redirect(to: components.string ?? URLs.staffSignIn.url, redirectType: .normal)
            }
            return try await StaffPages.message(request, status: .unauthorized, title: "需要登录", text: "登录已过期，请重新登录。")
        }
        if let action, !Permissions.allows(user.role, action) {
            try await RefusalLog.record(request, userID: user.id, reason: "forbidden (web): \(user.role.rawValue) may not \(action.rawValue)")
            return try await StaffPages.message(request, status: .forbidden, title: "无权操作",
                                                text: "您的角色（\(user.role.chineseName)）无权进行此操作：\(action.chineseName)。")
        }
        if request.method != .GET && request.method != .HEAD {
            // The body must be collected before its CSRF field can be read: a form larger than
            // what arrived with the headers is still streaming here, and `request.content` would
            // see no body at all (issue 10 item 1: every form over ~1.6 KB was refused).
            // A body that came in one piece is already collected and not measured by `collect`.
            var tooLarge = false
            do {
                let body = try await request.body.collect(max: StaffPages.maxFormBytes).get()
                tooLarge = (body?.readableBytes ?? 0) > StaffPages.maxFormBytes
            } catch let abort as AbortError where abort.status == .payloadTooLarge {
                tooLarge = true
            }
            if tooLarge {
                return try await StaffPages.message(request, status: .payloadTooLarge, title: "内容过多",
                                                    text: "提交的内容超过了 \(StaffPages.maxFormBytes / 1024) KB 的上限，未保存。请返回，缩短文字或把长篇材料作为附件上传后再提交。")
            }
            let field = try? request.content.get(String.self, at: WebSession.csrfField)
            guard WebSession.hasValidCSRF(request, form: field) else {
                try await RefusalLog.record(request, userID: user.id, reason: "csrf token missing or wrong (web)")
                return try await StaffPages.message(request, status: .forbidden, title: "页面已过期",
                                                    text: "表单已过期或来源不明，请返回刷新页面后重新提交。")
            }
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Registers a staff page that needs `action` (nil: any signed-in staff member); the route
    /// table test walks these like the API's.
    @discardableResult
    func staff<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], action: Action?,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = grouped(RequireStaff(action: action))
            .on(method, path, body: .collect(maxSize: ByteCount(value: StaffPages.maxFormBytes)), use: handler)
        route.userInfo[RouteAction.key] = action
        route.userInfo[RouteAction.staffKey] = true
        return route
    }
}
