import Vapor

/// Conservative browser security headers on every response, and the last line against header
/// injection (issue 12 item 1): a response whose header holds CR, LF or NUL is never sent.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'")
        if request.isHTTPS {
            // Only over TLS: a browser ignores HSTS on plain HTTP, and a test site on http must stay usable.
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        if let (name, _) = response.headers.first(where: { Self.breaksHeader($0.name) || Self.breaksHeader($0.value) }) {
            request.logger.error("refused to send a response with a control character in header \(name.debugDescription) for \(request.url.path)")
            let refused = Response(status: .internalServerError)
            refused.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
            refused.body = .init(string: #"{"type":"internal-error","title":"服务器内部错误","status":500,"detail":"服务器内部错误。"}"#)
            return refused
        }
        return response
    }

    static func breaksHeader(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}
