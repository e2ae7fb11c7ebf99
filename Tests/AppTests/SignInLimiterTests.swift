@testable import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 2: one sign-in limiter for the staff form and the API, which reserves an attempt
/// before the password is checked, and password checks that can never starve the shared pool.
@Suite struct SignInLimiterTests {
    static let password = "correct horse battery"

    static func user(_ app: Application, active: Bool = true) async throws -> String {
        let name = "officer-\(UUID().uuidString.prefix(6))".lowercased()
        let user = try await AccountService.createUser(
            username: name, displayName: name, role: .officer, password: password, on: app.db, hasher: app.password.sync)
        if !active {
            user.active = false
            try await user.save(on: app.db)
        }
        return name
    }

    static func apiSignIn(_ app: Application, _ username: String, _ password: String) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await app.testing().test(.POST, "/api/v1/sessions", beforeRequest: { req in
            try req.content.encode(["username": username, "password": password])
        }) { result = $0 }
        return try #require(result)
    }

    @Test("issue 12 item 2: the API sign-in locks out after 5 failures, even with the right password", arguments: TestDatabase.all)
    func apiLockOut(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let name = try await Self.user(app)
            for _ in 0..<5 {
                #expect(try await Self.apiSignIn(app, name, "wrong password").status == .unauthorized)
            }
            let locked = try await Self.apiSignIn(app, name, Self.password)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.string.contains("account-locked"))
            #expect(Int(locked.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
        }
    }

    @Test("issue 12 item 2: web and API failures count together", arguments: [TestDatabase.sqlite])
    func sharedCounter(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let name = try await Self.user(app)
            let browser = StaffWebTests.Browser(app)
            for _ in 0..<3 {
                #expect(try await browser.signIn(name, "wrong password").status == .unauthorized)
            }
            for _ in 0..<2 {
                #expect(try await Self.apiSignIn(app, name, "wrong password").status == .unauthorized)
            }
            #expect(try await browser.signIn(name, Self.password).status == .tooManyRequests)
            #expect(try await Self.apiSignIn(app, name, Self.password).status == .tooManyRequests)
        }
    }

    @Test("issue 12 item 2: a burst of parallel guesses gets no more than the limit checked", arguments: TestDatabase.all)
    func parallelBurst(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let name = try await Self.user(app)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await Self.apiSignIn(app, name, "wrong password").status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            let checked = statuses.filter { $0 == .unauthorized }.count
            #expect(checked <= 5, "\(checked) guesses were checked")
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
            // Exactly the checked guesses count as failures; refused ones do not extend the lock.
            let failures = try await SignInFailureStore(database: app.db).counts(username: name, clientKey: "", since: .distantPast).account
            #expect(failures == checked)
            let right = try await Self.apiSignIn(app, name, Self.password).status
            #expect(right == (checked >= 5 ? .tooManyRequests : .created))
        }
    }

    @Test("issue 12 item 2: when password checks are saturated, sign-in answers 503 with Retry-After at once", arguments: [TestDatabase.sqlite])
    func saturated(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let name = try await Self.user(app)
            let normal = app.passwordWork
            app.passwordWork = PasswordWork(cost: 4, threads: 1, maxQueued: 0)
            let busy = try await Self.apiSignIn(app, name, Self.password)
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers.first(name: .retryAfter) == "5")
            // A refusal for load is not a failed guess: the account is not closer to a lock-out.
            try await app.passwordWork.shutdown()
            app.passwordWork = normal
            #expect(try await SignInFailureStore(database: app.db)
                .counts(username: name, clientKey: "", since: .distantPast).account == 0)
            #expect(try await Self.apiSignIn(app, name, Self.password).status == .created)
        }
    }

    @Test("issue 12 item 2: at most `maxQueued` checks are admitted at once; the rest are refused, not queued")
    func boundedQueue() async throws {
        let work = PasswordWork(cost: 10, threads: 1, maxQueued: 2)
        let hash = try await work.hash(Self.password)
        let results = await withTaskGroup(of: Bool?.self) { group in
            for _ in 0..<8 {
                group.addTask { try? await work.verify(Self.password, against: hash) }
            }
            return await group.reduce(into: [Bool?]()) { $0.append($1) }
        }
        #expect(results.contains(nil))
        #expect(results.compactMap { $0 }.allSatisfy { $0 })
        #expect(results.compactMap { $0 }.count >= 1)
        #expect(try await work.verify(Self.password, against: hash))
        try await work.shutdown()
    }

    @Test("issue 12 item 12: an unknown name and a deactivated account cost one password check each, like a real one", arguments: [TestDatabase.sqlite])
    func sameWorkForEveryFailure(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let inactive = try await Self.user(app, active: false)
            let active = try await Self.user(app)
            for (name, password) in [(inactive, Self.password), ("nobody-here", Self.password), (active, "wrong password")] {
                let checks = Counter()
                let session = try await AccountService.signIn(
                    username: name, password: password, on: app.db,
                    verify: { password, hash in
                        checks.increment()
                        return try await app.passwordWork.verify(password, against: hash)
                    },
                    unknownUserHash: app.passwordWork.unknownUserHash, now: Date())
                #expect(session == nil)
                #expect(checks.value == 1, "\(name)")
            }
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func increment() { lock.withLock { count += 1 } }
    }
}
