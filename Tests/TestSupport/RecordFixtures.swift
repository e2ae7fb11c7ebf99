import App
import Domain
import Fluent
import Foundation
import Persistence
import Vapor
import VaporTesting

/// Fixtures for tests about records: signed-in staff, an activity to attach records to, and an
/// application that can be stopped and started again on the same data (a server restart).
public enum RecordFixtures {
    /// A signed-in account of `role`: its bearer token and user id.
    public struct Staff: Sendable {
        public let token: String
        public let userID: UUID

        public var authorization: HTTPHeaders {
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            return headers
        }
    }

    /// Creates an account with `role` and signs it in through `POST /api/v1/sessions`.
    public static func signIn(_ app: Application, role: Role, username: String? = nil) async throws -> Staff {
        let name = username ?? "\(role.rawValue.prefix(12))-\(UUID().uuidString.prefix(8).lowercased())"
        let password = "correct-horse-battery"
        let user = try await AccountService.createUser(
            username: name, displayName: "测试用户", role: role, password: password, on: app.db, hasher: app.password.sync)
        var body = ByteBuffer()
        try body.writeJSONEncodable(["username": name, "password": password])
        var headers = HTTPHeaders()
        headers.contentType = .json
        let response = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: headers, body: body)
        struct Session: Decodable { let token: String }
        let session = try JSONDecoder().decode(Session.self, from: Data(response.body.readableBytesView))
        return Staff(token: session.token, userID: try user.requireID())
    }

    /// An on-site inspection with two demo officers, in a new case about a demo enterprise
    /// (needs `demo: true`). Returned with the ids an upload's metadata names.
    public struct ActivityFixture: Sendable {
        public let activity: Activity
        public let enforcementCase: EnforcementCase
        public let officerIDs: [UUID]
    }

    public static func makeActivity(_ app: Application, by userID: UUID) async throws -> ActivityFixture {
        let officers = try await OfficerModel.query(on: app.db).sort(\.$name).limit(2).all()
        guard officers.count == 2, let counterparty = try await CounterpartyModel.query(on: app.db).first(),
              let unit = try await UnitModel.query(on: app.db).first() else {
            throw FixtureError.noDemoData
        }
        let store = ActivityStore(ledger: app.lawTrail.ledger.writer)
        let enforcementCase = EnforcementCase(
            number: "普应急检〔2026〕\(Int.random(in: 1...99_999))号", title: "安全生产检查", kind: .inspection,
            counterpartyID: try counterparty.requireID(), unitID: try unit.requireID(),
            openedOn: CivilDate(iso: "2026-03-02")!)
        try await store.create(enforcementCase, by: userID, at: app.lawTrail.clock.nowSeconds)
        let officerIDs = try officers.map { try $0.requireID() }
        let start = Date(timeIntervalSince1970: 1_772_418_600)  // 2026-03-02 10:30 Asia/Shanghai
        let activity = Activity(
            caseID: enforcementCase.id, kind: .inspection, procedure: .general,
            site: Site(address: "上海市普陀区真北路1888号"), isOnSite: true, officerIDs: officerIDs,
            startedAt: start, endedAt: start.addingTimeInterval(3600))
        try await store.create(activity, by: userID, at: app.lawTrail.clock.nowSeconds)
        return ActivityFixture(activity: activity, enforcementCase: enforcementCase, officerIDs: officerIDs)
    }

    /// `count` bytes that begin like an MP4 file (`ftyp` box, brand `isom`), the rest random.
    public static func mp4(_ count: Int) -> [UInt8] {
        let header: [UInt8] = [
            0x00, 0x00, 0x00, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0x00, 0x00, 0x02, 0x00,
            0x69, 0x73, 0x6F, 0x6D, 0x69, 0x73, 0x6F, 0x32, 0x61, 0x76, 0x63, 0x31, 0x6D, 0x70, 0x34, 0x31,
        ]
        return header + randomBytes(max(0, count - header.count))
    }

    /// `count` bytes that begin like a PDF document.
    public static func pdf(_ count: Int) -> [UInt8] {
        let header = Array("%PDF-1.7\n%\u{00E2}\u{00E3}\n".utf8)
        return header + randomBytes(max(0, count - header.count))
    }

    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next() as UInt64
            for _ in 0..<8 where index < count {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return bytes
    }

    public enum FixtureError: Error, CustomStringConvertible {
        case noDemoData

        public var description: String { "the fixture needs the demo data (withTestApp(demo: true))" }
    }
}

/// An application that a test can stop and start again on the same database and data directory,
/// as a server restart does (issue 4 "Done when": the next start cleans `tmp/`; a broken upload
/// resumes after a restart).
public struct RestartableTestApp: Sendable {
    public let isolated: IsolatedDatabase
    public let config: AppConfig

    /// Starts the application (migrations and start-up work run as in `lawtrail serve`).
    public func start() async throws -> Application {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            return app
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

/// Runs `body` with a `RestartableTestApp` on an isolated database, then removes it. `body` shuts
/// down every application it starts.
@discardableResult
public func withRestartableTestApp<T>(
    _ database: TestDatabase = .sqlite,
    demo: Bool = false,
    adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (RestartableTestApp) async throws -> T
) async throws -> T {
    let isolated = try await IsolatedDatabase.make(database)
    let config = testConfig(isolated, demo: demo, adjust: adjust)
    do {
        let result = try await body(RestartableTestApp(isolated: isolated, config: config))
        await isolated.tearDown()
        return result
    } catch {
        await isolated.tearDown()
        throw error
    }
}
