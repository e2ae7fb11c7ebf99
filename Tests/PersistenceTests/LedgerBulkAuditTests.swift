import App
import Fluent
import Foundation
import Ledger
import Persistence
import SQLKit
import Testing
import TestSupport
import Vapor

/// The bulk ledger audit (issue 16; SPEC X3, R14): entries read in aligned chunks, one row per
/// chunk, checked in parallel. Every kind of damage the row-by-row audit finds must still be
/// found, naming the same entry, on both databases. Chunks of 4 entries (`chunkLevel: 2`) over
/// 35 entries appended in five batches make nine chunks, a partial last one, checkpoints that end
/// inside chunks, and tree nodes above the chunks.
@Suite struct LedgerBulkAuditTests {
    static let entries = 35

    static func audit(_ app: Application, chunkLevel: Int? = 2, orderedAggregates: Bool = true) async throws -> LedgerAuditReport {
        try await LedgerAudit(
            database: app.db, verifiers: app.lawTrail.ledger.verifiers, origin: app.lawTrail.config.ledgerOrigin,
            chunkLevel: chunkLevel, parallelChunks: 3, orderedAggregates: orderedAggregates
        ).run()
    }

    @Test("read from an ordered subquery, a clean chunk is trusted and a chunk with any finding is re-read row by row",
          arguments: TestDatabase.all, [Damage.leafByte, .swappedRows, .nodeAboveChunks])
    func subqueryOrderTrustsOnlyCleanChunks(database: TestDatabase, damage: Damage) async throws {
        try await withTestApp(database) { app in
            try await Self.fill(app)
            let clean = try await Self.audit(app, orderedAggregates: false)
            #expect(clean.isClean && clean.bulkEntries == UInt64(Self.entries) && clean.rowByRowEntries == 0)

            try await damage.apply(to: app.db as! any SQLDatabase, database: database)
            let report = try await Self.audit(app, orderedAggregates: false)
            let reference = try await Self.audit(app, chunkLevel: nil)
            #expect(report.findings.first?.index == damage.expectedIndex, "findings: \(report.findings)")
            #expect(report.findings.first == reference.findings.first)
            // Nodes above the chunks are compared after the chunks, so that damage stays in bulk.
            #expect(damage == .nodeAboveChunks ? report.rowByRowEntries == 0 : report.rowByRowEntries > 0)
        }
    }

    static func fill(_ app: Application) async throws {
        for batch in 0..<5 {
            try await app.lawTrail.ledger.writer.append((0..<7).map { try LedgerStoreTests.event(batch * 7 + $0) })
        }
    }

    @Test("SPEC X3: a clean ledger passes the bulk audit, every entry through the bulk path, as row by row",
          arguments: TestDatabase.all, [1, 2, 3, 14])
    func cleanLedgerPasses(database: TestDatabase, chunkLevel: Int) async throws {
        try await withTestApp(database) { app in
            try await Self.fill(app)
            let bulk = try await Self.audit(app, chunkLevel: chunkLevel)
            #expect(bulk.isClean, "findings: \(bulk.findings)")
            #expect(bulk.entries == UInt64(Self.entries))
            #expect(bulk.bulkEntries == UInt64(Self.entries))
            #expect(bulk.bulkChunks == (Self.entries + (1 << chunkLevel) - 1) >> chunkLevel)
            #expect(bulk.rowByRowEntries == 0)
            #expect(bulk.checkpoints == 5)

            let rowByRow = try await Self.audit(app, chunkLevel: nil)
            #expect(rowByRow.isClean)
            #expect(rowByRow.rowByRowEntries == UInt64(Self.entries) && rowByRow.bulkEntries == 0)
            #expect(rowByRow.nodes == bulk.nodes && rowByRow.entries == bulk.entries)
        }
    }

    @Test("the bulk framing holds: a canonical leaf never contains a raw newline (0x0A)")
    func canonicalLeavesHaveNoNewline() throws {
        let awkward: [String] = ["a\nb", "\r\n", "\u{2028}", "\"\\/", "行\n政", String(UnicodeScalar(0x0A)!)]
        for (n, text) in awkward.enumerated() {
            let event = try LedgerEvent(type: "test.newline", at: Date(timeIntervalSince1970: 1_790_000_000),
                                        fields: ["text": .string(text), "list": .array([.string(text), .integer(Int64(n))])])
            #expect(!event.canonicalBytes.contains(0x0A), "\(text.debugDescription)")
            #expect(try LedgerEvent.typeOfCanonicalLeaf(event.canonicalBytes) == "test.newline")
        }
    }

    @Test("SPEC X3: the bulk audit names the entry for each kind of damage", arguments: TestDatabase.all, Damage.allCases)
    func bulkAuditFindsDamage(database: TestDatabase, damage: Damage) async throws {
        try await withTestApp(database) { app in
            try await Self.fill(app)
            let sql = app.db as! any SQLDatabase
            #expect(try await Self.audit(app).isClean)

            try await damage.apply(to: sql, database: database)
            let report = try await Self.audit(app)
            #expect(!report.isClean)
            #expect(report.findings.first?.index == damage.expectedIndex, "findings: \(report.findings)")
            if let text = damage.expectedText {
                #expect(report.findings.contains { $0.message.contains(text) }, "findings: \(report.findings)")
            }
            // Damage the framing can vouch for is found in bulk; the rest row by row from its chunk.
            if damage.needsRowByRow {
                #expect(report.bulkEntries == 12 && report.rowByRowEntries > 0)
            } else {
                #expect(report.bulkEntries == UInt64(Self.entries) && report.rowByRowEntries == 0)
            }
            // The row-by-row audit finds the same first finding.
            let reference = try await Self.audit(app, chunkLevel: nil)
            #expect(reference.findings.first == report.findings.first, "reference: \(reference.findings)")
        }
    }

