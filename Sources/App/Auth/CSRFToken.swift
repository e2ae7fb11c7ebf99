import Crypto
import Foundation
import Vapor

/// CSRF protection for HTML forms by double submission: the form carries a random token that must
/// equal the one in a `SameSite=Strict`, `HttpOnly` cookie. Another site can make a browser post
/// the form but can neither read the cookie nor set it, so it cannot supply the matching field.
enum CSRFToken {
    /// `__Host-` over TLS (issue 12 item 12): the browser then refuses the cookie unless it is
    /// Secure, host-only and for `/`, so a sibling subdomain cannot plant or shadow it.
    static func cookieName(_ req: Request) -> String {
        req.isHTTPS ? "__Host-lawtrail_csrf" : "lawtrail_csrf"
    }
    static let fieldName = "csrf"

    /// The request's token, or a new one; `attach` sets the cookie on the response when it is new.
    static func token(for req: Request) -> (value: String, isNew: Bool) {
        if let existing = req.cookies[cookieName(req)]?.string, existing.count == 43 { return (existing, false) }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let value = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (value, true)
    }

    static func attach(_ token: (value: String, isNew: Bool), to response: Response, req: Request) {
        guard token.isNew else { return }
        response.cookies[cookieName(req)] = HTTPCookies.Value(
            string: token.value, maxAge: 8 * 3600, path: "/", isSecure: req.isHTTPS,
            isHTTPOnly: true, sameSite: .strict)
    }

    /// Whether the submitted field matches the cookie (compared in constant time).
    static func isValid(_ submitted: String?, for req: Request) -> Bool {
        guard let submitted, let cookie = req.cookies[cookieName(req)]?.string, submitted.utf8.count == cookie.utf8.count else {
            return false
        }
        return zip(submitted.utf8, cookie.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
