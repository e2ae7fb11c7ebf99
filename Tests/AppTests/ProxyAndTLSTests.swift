import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 12 items 8 and 12, over a real socket: forwarding headers count only from a configured
/// proxy — for the logged client address, the sign-in limits, the Secure/`__Host-` cookies and HSTS.
@Suite struct ProxyAndTLSTests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders, form: String? = nil) async throws -> ClientResponse {
        let port = try await StaffWebTests.Browser.livePort(app)
        return try await app.client.send(method, headers: headers, to: URI(string: "http://127.0.0.1:\(port)\(path)")) { request in
            if let form {
                request.body = ByteBuffer(string: form)
                request.headers.contentType = .urlEncodedForm
            }
        }
    }

    static let forwarded: HTTPHeaders = ["X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"]

    @Test("issue 12 item 8: without a trusted proxy a client's X-Forwarded-* is ignored", arguments: [TestDatabase.sqlite])
    func untrusted(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let refused = try await Self.send(app, .POST, "/api/v1/cases", headers: Self.forwarded)
            #expect(refused.status == .unauthorized)
            let row = try #require(try await AccessRefusalModel.query(on: app.db).first())
            #expect(row.clientAddress == "127.0.0.1")
            let signIn = try await Self.send(app, .GET, "/staff/sign-in", headers: Self.forwarded)
            #expect(signIn.headers.first(name: "Strict-Transport-Security") == nil)
            let cookie = try #require(signIn.headers.setCookie?["lawtrail_csrf"])
            #expect(!cookie.isSecure)
            await StaffWebTests.Browser.stopLiveServer(app)
        }
    }

    @Test("issue 12 items 8, 12: behind a trusted proxy, its forwarded client and TLS count", arguments: [TestDatabase.sqlite])
    func trusted(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1") }) { app in
            _ = try await Self.send(app, .POST, "/api/v1/cases", headers: Self.forwarded)
            let row = try #require(try await AccessRefusalModel.query(on: app.db).first())
            #expect(row.clientAddress == "203.0.113.9")
            let signIn = try await Self.send(app, .GET, "/staff/sign-in", headers: Self.forwarded)
            #expect(signIn.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
            let cookie = try #require(signIn.headers.setCookie?["__Host-lawtrail_csrf"])
            #expect(cookie.isSecure && cookie.path == "/" && cookie.domain == nil)
            await StaffWebTests.Browser.stopLiveServer(app)
        }
    }

    @Test("issue 12 item 8: behind a proxy, one client's failures do not block another's sign-in", arguments: [TestDatabase.sqlite])
    func perClientBehindProxy(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1") }) { app in
            let client = APIClient(app: app)
            _ = try await client.token(.officer, username: "proxied-officer")
            func signIn(from address: String, _ username: String, _ password: String) async throws -> HTTPStatus {
                let port = try await StaffWebTests.Browser.livePort(app)
                return try await app.client.post(URI(string: "http://127.0.0.1:\(port)/api/v1/sessions"), headers: ["X-Forwarded-For": address]) {
                    try $0.content.encode(["username": username, "password": password])
                }.status
            }
            // 20 failures from one client, each for a different name: that client is blocked.
            for index in 0..<20 {
                #expect(try await signIn(from: "198.51.100.66", "nobody-\(index)", "wrong password") == .unauthorized)
            }
            #expect(try await signIn(from: "198.51.100.66", "proxied-officer", "correct horse battery") == .tooManyRequests)
            // The same proxy forwards a colleague: not blocked (before, both were the proxy's address).
            #expect(try await signIn(from: "198.51.100.7", "proxied-officer", "correct horse battery") == .created)
            await StaffWebTests.Browser.stopLiveServer(app)
        }
    }
}
