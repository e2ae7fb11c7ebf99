@testable import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 12 items 7 and 11: every refusal is kept, but an anonymous flood costs no write per request.
@Suite struct RefusalLogTests {
    @Test("issue 12 item 7: anonymous refusals beyond 30 a minute per client are counted, not each written", arguments: TestDatabase.all)
    func anonymousFlood(database: TestDatabase) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
        try await withTestApp(database, adjust: { $0.now = { clock.now } }) { app in
            for _ in 0..<100 {
                try await app.testing().test(.POST, "/api/v1/cases") { #expect($0.status == .unauthorized) }
            }
            #expect(try await AccessRefusalModel.query(on: app.db).count() == 30)
            // The next minute, the first stored row says how many were only counted.
            clock.now = clock.now.addingTimeInterval(61)
            try await app.testing().test(.POST, "/api/v1/cases") { #expect($0.status == .unauthorized) }
            #expect(try await AccessRefusalModel.query(on: app.db).filter(\.$reason ~~ "另有 70 次").count() == 1)
        }
    }

    @Test("issue 12 item 7: a signed-in person's refusals are all written")
    func signedInAlwaysWritten() async throws {
        try await withTestApp(.sqlite, demo: true) { app in
            let token = try await APIClient(app: app).token(.thirdPartyRecorder)
            for _ in 0..<40 {
                try await app.testing().test(.POST, "/api/v1/cases", headers: ["Authorization": "Bearer \(token)"]) {
                    #expect($0.status == .forbidden)
                }
            }
            #expect(try await AccessRefusalModel.query(on: app.db).filter(\.$userID != nil).count() == 40)
        }
    }

    @Test("issue 12 item 7: the throttle's windows, and its memory bound")
    func throttle() {
        let throttle = AnonymousRefusalThrottle(perClientPerMinute: 2, maxClients: 3)
        let t0 = Date(timeIntervalSince1970: 600)
        #expect(throttle.admit(client: "a", at: t0) == .admitted(suppressedBefore: 0))
        #expect(throttle.admit(client: "a", at: t0) == .admitted(suppressedBefore: 0))
        #expect(throttle.admit(client: "a", at: t0) == .suppressed)
        #expect(throttle.admit(client: "b", at: t0) == .admitted(suppressedBefore: 0))
        #expect(throttle.admit(client: "a", at: t0.addingTimeInterval(60)) == .admitted(suppressedBefore: 1))
        for client in ["c", "d", "e"] { _ = throttle.admit(client: client, at: t0) }
        // The table started afresh when full: "a" is new again.
        #expect(throttle.admit(client: "a", at: t0.addingTimeInterval(60)) == .admitted(suppressedBefore: 0))
    }
}
