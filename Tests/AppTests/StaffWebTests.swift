import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// The staff web pages' security (issue 6 "Done when"): CSRF refusal, session expiry, lock-out,
/// and every staff page refusing the wrong role — on both databases.
@Suite struct StaffWebTests {
    /// What a browser got back.
    struct BrowserResponse: Sendable {
        var status: HTTPStatus
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// A browser: keeps cookies between requests and never follows redirects by itself.
    final class Browser: @unchecked Sendable {
        let app: Application
        /// Over a real socket (the server started on a free port, a real HTTP client) rather than
        /// through the router: a large body then arrives in pieces, as from a browser.
        let live: Bool
        var cookies: [String: String] = [:]

        init(_ app: Application, live: Bool = false) {
            self.app = app
            self.live = live
        }

        @discardableResult
        func send(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil) async throws -> BrowserResponse {
            var headers = HTTPHeaders()
            var body: ByteBuffer?
            if let form {
                var components = URLComponents()
                components.queryItems = form.map { URLQueryItem(name: $0.key, value: $0.value) }
                body = ByteBuffer(string: (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B"))
                headers.contentType = .urlEncodedForm
            }
            if !cookies.isEmpty {
                headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            }
            let response = live ? try await sendOverSocket(method, path, headers: headers, body: body)
                                : try await sendThroughRouter(method, path, headers: headers, body: body)
            for (name, value) in response.headers.setCookie?.all ?? [:] {
                if value.string.isEmpty { cookies[name] = nil } else { cookies[name] = value.string }
            }
            return response
        }

        private func sendThroughRouter(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> BrowserResponse {
            var result: BrowserResponse?
            try await app.testing().test(method, path, headers: headers, body: body) { response in
                result = BrowserResponse(status: response.status, headers: response.headers, body: response.body)
            }
            return try #require(result)
        }

        private func sendOverSocket(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> BrowserResponse {
            let port = try await Self.livePort(app)
            let response = try await app.client.send(method, headers: headers, to: URI(string: "http://127.0.0.1:\(port)\(path)")) { request in
                request.body = body
            }
            return BrowserResponse(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
        }

        private struct LivePortKey: StorageKey { typealias Value = Int }

        /// The application's server on a free port, started once for all live browsers of a test,
        /// with a client that never follows redirects (a browser's cookies are kept per response).
        static func livePort(_ app: Application) async throws -> Int {
            if let port = app.storage[LivePortKey.self] { return port }
            app.http.client.configuration.redirectConfiguration = .disallow
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            app.storage[LivePortKey.self] = port
            return port
        }

        /// Stops the server the live browsers of `app` used.
        static func stopLiveServer(_ app: Application) async {
            if app.storage[LivePortKey.self] != nil {
                await app.server.shutdown()
                app.storage[LivePortKey.self] = nil
            }
        }

        static func csrf(_ html: String) -> String? {
            html.firstMatch(of: /name="csrf" value="([^"]+)"/).map { String($0.1) }
        }

        func signIn(_ username: String, _ password: String) async throws -> BrowserResponse {
            let form = try await send(.GET, "/staff/sign-in")
            return try await send(.POST, "/staff/sign-in", form: [
                "csrf": Self.csrf(form.body.string) ?? "", "username": username, "password": password, "next": "/staff",
            ])
        }
    }

    static let password = "correct horse battery"

    static func user(_ role: Role, app: Application) async throws -> String {
        let name = "\(role.rawValue)-\(UUID().uuidString.prefix(6))".lowercased()
        _ = try await AccountService.createUser(
            username: name, displayName: name, role: role, password: password, on: app.db, hasher: app.password.sync)
        return name
    }

    @Test("issue 6: a signed-in page needs a session; forms without the session's CSRF token are refused", arguments: TestDatabase.all)
    func sessionAndCSRF(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let browser = Browser(app)
            let anonymous = try await browser.send(.GET, "/staff/publications")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix("/staff/sign-in?next=") == true)

            let name = try await Self.user(.legalSection, app: app)
            let signedIn = try await browser.signIn(name, Self.password)
            #expect(signedIn.status == .seeOther && signedIn.headers.first(name: .location) == "/staff")
            #expect(signedIn.headers.setCookie?["lawtrail_session"]?.isHTTPOnly == true)
            #expect(signedIn.headers.setCookie?["lawtrail_session"]?.sameSite == .strict)
            let desk = try await browser.send(.GET, "/staff/publications")
            #expect(desk.status == .ok)
            let token = try #require(Browser.csrf(desk.body.string))

            // A forged form (no token, or a wrong one) is refused and logged.
            let before = try await AccessRefusalModel.query(on: app.db).count()
            let forged = try await browser.send(.POST, "/staff/password", form: ["current": Self.password, "new": "another password 1", "repeated": "another password 1"])
            #expect(forged.status == .forbidden)
            let wrong = try await browser.send(.POST, "/staff/password", form: ["csrf": String(token.reversed()), "current": Self.password, "new": "another password 1", "repeated": "another password 1"])
            #expect(wrong.status == .forbidden)
            #expect(try await AccessRefusalModel.query(on: app.db).count() == before + 2)
            // With the token the same form works.
            let changed = try await browser.send(.POST, "/staff/password", form: ["csrf": token, "current": Self.password, "new": "another password 1", "repeated": "another password 1"])
            #expect(changed.status == .ok)
            #expect(changed.body.string.contains("密码已修改"))

            // The API takes the cookie only with the CSRF header for changes.
            let apiWithoutHeader = try await browser.send(.POST, "/api/v1/publicity/expire")
            #expect(apiWithoutHeader.status == .unauthorized)

            // Signing out ends the session.
            #expect(try await browser.send(.POST, "/staff/sign-out", form: ["csrf": token]).status == .seeOther)
            #expect(try await browser.send(.GET, "/staff/publications").status == .seeOther)
        }
    }

    @Test("issue 6: a session expires after 8 hours (by the app's clock)", arguments: TestDatabase.all)
    func sessionExpiry(database: TestDatabase) async throws {
        let clock = TestClock(Date())
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let browser = Browser(app)
            let name = try await Self.user(.supervisor, app: app)
            _ = try await browser.signIn(name, Self.password)
            #expect(try await browser.send(.GET, "/staff").status == .ok)
            clock.now = clock.now.addingTimeInterval(7.9 * 3600)
            #expect(try await browser.send(.GET, "/staff").status == .ok)
            clock.now = clock.now.addingTimeInterval(0.2 * 3600)
            let expired = try await browser.send(.GET, "/staff")
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location)?.hasPrefix("/staff/sign-in") == true)
        }
    }

