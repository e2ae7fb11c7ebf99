@testable import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import Vapor

/// Issue 16: the channel hand-over job reads only above a per-channel high-water mark
/// (`channel_cursors`, migration 021), and still never skips a step (SPEC P2, P4): a step committed
/// while a run is in progress is handed over by the next run, and a failed hand-over is retried.
/// On both databases.
@Suite struct ChannelCursorTests {
    /// Public steps of kinds `channel` carries with no delivered hand-over, counted over all history.
    static func undelivered(_ channel: PublicationChannel, _ db: any Database) async throws -> Int {
        let kinds = PublicationKind.allCases.filter(channel.carries).map(\.rawValue)
        return try await (db as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS n FROM publication_transitions t JOIN publications p ON p.id = t.publication_id
            WHERE t.kind IN ('published', 'corrected', 'withdrawn', 'expired', 'ended-early') AND p.kind IN (\(binds: kinds))
              AND NOT EXISTS (SELECT 1 FROM channel_handovers h WHERE h.channel = \(bind: channel.rawValue)
                  AND h.publication_id = t.publication_id AND h.transition_seq = t.seq AND h.delivered = 1)
            """).first()?.decode(column: "n", as: Int.self) ?? -1
    }

    static func highestStep(_ db: any Database) async throws -> Int64? {
        try await (db as! any SQLDatabase).raw("SELECT MAX(ledger_index) AS m FROM publication_transitions").first()?
            .decode(column: "m", as: Int64?.self)
    }

    static func publish(_ client: APIClient, _ staff: APIClient.Staff, _ n: Int) async throws -> Publication {
        try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
            name: "上海游标测试\(n)有限公司", code: APIClient.uscc("91310107MA1N\(String(format: "%04d", n))H".prefix(17).description),
            number: "普应急罚〔2026〕\(300 + n)号", decided: "2026-11-20"),
            title: "普应急罚〔2026〕\(300 + n)号 行政处罚决定")
    }

    static func run(_ app: Application, _ channel: PublicationChannel) async throws -> ChannelHandover.Result {
        try await ChannelHandover.run(channel, database: app.db, services: app.lawTrail, client: app.client, logger: app.logger)
    }

    @Test("issue 16: steps committed while a run is in progress are handed over by the next run; the mark then sits on the last step",
          arguments: TestDatabase.all)
    func concurrentStepsAreNotSkipped(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            _ = try await Self.publish(client, staff, 1)
            let store = ChannelOutboxStore(database: app.db)
            let first = try await Self.run(app, .creditChina)
            #expect(first.delivered > 0)
            #expect(try await Self.undelivered(.creditChina, app.db) == 0)
            #expect(try await store.cursor(.creditChina) == Self.highestStep(app.db))

            // A run reads what is pending; two publications commit before it records and moves the mark.
            _ = try await Self.publish(client, staff, 2)
            let pending = try await store.pending(.creditChina, limit: ChannelHandover.batch)
            #expect(pending.items.count == 1)
            async let third = Self.publish(client, staff, 3)
            async let fourth = Self.publish(client, staff, 4)
            _ = try await (third, fourth)
            try await store.record(pending.items, channel: .creditChina, method: "file", delivered: true, detail: "test", at: app.lawTrail.now)
            try await store.advance(.creditChina, after: pending, undelivered: [], at: app.lawTrail.now)
            // The mark did not pass the two later steps.
            #expect(try await Self.undelivered(.creditChina, app.db) == 2)
            let mark = try #require(try await store.cursor(.creditChina))
            #expect(mark < (try #require(try await Self.highestStep(app.db))))

            // Runs racing with two more publications: whatever each run saw, nothing is left behind.
            async let run = Self.run(app, .creditChina)
            async let fifth = Self.publish(client, staff, 5)
            async let sixth = Self.publish(client, staff, 6)
            let raced = try await (run, fifth, sixth).0
            #expect(raced.failed == 0)
            let next = try await Self.run(app, .creditChina)
            #expect(next.failed == 0)
            #expect(try await Self.undelivered(.creditChina, app.db) == 0)
            #expect(try await store.cursor(.creditChina) == Self.highestStep(app.db))
            // Nothing pending: the run reads nothing and sends nothing.
            let idle = try await Self.run(app, .creditChina)
            #expect(idle.delivered == 0 && idle.waiting == 0 && idle.file == nil)
            #expect(try await store.pending(.creditChina, limit: 10).items.isEmpty)
            // The backfill of migration 021 would set the same mark from the hand-overs alone.
            #expect(try await store.backfilledCursor(.creditChina) == store.cursor(.creditChina))
        }
    }

    @Test("issue 16: a failed hand-over keeps the mark below it and is retried after its back-off", arguments: TestDatabase.all)
    func failedHandoverIsRetried(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-24"))
        try await withTestApp(database, demo: true, adjust: { config in
            config.now = { clock.now }
            // Nothing listens on port 1: every webhook call fails.
            config.channelWebhooks[PublicationChannel.creditChina.rawValue] = "http://127.0.0.1:1/hook"
        }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            _ = try await Self.publish(client, staff, 7)
            let store = ChannelOutboxStore(database: app.db)
            let failed = try await Self.run(app, .creditChina)
            #expect(failed.failed > 0 && failed.delivered == 0)
            let items = try await store.pending(.creditChina, limit: 100).items
            #expect(items.count == failed.failed && items.allSatisfy { $0.failedAttempts == 1 })
            let lowest = try #require(items.map(\.ledgerIndex).min())
            if let mark = try await store.cursor(.creditChina) { #expect(mark < lowest) }
            // Within the back-off (one minute after the first failure) nothing is tried.
            let waiting = try await Self.run(app, .creditChina)
            #expect(waiting.failed == 0 && waiting.waiting == items.count)
            // After it, the same steps are tried again.
            clock.now = clock.now.addingTimeInterval(61)
            let retried = try await Self.run(app, .creditChina)
            #expect(retried.failed == items.count)
            #expect(try await store.pending(.creditChina, limit: 100).items.allSatisfy { $0.failedAttempts == 2 })
            #expect(try await Self.undelivered(.creditChina, app.db) == items.count)
        }
    }
}
