import App
import Crypto
import Foundation
import Ledger
import Persistence
import SQLKit
import Testing
import TestSupport

/// Issue 12 item 12: a rotated key stays valid for the checkpoints it signed in service, and no
/// further — whoever kept a copy of it cannot sign a larger tree that `verify` accepts.
@Suite struct LedgerKeyRotationTests {
    @Test("issue 12 item 12: after rotate-key, old checkpoints verify and a later one signed by the old key does not")
    func rotation() async throws {
        try await withTestApp(.sqlite, demo: true) { app in
            let config = app.lawTrail.config
            let keyFile = config.dataDirectory.appendingPathComponent("keys/ledger.key")
            let stolen = try NoteSigner(privateKeyString: try String(contentsOf: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(try await Maintenance.verifyLedger(config: config).isClean)

            let rotated = try await Maintenance.rotateLedgerKey(config: config)
            #expect(rotated.retired == stolen.verifier.verifierKey)
            #expect(rotated.current != rotated.retired)
            #expect(rotated.size > 0)
            // The old checkpoints still verify under the retired key.
            #expect(try await Maintenance.verifyLedger(config: config).isClean)

            // A checkpoint of a larger tree signed with the old key is refused.
            let forged = try Checkpoint(origin: config.ledgerOrigin, size: rotated.size + 1, rootHash: try Hash(bytes: Array(repeating: UInt8(7), count: 32)))
            try await (app.db as! any SQLDatabase).raw("""
                INSERT INTO ledger_checkpoints (tree_size, root_hash, note, created_at)
                VALUES (\(bind: Int64(rotated.size + 1)), \(bind: Data(repeating: 7, count: 32)), \(bind: try forged.signed(by: [stolen])), 0)
                """).run()
            let report = try await Maintenance.verifyLedger(config: config)
            #expect(report.findings.contains { $0.message.contains("checkpoint \(rotated.size + 1): signed note does not verify") }, "\(report.findings)")
        }
    }

    @Test("issue 12 item 12: a retired-key file that is not a key and a bound is refused")
    func badRetiredFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lawtrail-rotate-\(UUID())")
        let directory = DataDirectory(root)
        try directory.prepare()
        let retired = directory.keys.appendingPathComponent("retired")
        try FileManager.default.createDirectory(at: retired, withIntermediateDirectories: true)
        let signer = try NoteSigner.generate(name: "lawtrail.test/ledger")
        try "\(signer.verifier.verifierKey)\nretired-at-size 12\n".write(to: retired.appendingPathComponent("a.vkey"), atomically: true, encoding: .utf8)
        #expect(try LedgerKeys.retiredBounds(dataDirectory: directory) == [signer.verifier.keyDescription: 12])
        try "\(signer.verifier.verifierKey)\nretired at 12\n".write(to: retired.appendingPathComponent("a.vkey"), atomically: true, encoding: .utf8)
        #expect(throws: LedgerKeyError.self) { try LedgerKeys.retiredBounds(dataDirectory: directory) }
    }
}
