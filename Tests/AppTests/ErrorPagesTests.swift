import App
import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting

/// Issue 10 items 5 and 9: people in a browser get Chinese HTML error pages with the site's
/// navigation; programs keep problem+json.
@Suite struct ErrorPagesTests {
    static func get(_ app: Application, _ path: String, accept: String, referer: String? = nil, cookie: String? = nil) async throws -> (HTTPStatus, HTTPHeaders, String) {
        var result: (HTTPStatus, HTTPHeaders, String)?
        try await app.testing().test(.GET, path, beforeRequest: { req in
            req.headers.replaceOrAdd(name: .accept, value: accept)
            req.headers.replaceOrAdd(name: .host, value: "127.0.0.1:8080")
            if let referer { req.headers.replaceOrAdd(name: .referer, value: referer) }
            if let cookie { req.headers.replaceOrAdd(name: .cookie, value: cookie) }
        }) { response in result = (response.status, response.headers, response.body.string) }
        return try #require(result)
    }

    static let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    @Test("a stale public link shows a Chinese page with the portal's navigation, not JSON")
    func publicNotFoundIsAPage() async throws {
        try await withTestApp { app in
            let (status, headers, body) = try await Self.get(app, "/publications/no-such-thing/old", accept: Self.browser,
                                                             referer: "http://127.0.0.1:8080/publications?kind=penalty-decision")
            #expect(status == .notFound)
            #expect(headers.contentType?.subType == "html")
            #expect(body.contains("您要找的页面不存在") && body.contains("主导航") && body.contains("回到首页"))
            #expect(body.contains("href=\"/publications?kind=penalty-decision\""))  // back, on this site
        }
    }

    @Test("a referer from another site or a script URL never becomes the back link")
    func backLinkStaysOnTheSite() async throws {
        try await withTestApp { app in
            for referer in ["https://evil.example/publications", "javascript:alert(1)", "//evil.example/x"] {
                let (_, _, body) = try await Self.get(app, "/nowhere", accept: Self.browser, referer: referer)
                #expect(!body.contains("返回上一页"), "\(referer)")
                #expect(!body.contains("evil.example") && !body.contains("javascript:"))
            }
        }
    }

    @Test("the API, the ledger and clients that do not ask for HTML keep problem+json")
    func programsKeepProblems() async throws {
        try await withTestApp { app in
            for (path, accept) in [("/api/v1/nothing", Self.browser), ("/ledger/entries/999999", Self.browser), ("/nowhere", "*/*")] {
                let (status, headers, body) = try await Self.get(app, path, accept: accept)
                #expect(status == .notFound || status == .unauthorized, "\(path)")
                #expect(headers.contentType?.subType == "problem+json", "\(path): \(headers.contentType?.description ?? "")")
                #expect(body.contains("\"type\""))
            }
        }
    }

    @Test("a signed-in staff member's error page keeps the staff navigation; no javascript: back link")
    func staffErrorKeepsNavigation() async throws {
        try await withTestApp(demo: true) { app in
            let browser = StaffWebTests.Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let (status, _, body) = try await Self.get(app, "/staff/users", accept: Self.browser, cookie: cookie)
            #expect(status == .forbidden)  // only the administrator manages accounts
            #expect(body.contains("工作台导航") && body.contains("无权操作"))
            #expect(!body.contains("javascript:"))
            let (missing, _, page) = try await Self.get(app, "/staff/activities/\(UUID().uuidString.lowercased())", accept: Self.browser, cookie: cookie)
            #expect(missing == .notFound)
            #expect(page.contains("工作台导航") && page.contains("您要找的页面不存在"))
        }
    }

    @Test("a malformed multipart body is refused with 400, never a 500 (schemathesis, issue 12)")
    func malformedMultipartIsABadRequest() async throws {
        try await withTestApp { app in
            // Only the closing boundary: MultipartKit's parser throws a private syntax error.
            for path in ["/corrections", "/corrections/status", "/staff/sign-in", "/api/v1/sessions"] {
                var result: (HTTPStatus, String)?
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    req.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=c637e12e2b1a998d80d1b087531af51c")
                    req.body = ByteBuffer(string: "--c637e12e2b1a998d80d1b087531af51c--\r\n")
                }) { response in result = (response.status, response.body.string) }
                let (status, body) = try #require(result)
                #expect(status == .badRequest, "\(path): \(status) \(body)")
            }
        }
    }
}
