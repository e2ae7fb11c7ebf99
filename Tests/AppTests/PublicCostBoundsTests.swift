@testable import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 7: a public request costs bounded work — exports from disk until the ledger moves,
/// searches in bounded slots (503 with Retry-After beyond), metrics counted at most every 15 s.
@Suite struct PublicCostBoundsTests {
    @Test("issue 12 item 7: an open-data file is generated once and served from disk until a publication step", arguments: TestDatabase.all)
    func openDataServedFromDisk(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let first = try await client.page("/open-data/penalty-decision.csv")
            #expect(first.status == .ok)
            let cached = app.lawTrail.dataDirectory.root.appendingPathComponent("cache/open-data/penalty-decision.csv")
            #expect(FileManager.default.fileExists(atPath: cached.path))
            // Mark the file on disk: a second request that regenerated would lose the mark.
            try (try Data(contentsOf: cached) + Data("cached-marker\r\n".utf8)).write(to: cached)
            #expect(try await client.page("/open-data/penalty-decision.csv").body.contains("cached-marker"))
            // A publication moves the ledger: the next request regenerates and shows it.
            let staff = try await client.staff()
            _ = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海缓存测试化工有限公司", code: APIClient.uscc("91310107MA1N0000C"), number: "普应急罚〔2026〕91号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕91号 行政处罚决定")
            let fresh = try await client.page("/open-data/penalty-decision.csv").body
            #expect(!fresh.contains("cached-marker"))
            #expect(fresh.contains("缓存测试化工"))
        }
    }

    @Test("issue 12 item 7: searches beyond the free slots get 503 with Retry-After; browsing is unaffected", arguments: [TestDatabase.sqlite])
    func searchSlots(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            app.publicCost = PublicCostBounds(searchSlots: 0)
            try await app.testing().test(.GET, "/publications?q=%E5%8C%96%E5%B7%A5") { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers.first(name: .retryAfter) == "3")
            }
            try await app.testing().test(.GET, "/publications?party=abc") { #expect($0.status == .serviceUnavailable) }
            try await app.testing().test(.GET, "/publications") { #expect($0.status == .ok) }
        }
    }

    @Test("issue 12 item 7: a slot is taken for the duration of the work and given back after")
    func slotsAreReleased() async throws {
        let slots = WorkSlots(limit: 1, retryAfter: 3, what: "检索")
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let (release, finish) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await slots.run {
                enter.yield()
                for await _ in release {}
            }
        }
        for await _ in entered { break }
        await #expect(throws: Problem.self) { try await slots.run { 1 } }
        finish.finish()
        try await holder.value
        #expect(try await slots.run { 2 } == 2)
    }

    @Test("issue 12 item 7: /metrics counts at most every 15 seconds (on the service clock), however often it is scraped",
          arguments: [TestDatabase.sqlite])
    func metricsCached(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-24"))
        try await withTestApp(database, adjust: { $0.now = { clock.now } }) { app in
            func refusals() async throws -> Double? {
                ServerMetricsTests.value(try ServerMetricsTests.parse(try await APIClient(app: app).page("/metrics").body),
                                         "lawtrail_access_refusals_total")
            }
            let first = try #require(try await refusals())
            try await app.testing().test(.POST, "/api/v1/cases") { #expect($0.status == .unauthorized) }
            let refused = try await AccessRefusalModel.query(on: app.db).count()
            #expect(Double(refused) > first)
            #expect(try await refusals() == first)
            clock.now = clock.now.addingTimeInterval(14)
            #expect(try await refusals() == first)
            clock.now = clock.now.addingTimeInterval(1)
            #expect(try await refusals() == Double(refused))
            // A clock that went back counts again rather than trusting a value from the future.
            try await app.testing().test(.POST, "/api/v1/cases") { #expect($0.status == .unauthorized) }
            clock.now = clock.now.addingTimeInterval(-60)
            #expect(try await refusals() == Double(try await AccessRefusalModel.query(on: app.db).count()))
        }
    }
}
