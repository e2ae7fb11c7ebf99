import App
import ArgumentParser
import Benchmarks
import Foundation

/// `lawtrail bench ledger`, `lawtrail bench publications` and `lawtrail bench digests`: the figures
/// of docs/benchmarks.md.
/// Run a release build.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (run with -c release).",
        subcommands: [Ledger.self, Publications.self, ChannelJob.self, Digests.self, Fixity.self, Archive.self])

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger",
            abstract: "Durable appends/s and full verification speed, each against a same-run reference.")

        @Option(name: .customLong("data-dir"), help: "Data directory to use (default: a fresh temporary one).")
        var dataDirectory: String?
        @Option(help: "Appends for the append benchmark.") var appends = 100_000
        @Option(help: "Concurrent appenders.") var concurrency = 256
        @Option(help: "Entries to verify (the ledger is filled up to this size first).") var verifyEntries = 1_000_000
        @Flag(help: "Only fill the ledger to --verify-entries (to serve it for the HTTP proof benchmark).") var fillOnly = false
        @Flag(help: "Skip the append benchmark: fill if needed, then verify (issue 16).") var verifyOnly = false
        @Option(help: "Audit chunks of 2^n entries, each read as one row (issue 16); 0 reads row by row.") var chunkLevel = 14
        @Option(help: "Audit chunks read and checked at once.") var parallelChunks = 3
        @Flag(help: "Bulk reads with ORDER BY inside the aggregate instead of from an ordered subquery (the audit's default).") var aggregateOrder = false

        func run() async throws {
            let directory = dataDirectory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("lawtrail-bench-\(UUID().uuidString)").path
            let config = try AppConfig.resolve(dataDirectory: directory)
            print("database: \(config.database.kindName), data: \(directory)")

            if !fillOnly && !verifyOnly {
                let result = try await LedgerBenchmark.appends(config: config, total: appends, concurrency: concurrency)
                print(String(format: "appends: %d durable in %.2f s = %.0f/s in %d batches (%.0f per batch); reference batched inserts %.0f rows/s; ratio %.2f",
                             result.appends, result.seconds, result.perSecond, result.batches,
                             Double(result.appends) / Double(max(1, result.batches)), result.referencePerSecond,
                             result.perSecond / result.referencePerSecond))
            }
            let size = try await Maintenance.ledgerSize(config: config)
            if size < verifyEntries {
                let started = Date()
                try await LedgerBenchmark.fill(config: config, entries: verifyEntries - Int(size))
                print(String(format: "filled to %d entries in %.1f s", verifyEntries, Date().timeIntervalSince(started)))
            }
            if fillOnly { return }
            let verify = try await LedgerBenchmark.verification(
                config: config, chunkLevel: chunkLevel == 0 ? nil : chunkLevel, parallelChunks: parallelChunks,
                orderedAggregates: aggregateOrder)
            print(String(format: "verify: %llu entries in %.2f s = %.0f entries/s (%d findings); reference SHA-256 of the same %d leaf bytes %.0f entries/s; ratio %.2f",
                         verify.entries, verify.seconds, verify.perSecond, verify.findings, verify.leafBytes,
                         verify.referencePerSecond, verify.perSecond / verify.referencePerSecond))
            let order = aggregateOrder ? "ORDER BY in the aggregate" : "ordered subquery"
            print(String(format: "verify: chunk level %d, %d in parallel, \(order): %llu entries in bulk, %llu row by row; peak RSS after the audit %.0f MiB",
                         chunkLevel, parallelChunks, verify.bulkEntries, verify.rowByRowEntries,
                         Double(verify.peakRSSBytesAfterAudit) / 1_048_576))
        }
    }

    struct Fixity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fixity",
            abstract: "The fixity audit's re-hashing speed (unpaced) against openssl dgst -sha256 on the same blobs.")

        @Option(name: .customLong("data-dir"), help: "Directory for the blobs (default: a fresh temporary one, removed after).")
        var dataDirectory: String?
        @Option(help: "Blobs to write.") var files = 8
        @Option(help: "Size of each blob in MiB.") var megabytes = 128

        func run() async throws {
            let directory = URL(fileURLWithPath: dataDirectory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("lawtrail-bench-\(UUID().uuidString)").path)
            defer { if dataDirectory == nil { try? FileManager.default.removeItem(at: directory) } }
            let result = try await FixityBenchmark.run(directory: directory, files: files, megabytes: megabytes)
            print(String(format: "fixity rehash: %d blobs, %.0f MB in %.2f s = %.0f MB/s", result.files, Double(result.bytes) / 1e6,
                         result.seconds, result.megabytesPerSecond))
            if let reference = result.opensslMegabytesPerSecond {
                print(String(format: "openssl dgst -sha256 on the same files: %.0f MB/s; ratio %.2f", reference, result.megabytesPerSecond / reference))
            } else {
                print("openssl: not available")
            }
        }
    }

    struct Publications: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publications",
            abstract: "Fills a database with published publications for the portal benchmark (scripts/bench/portal.sh).")

        @Option(name: .customLong("data-dir"), help: "Data directory to fill (DATABASE_URL selects PostgreSQL).")
        var dataDirectory: String
        @Option(help: "Publications the database should hold; only the missing ones are added.") var count = 1_000_000

        func run() async throws {
            let config = try AppConfig.resolve(dataDirectory: dataDirectory)
            print("database: \(config.database.kindName), data: \(dataDirectory)")
            let result = try await PublicationBenchmark.fill(config: config, count: count)
            print(String(format: "publications: %d existed, %d added in %.1f s (%.0f/s); ledger size %llu",
                         result.existing, result.added, result.seconds,
                         Double(result.added) / max(result.seconds, 0.001), result.ledgerSize))
        }
    }

    struct ChannelJob: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "channel-job",
            abstract: "Times the channel hand-over job when nothing is pending, on a database filled by `bench publications` (issue 16).")

        @Option(name: .customLong("data-dir"), help: "A data directory filled by `bench publications` (DATABASE_URL selects PostgreSQL).")
        var dataDirectory: String
        @Option(help: "Timed runs of every channel.") var runs = 20
        @Flag(help: "First record every public step as delivered to every channel (bench data has no hand-overs).")
        var markDelivered = false

        func run() async throws {
            let config = try AppConfig.resolve(dataDirectory: dataDirectory)
            print("database: \(config.database.kindName), data: \(dataDirectory)")
            let result = try await ChannelJobBenchmark.run(config: config, runs: runs, markDelivered: markDelivered)
            if markDelivered { print("marked delivered: \(result.marked) hand-overs") }
            for run in result.catchUp {
                print(String(format: "catch-up run %@: %.1f ms, %d delivered", run.channel, run.milliseconds, run.delivered))
            }
            var all: [Double] = []
            for (channel, times) in result.runs {
                let sorted = times.sorted()
                all += times
                guard !sorted.isEmpty else { continue }
                print(String(format: "nothing pending, %@: %d runs, median %.2f ms, max %.2f ms", channel, sorted.count,
                             sorted[sorted.count / 2], sorted.last!))
            }
            let sorted = all.sorted()
            if !sorted.isEmpty {
                print(String(format: "nothing pending, every channel: %d runs, median %.2f ms, p90 %.2f ms, max %.2f ms",
                             sorted.count, sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 9 / 10)], sorted.last!))
            }
        }
    }

    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: "Archives a case holding one large video and reports resident memory before and at peak (scripts/archive-memory.sh).")

        @Option(name: .customLong("data-dir"), help: "Data directory to use (default: a fresh temporary one).")
        var dataDirectory: String?
        @Option(help: "Bytes of video in the case.") var videoBytes: Int64 = 1 << 30

        func run() async throws {
            let directory = dataDirectory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("lawtrail-bench-\(UUID().uuidString)").path
            let config = try AppConfig.resolve(dataDirectory: directory)
            print("database: \(config.database.kindName), data: \(directory)")
            let result = try await ArchiveBenchmark.run(config: config, videoBytes: videoBytes)
            print(String(format: "archive: %lld bytes of video packaged in %.1f s (%.0f MB/s); ZIP %lld bytes; RSS before %d KiB, peak during %d KiB, growth %.1f MiB",
                         result.videoBytes, result.seconds, Double(result.videoBytes) / result.seconds / 1e6, result.zipBytes,
                         result.rssBeforeKiB, result.peakDuringKiB, result.growthMiB) + "; " + result.archivalCode)
        }
    }

    struct Digests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "digests",
            abstract: "SM3 (Ledger, hand-written) against swift-crypto SHA-256 over the same bytes in memory (issue 14).")

        @Option(help: "MiB to hash with each algorithm.") var mebibytes = 1024
        @Option(help: "Repetitions.") var runs = 3

        func run() {
            for run in 1...max(1, runs) {
                let result = DigestBenchmark.run(mebibytes: mebibytes)
                print(String(format: "run %d: %d MiB: SM3 %.1f MB/s, swift-crypto SHA-256 %.1f MB/s, ratio %.2f (thread CPU time)",
                             run, mebibytes, result.sm3MBps, result.sha256MBps, result.sm3MBps / result.sha256MBps))
            }
        }
    }
}
