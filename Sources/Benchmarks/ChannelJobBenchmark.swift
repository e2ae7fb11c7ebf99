import App
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// `lawtrail bench channel-job` (issue 16): the periodic channel hand-over job when nothing is
/// pending, on a filled database. The bench data has no hand-overs, so `markDelivered` first records
/// every public step as delivered to every channel in one statement per channel (what a server that
/// had run the job all along would hold), then one catch-up run per channel moves its mark; the
/// timed runs after that are the every-10-minutes case.
public enum ChannelJobBenchmark {
    public struct Result: Sendable {
        public let marked: Int
        public let catchUp: [(channel: String, milliseconds: Double, delivered: Int)]
        /// Milliseconds of each timed run, per channel.
        public let runs: [(channel: String, milliseconds: [Double])]
    }

    public static func run(config: AppConfig, runs: Int, markDelivered: Bool) async throws -> Result {
        try await LedgerBenchmark.withApp(config) { app in
            let sql = app.db as! any SQLDatabase
            var marked = 0
            if markDelivered {
                let id = sql.dialect.name == "postgresql" ? "gen_random_uuid()::text" : "lower(hex(randomblob(16)))"
                for channel in PublicationChannel.allCases {
                    let kinds = PublicationKind.allCases.filter(channel.carries).map(\.rawValue)
                    let before = try await count(sql)
                    try await sql.raw("""
                        INSERT INTO channel_handovers (id, channel, publication_id, transition_seq, handed_at, method, delivered, attempt, detail)
                        SELECT \(unsafeRaw: id), \(bind: channel.rawValue), t.publication_id, t.seq, t.at, 'file', 1, 1, 'bench'
                        FROM publication_transitions t JOIN publications p ON p.id = t.publication_id
                        WHERE t.kind IN ('published', 'corrected', 'withdrawn', 'expired', 'ended-early') AND p.kind IN (\(binds: kinds))
                          AND NOT EXISTS (SELECT 1 FROM channel_handovers h WHERE h.channel = \(bind: channel.rawValue)
                              AND h.publication_id = t.publication_id AND h.transition_seq = t.seq AND h.delivered = 1)
                        """).run()
                    marked += try await count(sql) - before
                }
                if sql.dialect.name == "postgresql" { try await sql.raw("ANALYZE channel_handovers").run() }
            }
            var catchUp: [(String, Double, Int)] = []
            for channel in PublicationChannel.allCases {
                let started = ContinuousClock.now
                let result = try await app.runChannelHandover(channel)
                catchUp.append((channel.rawValue, (ContinuousClock.now - started).seconds * 1000, result.delivered))
            }
            var timed: [String: [Double]] = [:]
            for _ in 0..<runs {
                for channel in PublicationChannel.allCases {
                    let started = ContinuousClock.now
                    let result = try await app.runChannelHandover(channel)
                    timed[channel.rawValue, default: []].append((ContinuousClock.now - started).seconds * 1000)
                    if result.delivered + result.failed + result.waiting > 0 {
                        FileHandle.standardError.write(Data("channel \(channel.rawValue): \(result.delivered) delivered, \(result.waiting) waiting during a timed run\n".utf8))
                    }
                }
            }
            return Result(marked: marked, catchUp: catchUp,
                          runs: PublicationChannel.allCases.map { ($0.rawValue, timed[$0.rawValue] ?? []) })
        }
    }

    static func count(_ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM channel_handovers").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
