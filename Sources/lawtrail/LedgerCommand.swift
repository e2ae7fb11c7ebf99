import App
import ArgumentParser
import Foundation

/// `lawtrail ledger checkpoint | verify` (SPEC X3).
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "The tamper-evident ledger.",
        subcommands: [Checkpoint.self, Verify.self, RotateKey.self, ProvePrefix.self])

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint", abstract: "Print the latest signed checkpoint.")
        @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String?

        func run() async throws {
            let config = try AppConfig.resolve(dataDirectory: dataDirectory)
            guard let note = try await Maintenance.latestCheckpoint(config: config) else {
                printError("the ledger has no entries yet")
                throw ExitCode.failure
            }
            print(note, terminator: "")
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Retire the signing key at the ledger's present size and create a new one (stop the servers first).")
        @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String?

        func run() async throws {
            let config = try AppConfig.resolve(dataDirectory: dataDirectory)
            let rotated = try await Maintenance.rotateLedgerKey(config: config)
            print("retired (valid for checkpoints up to size \(rotated.size)): \(rotated.retired)")
            print("new key: \(rotated.current)")
            print("publish the new key (/ledger/key) where readers check signatures")
        }
    }

    /// Issue 17 item 3: a restored (or any older) copy's ledger is a prefix of the live server's.
    struct ProvePrefix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prove-prefix",
            abstract: "Prove this data directory's ledger is a prefix of a live server's (its signed checkpoint and a consistency proof).")
        @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String?
        @Option(name: .customLong("live"), help: "The live server's address, e.g. https://zfgs.example.gov.cn") var live: String

        func run() async throws {
            let config = try AppConfig.resolve(dataDirectory: dataDirectory)
            do {
                let outcome = try await Backup.provePrefix(config: config, liveURL: live)
                print("the ledger here (size \(outcome.restoredSize)) is a prefix of the live ledger (size \(outcome.liveSize), root \(outcome.liveRoot.hex)): consistency proof of \(outcome.proofLength) hashes verified")
            } catch {
                printError("not proved: \(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute every leaf hash, tree node and checkpoint; exit 1 on any finding.")
        @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String?

        func run() async throws {
            try await runLedgerAudit(dataDirectory: dataDirectory)
        }
    }
}

/// `lawtrail verify`: the full audit — the ledger, then every record against its ledger event
/// and every blob re-hashed (publications join when they land).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "The full audit: the ledger, every record and every blob.")
    @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String?

    func run() async throws {
        var failed = false
        do {
            try await runLedgerAudit(dataDirectory: dataDirectory)
        } catch let exit as ExitCode where exit == .failure {
            failed = true
        }
        let config = try AppConfig.resolve(dataDirectory: dataDirectory)
        let records = try await Maintenance.verifyRecords(config: config)
        for finding in records.findings {
            print("FAIL \(finding)")
        }
        print("records: \(records.records) records, \(records.blobs) blobs re-hashed (\(records.disposedBlobs) disposed of, as the ledger records) — \(records.findings.isEmpty ? "OK" : "\(records.findings.count) finding(s)")")
        let publications = try await Maintenance.verifyPublications(config: config)
        for finding in publications.findings {
            print("FAIL \(finding)")
        }
        print("publications: \(publications.publications) publications, \(publications.steps) steps, \(publications.obligations) obligations checked — \(publications.findings.isEmpty ? "OK" : "\(publications.findings.count) finding(s)")")
        if failed || !records.findings.isEmpty || !publications.findings.isEmpty { throw ExitCode.failure }
    }
}

func runLedgerAudit(dataDirectory: String?) async throws {
    let config = try AppConfig.resolve(dataDirectory: dataDirectory)
    let started = Date()
    let report = try await Maintenance.verifyLedger(config: config)
    let seconds = Date().timeIntervalSince(started)
    for finding in report.findings {
        print("FAIL \(finding)")
    }
    print("ledger: \(report.entries) entries, \(report.nodes) tree nodes, \(report.checkpoints) checkpoints checked in \(String(format: "%.2f", seconds)) s — \(report.isClean ? "OK" : "\(report.findings.count) finding(s)")")
    if !report.isClean { throw ExitCode.failure }
}