    @Test("issue 6: five failed sign-ins lock the account for 15 minutes, even with the right password", arguments: TestDatabase.all)
    func lockOut(database: TestDatabase) async throws {
        let clock = TestClock(Date())
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let browser = Browser(app)
            let name = try await Self.user(.officer, app: app)
            for _ in 0..<5 {
                #expect(try await browser.signIn(name, "wrong password").status == .unauthorized)
            }
            let locked = try await browser.signIn(name, Self.password)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.string.contains("已暂时锁定"))
            #expect(try await AccessRefusalModel.query(on: app.db).filter(\.$reason ~~ "locked").count() == 1)
            clock.now = clock.now.addingTimeInterval(16 * 60)
            #expect(try await browser.signIn(name, Self.password).status == .seeOther)
        }
    }

    @Test("SPEC X5: every staff page refuses no session and a wrong role", arguments: [TestDatabase.sqlite])
    func everyStaffPageRefusesTheWrongRole(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            var browsers: [Role: Browser] = [:]
            for role in Role.allCases {
                let browser = Browser(app)
                _ = try await browser.signIn(try await Self.user(role, app: app), Self.password)
                browsers[role] = browser
            }
            let routes = app.routes.all.filter { $0.userInfo[RouteAction.staffKey] as? Bool == true }
            #expect(routes.count >= 10)
            var checked = 0
            for route in routes {
                let path = "/" + route.path.map { $0.description.hasPrefix(":") ? UUID().uuidString : $0.description }.joined(separator: "/")
                let anonymous = try await Browser(app).send(route.method, path, form: route.method == .POST ? [:] : nil)
                #expect(anonymous.status == .seeOther || anonymous.status == .unauthorized, "\(route.method) \(path) anonymous: \(anonymous.status)")
                guard let action = route.userInfo[RouteAction.key] as? Action,
                      let wrong = Role.allCases.first(where: { !Permissions.allows($0, action) }), let browser = browsers[wrong] else { continue }
                let refused = try await browser.send(route.method, path, form: route.method == .POST ? [:] : nil)
                #expect(refused.status == .forbidden, "\(route.method) \(path) as \(wrong): \(refused.status)")
                #expect(refused.body.string.contains("无权操作"))
                checked += 1
            }
            #expect(checked >= 8)
        }
    }

    @Test("SPEC R9.2: opening a record in the browser asks for the purpose first and logs one retrieval", arguments: TestDatabase.all)
    func retrievalAsksForPurpose(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let browser = Browser(app)
            _ = try await browser.signIn(try await Self.user(.legalSection, app: app), Self.password)
            let record = try #require(try await RecordModel.query(on: app.db).first())
            let path = "/staff/records/\(record.id!.uuidString.lowercased())"
            let page = try await browser.send(.GET, path)
            #expect(page.status == .ok && page.body.string.contains("调阅目的"))
            let token = try #require(Browser.csrf(page.body.string))
            let before = try await RetrievalModel.query(on: app.db).count()
            let refused = try await browser.send(.POST, path + "/retrieve", form: ["csrf": token, "purpose": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await RetrievalModel.query(on: app.db).count() == before)
            let opened = try await browser.send(.POST, path + "/retrieve", form: ["csrf": token, "purpose": "case-review", "purposeText": "案卷评查"])
            #expect(opened.status == .seeOther)
            let target = try #require(opened.headers.first(name: .location))
            #expect(target.contains("retrievalId="))
            let shown = try await browser.send(.GET, target)
            #expect(shown.body.string.contains("本次调阅已记入调阅日志"))
            #expect(try await RetrievalModel.query(on: app.db).count() == before + 1)

            // The counterparty file lists the case the record belongs to (SPEC R9.4).
            let search = try await browser.send(.GET, "/staff/counterparties?q=%E5%8D%8E%E5%AE%87")
            #expect(search.body.string.contains("上海华宇精细化工有限公司"))
            let file = try await browser.send(.GET, "/staff/counterparties/\(record.counterpartyID.uuidString.lowercased())")
            #expect(file.status == .ok && file.body.string.contains("普应急检"))
        }
    }

    @Test("SPEC R4: a document form refused for a missing field keeps what was typed; complete, it becomes a record")
    func documentFormKeepsInput() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app)
            _ = try await browser.signIn(try await Self.user(.officer, app: app), Self.password)
            let activity = try #require(try await ActivityModel.query(on: app.db).first())
            let base = "/staff/activities/\(activity.id!.uuidString.lowercased())/documents"
            let form = try await browser.send(.GET, base + "/new?template=inquiry-record")
            #expect(form.status == .ok && form.body.string.contains("class=\"required\""))
            let token = try #require(Browser.csrf(form.body.string))
            let template = try #require(DocumentTemplate.named("inquiry-record"))
            var fields = ["csrf": token, "templateId": template.id]
            let required = template.fields.filter(\.required)
            for field in required.dropLast() {
                fields["f." + field.key] = switch field.kind {
                case .date: "2026-11-20"
                case .dateTime: "2026-11-20T09:00"
                case .number: "1"
                default: "询问内容\(field.key)"
                }
            }
            let before = try await RecordModel.query(on: app.db).count()
            let refused = try await browser.send(.POST, base, form: fields)
            #expect(refused.status == .unprocessableEntity)
            let typed = try #require(required.dropLast().first { $0.kind == .text || $0.kind == .multiline })
            #expect(refused.body.string.contains("询问内容\(typed.key)"))
            #expect(try await RecordModel.query(on: app.db).count() == before)
            let last = try #require(required.last)
            fields["f." + last.key] = last.kind == .date ? "2026-11-20" : (last.kind == .dateTime ? "2026-11-20T09:00" : "补全")
            #expect(try await browser.send(.POST, base, form: fields).status == .seeOther)
            #expect(try await RecordModel.query(on: app.db).count() == before + 1)
        }
    }

    @Test("issue 6: every staff page without parameters renders for a role that may see it", arguments: TestDatabase.all)
    func everyStaffPageRenders(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            var browsers: [Role: Browser] = [:]
            let routes = app.routes.all.filter {
                $0.userInfo[RouteAction.staffKey] as? Bool == true && $0.method == .GET && !$0.path.contains { $0.description.hasPrefix(":") }
            }
            #expect(routes.count >= 8)
            for route in routes {
                let action = route.userInfo[RouteAction.key] as? Action
                let role = action.flatMap { action in Role.allCases.first { Permissions.allows($0, action) } } ?? .supervisor
                if browsers[role] == nil {
                    let browser = Browser(app)
                    _ = try await browser.signIn(try await Self.user(role, app: app), Self.password)
                    browsers[role] = browser
                }
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                let page = try await browsers[role]!.send(.GET, path)
                #expect(page.status == .ok, "\(path) as \(role): \(page.status) \(page.body.string.prefix(300))")
                if path.hasSuffix(".csv") {
                    #expect(page.headers.contentType?.subType == "csv", "\(path) is not a download")  // e.g. the yearly report
                } else {
                    #expect(page.body.string.contains("执法工作台"), "\(path) is not a staff page")
                }
            }
        }
    }
}

