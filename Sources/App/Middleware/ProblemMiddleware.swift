import FluentKit
import Persistence
import Services
import Vapor

/// Turns every error into an RFC 9457 problem+json response — or, for a person in a browser on a
/// page (not the API), a Chinese HTML error page with the site's navigation (`ErrorPages`).
/// Internal details are logged, never sent.
struct ProblemMiddleware: AsyncMiddleware {
    let environment: Environment

    /// The problem an error became, for `ForbiddenResponseLog`.
    struct ProblemKey: StorageKey { typealias Value = Problem }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = problem(for: error)
            request.storage[ProblemKey.self] = problem
            if problem.status >= 500 {
                request.logger.report(error: error)
            } else {
                request.logger.debug("refused \(request.method) \(request.url.path): \(problem.type)")
            }
            let response: Response
            if ErrorPages.wantsHTML(request), let page = try? await ErrorPages.render(request, problem) {
                response = page
            } else {
                response = Self.response(for: problem)
            }
            if let seconds = problem.retryAfter {
                response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            }
            return response
        }
    }

    func problem(for error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let refusal as ServiceRefusal:
            return Problem(refusal)
        case let abort as any AbortError:
            var problem = Problem.generic(abort.status)
            if abort.status.code < 500, !abort.reason.isEmpty, abort.reason != abort.status.reasonPhrase {
                problem.detail = abort.reason
            }
            return problem
        case is DecodingError:
            return .badRequest("malformed-body", "请求内容格式不正确。")
        case _ where String(reflecting: type(of: error)).hasPrefix("MultipartKit."):
            // A malformed multipart/form-data body (any route that decodes content, whatever media
            // type it expects): MultipartKit's parser throws a private `MultipartParser.Error.syntax`
            // that cannot be matched by type. The client's fault, not a 500 (schemathesis, issue 12).
            return .badRequest("malformed-body", "请求内容格式不正确。")
        case _ where StorageFault(error) != nil:
            // The disk is full or failed (issue 17 item 4, docs/reliability.md "Faults"): say so,
            // and that nothing acknowledged before is affected.
            return .storage(StorageFault(error)!)
        case let database as any DatabaseError where database.isConstraintFailure:
            // A unique key refused a concurrent duplicate (a second correction, a second decision…).
            return Problem(.conflict, type: "conflict", title: "与现有数据冲突", detail: "该操作与已保存的数据冲突（可能已被他人同时处理），请刷新后重试。")
        default:
            return .generic(.internalServerError)
        }
    }

    static func response(for problem: Problem) -> Response {
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        return Response(status: HTTPResponseStatus(statusCode: problem.status), headers: headers, body: .init(data: body))
    }
}
