import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import SQLKit
import Testing
import TestSupport
import Vapor

/// Ledger storage on both databases (SPEC X3, R9.5; issue 3 items 3 and 7).
@Suite struct LedgerStoreTests {
    static func event(_ n: Int) throws -> LedgerEvent {
        try LedgerEvent(type: "test.appended", at: Date(timeIntervalSince1970: 1_790_000_000), fields: ["n": .integer(Int64(n))])
    }

    static func audit(_ app: Application) async throws -> LedgerAuditReport {
        try await LedgerAudit(database: app.db, verifiers: app.lawTrail.ledger.verifiers, origin: app.lawTrail.config.ledgerOrigin).run()
    }

    @Test("SPEC X3: concurrent appends get gap-free indexes and one consistent tree", arguments: TestDatabase.all)
    func concurrentAppendsAreGapFree(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let writer = app.lawTrail.ledger.writer
            let indexes = try await withThrowingTaskGroup(of: [UInt64].self) { group in
                for task in 0..<100 {
                    group.addTask { try await writer.append((0..<5).map { try Self.event(task * 5 + $0) }) }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(indexes.sorted() == Array(0..<500))

            let reader = LedgerReader(database: app.db)
            #expect(try await reader.size() == 500)
            let checkpoint = try #require(try await reader.latestCheckpoint())
            #expect(checkpoint.treeSize == 500)
            let leaves = try await reader.entries(from: 0, limit: 1000).map { MerkleHash.leaf($0.leaf) }
            #expect(checkpoint.rootHash == MerkleTree.root(leafHashes: leaves))
            // Group commit: 100 concurrent callers need far fewer than 100 checkpoints.
            #expect(try await reader.checkpoints().count < 100)
            #expect(try await Self.audit(app).isClean)
        }
    }

    @Test("SPEC X3: two writers on one database (two server processes) never fork the log", arguments: TestDatabase.all)
    func twoWritersNeverFork(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let signer = app.lawTrail.ledger.signer
            let second = LedgerWriter(database: app.db) { size, root in
                try Checkpoint(origin: signer.name, size: size, rootHash: root).signed(by: [signer])
            }
            let writers = [app.lawTrail.ledger.writer, second]
            let indexes = try await withThrowingTaskGroup(of: [UInt64].self) { group in
                for task in 0..<40 {
                    let writer = writers[task % 2]
                    group.addTask { try await writer.append([try Self.event(task)]) }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(indexes.sorted() == Array(0..<40))
            #expect(try await Self.audit(app).isClean)
        }
    }

    @Test("an append's work and its events commit together or not at all", arguments: TestDatabase.all)
    func failedWorkLeavesNothing(database: TestDatabase) async throws {
        struct Refused: Error {}
        try await withTestApp(database) { (app: Application) async throws in
            let writer = app.lawTrail.ledger.writer
            let unit = BureauUnitFixture.make()
            await #expect(throws: Refused.self) {
                try await writer.append([try Self.event(1)]) { db in
                    try await UnitModel(unit).create(on: db)
                    throw Refused()
                }
            }
            #expect(try await UnitModel.query(on: app.db).count() == 0)
            #expect(try await LedgerReader(database: app.db).size() == 0)
            // The next append is unaffected and starts at index 0.
            #expect(try await writer.append([try Self.event(2)]) == [0])
        }
    }

    @Test("SPEC R9.5: the database refuses UPDATE and DELETE of ledger rows", arguments: TestDatabase.all)
    func ledgerRowsCannotBeAlteredOrDeleted(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await app.lawTrail.ledger.writer.append([try Self.event(1), try Self.event(2)])
            let sql = app.db as! any SQLDatabase
            for statement in [
                "UPDATE ledger_entries SET event_type = 'x'",
                "DELETE FROM ledger_entries WHERE idx = 1",
                "DELETE FROM ledger_nodes",
                "UPDATE ledger_checkpoints SET note = ''",
                "DELETE FROM ledger_checkpoints",
            ] {
                await #expect(throws: (any Error).self, "\(statement) was allowed") {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
            }
            #expect(try await LedgerReader(database: app.db).size() == 2)
            #expect(try await Self.audit(app).isClean)
        }
    }

    @Test("SPEC X3: the audit names the entry when a leaf byte, a leaf hash or the last entry is changed",
          arguments: TestDatabase.all, Tamper.allCases)
    func auditFindsTampering(database: TestDatabase, tamper: Tamper) async throws {
        try await withTestApp(database) { app in
            try await app.lawTrail.ledger.writer.append((0..<10).map { try Self.event($0) })
            #expect(try await Self.audit(app).isClean)

            try await tamper.apply(to: app.db as! any SQLDatabase, database: database)
            let report = try await Self.audit(app)
            #expect(!report.isClean)
            #expect(report.findings.first?.index == tamper.expectedIndex, "findings: \(report.findings)")
        }
    }

    enum Tamper: String, CaseIterable, Sendable {
        case leafByte, leafHash, lastEntryDeleted

        var expectedIndex: UInt64 { self == .lastEntryDeleted ? 9 : 4 }

        func apply(to sql: any SQLDatabase, database: TestDatabase) async throws {
            // An attacker with database access first disables the append-only triggers.
            if database == .postgres {
                try await sql.raw("ALTER TABLE ledger_entries DISABLE TRIGGER USER").run()
            } else {
                try await sql.raw("DROP TRIGGER ledger_entries_no_update").run()
                try await sql.raw("DROP TRIGGER ledger_entries_no_delete").run()
            }
            switch self {
            case .leafByte:
                let row = try #require(try await sql.raw("SELECT leaf FROM ledger_entries WHERE idx = 4").first())
                var leaf = try row.decode(column: "leaf", as: Data.self)
                leaf[leaf.count - 3] ^= 0x01
                try await sql.raw("UPDATE ledger_entries SET leaf = \(bind: leaf) WHERE idx = 4").run()
            case .leafHash:
                try await sql.raw("UPDATE ledger_entries SET leaf_hash = \(bind: Data(repeating: 7, count: 32)) WHERE idx = 4").run()
            case .lastEntryDeleted:
                try await sql.raw("DELETE FROM ledger_entries WHERE idx = 9").run()
            }
        }
    }
}

enum BureauUnitFixture {
    static func make() -> BureauUnit { BureauUnit(name: "执法大队", kind: .enforcementBrigade) }
}