    enum Damage: String, CaseIterable, Sendable {
        case leafByte, leafHash, eventType, missingRow, swappedRows, nodeInChunk, nodeAboveChunks, missingNode,
             checkpointRoot, checkpointSignature, leafWithNewline

        var expectedIndex: UInt64? {
            switch self {
            case .leafByte, .leafHash, .eventType, .missingRow, .leafWithNewline: 13
            case .swappedRows, .nodeInChunk, .missingNode: 12
            case .nodeAboveChunks: 8
            case .checkpointRoot, .checkpointSignature: nil
            }
        }

        var expectedText: String? {
            switch self {
            case .leafByte, .leafHash: "is not the hash of the stored leaf"
            case .eventType: "event type column tampered.type differs"
            case .missingRow: "missing: the next stored entry is 14"
            case .swappedRows, .nodeInChunk: "stored tree node (1, 6) differs"
            case .nodeAboveChunks: "stored tree node (3, 1) differs"
            case .missingNode: "stored tree node (1, 6) is missing"
            case .checkpointRoot: "checkpoint 14: root"
            case .checkpointSignature: "checkpoint 14: signed note does not verify"
            case .leafWithNewline: "leaf is not a canonical JSON event"
            }
        }

        var needsRowByRow: Bool { self == .missingRow || self == .leafWithNewline }

        func apply(to sql: any SQLDatabase, database: TestDatabase) async throws {
            // An attacker with database access first disables the append-only triggers.
            for table in ["ledger_entries", "ledger_nodes", "ledger_checkpoints"] {
                if database == .postgres {
                    try await sql.raw("ALTER TABLE \(unsafeRaw: table) DISABLE TRIGGER USER").run()
                } else {
                    try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_update").run()
                    try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_delete").run()
                }
            }
            func leaf(_ index: Int) async throws -> (leaf: Data, hash: Data, type: String) {
                let row = try #require(try await sql.raw("SELECT leaf, leaf_hash, event_type FROM ledger_entries WHERE idx = \(bind: index)").first())
                return (try row.decode(column: "leaf", as: Data.self), try row.decode(column: "leaf_hash", as: Data.self),
                        try row.decode(column: "event_type", as: String.self))
            }
            func node(_ level: Int, _ index: Int64) -> Int64 { Int64(level) << 56 | index }
            switch self {
            case .leafByte:
                var bytes = try await leaf(13).leaf
                bytes[bytes.count - 3] ^= 0x01
                try await sql.raw("UPDATE ledger_entries SET leaf = \(bind: bytes) WHERE idx = 13").run()
            case .leafHash:
                try await sql.raw("UPDATE ledger_entries SET leaf_hash = \(bind: Data(repeating: 7, count: 32)) WHERE idx = 13").run()
            case .eventType:
                try await sql.raw("UPDATE ledger_entries SET event_type = 'tampered.type' WHERE idx = 13").run()
            case .missingRow:
                try await sql.raw("DELETE FROM ledger_entries WHERE idx = 13").run()
            case .swappedRows:
                // Each row stays self-consistent (leaf, hash and type move together): only the tree sees it.
                let (a, b) = (try await leaf(12), try await leaf(13))
                try await sql.raw("UPDATE ledger_entries SET leaf = \(bind: b.leaf), leaf_hash = \(bind: b.hash), event_type = \(bind: b.type) WHERE idx = 12").run()
                try await sql.raw("UPDATE ledger_entries SET leaf = \(bind: a.leaf), leaf_hash = \(bind: a.hash), event_type = \(bind: a.type) WHERE idx = 13").run()
            case .nodeInChunk:
                try await sql.raw("UPDATE ledger_nodes SET hash = \(bind: Data(repeating: 9, count: 32)) WHERE node_key = \(bind: node(1, 6))").run()
            case .nodeAboveChunks:
                try await sql.raw("UPDATE ledger_nodes SET hash = \(bind: Data(repeating: 9, count: 32)) WHERE node_key = \(bind: node(3, 1))").run()
            case .missingNode:
                try await sql.raw("DELETE FROM ledger_nodes WHERE node_key = \(bind: node(1, 6))").run()
            case .checkpointRoot:
                try await sql.raw("UPDATE ledger_checkpoints SET root_hash = \(bind: Data(repeating: 5, count: 32)) WHERE tree_size = 14").run()
            case .checkpointSignature:
                let row = try #require(try await sql.raw("SELECT note FROM ledger_checkpoints WHERE tree_size = 14").first())
                var note = try row.decode(column: "note", as: String.self)
                let signature = try #require(note.range(of: "\n\n")?.upperBound)
                note.replaceSubrange(signature..<note.index(signature, offsetBy: 1), with: "X")
                try await sql.raw("UPDATE ledger_checkpoints SET note = \(bind: note) WHERE tree_size = 14").run()
            case .leafWithNewline:
                // Not canonical JSON (white space), stored with its true hash: only the canonical check sees it.
                var bytes = try await leaf(13).leaf
                bytes.insert(0x0A, at: 1)
                let hash = Data(MerkleHash.leaf(bytes).bytes)
                try await sql.raw("UPDATE ledger_entries SET leaf = \(bind: bytes), leaf_hash = \(bind: hash) WHERE idx = 13").run()
            }
        }
    }
}
