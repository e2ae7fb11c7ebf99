import Vapor

/// Chinese HTML error pages for people in a browser (issue 10 item 5): a stale link or a refused
/// page shows the site's navigation and a way on, never raw problem JSON. Programs — the JSON API,
/// the ledger, open-data files, anything not asking for HTML — keep RFC 9457 problem+json.
enum ErrorPages {
    struct PublicPage: Content {
        let bureauName: String
        let todayChinese: String
        let title: String
        let text: String
        let status: Int
        let backURL: String?
    }

    /// Paths whose answers are for programs, whatever they accept.
    static let machinePrefixes = ["/api/", "/ledger/", "/open-data/", "/healthz", "/metrics", "/static/", "/feed.atom"]

    static func wantsHTML(_ req: Request) -> Bool {
        let path = req.url.path
        guard !machinePrefixes.contains(where: { path.hasPrefix($0) }), !path.hasSuffix(".json") else { return false }
        return req.headers[.accept].contains { $0.contains("text/html") }
    }

    /// The page for `problem`: the staff page under `/staff`, the portal's otherwise.
    static func render(_ req: Request, _ problem: Problem) async throws -> Response {
        let status = HTTPResponseStatus(statusCode: problem.status)
        let text = problem.status == 404 ? "您要找的页面不存在：链接可能已失效，或地址有误。" : problem.detail
        if req.url.path.hasPrefix("/staff") {
            return try await StaffPages.message(req, status: status, title: problem.title, text: text)
        }
        let services = req.application.lawTrail
        return try await req.view.render("error", PublicPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, title: problem.title,
            text: text, status: problem.status, backURL: sameSiteReferer(req))).encodeResponse(status: status, for: req)
    }

    /// The page the person came from, when it is on this site: a path (with its query), never a
    /// scheme a link could run (`javascript:` is blocked by our CSP anyway) or another host.
    static func sameSiteReferer(_ req: Request) -> String? {
        guard let referer = req.headers.first(name: .referer), let url = URLComponents(string: referer) else { return nil }
        if url.scheme != nil || url.host != nil {
            guard ["http", "https"].contains(url.scheme ?? ""), let host = url.host,
                  host == req.headers.first(name: .host)?.split(separator: ":").first.map(String.init) else { return nil }
        }
        let path = url.percentEncodedPath
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path != req.url.path else { return nil }
        return path + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}
