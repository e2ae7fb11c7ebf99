import Domain
import Fluent
import Foundation
import Ledger
@testable import Persistence
import SQLKit
import Testing
import TestSupport

/// Issue 16 item 3 at the store, on both databases: full-text matches come newest first, in the
/// list's own order, however many there are; the list key the search is keyed by is the same
/// whether the store, the read-model rebuild or migration 020's SQL wrote it; `verify` checks it.
@Suite struct PublicationListOrderTests {
    typealias S = PublicationStoreTests

    /// Items with the word 叉车 decided on `days` (in this order), plus one without it.
    static func publishMatches(_ store: PublicationStore, db: any Database, days: [String]) async throws -> [Publication] {
        var published: [Publication] = []
        for (n, day) in days.enumerated() {
            var fields = S.fields(name: "上海叉车检测\(n)有限公司", code: S.uscc("91310107MA1N\(String(format: "%04d", n))0"),
                                  number: "普应急罚〔2026〕\(300 + n)号", facts: "叉车未经定期检验投入使用")
            fields["decisionDate"] = day
            published.append(try await S.publish(store, db: db, fields: fields))
        }
        _ = try await S.publish(store, db: db, fields: S.fields(name: "上海别的公司", code: S.uscc("91310107MA1P00000"), number: "普应急罚〔2026〕399号"))
        return published
    }

    @Test("issue 16: full text answers newest first in list order, across pages, with date bounds", arguments: TestDatabase.all)
    func fullTextNewestFirst(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // 25 matches over 2024–2026, several on one day (the tie-break is the id), the newest last.
            var days = (0..<24).map { CivilDate(iso: "2024-12-01")!.adding(days: ($0 % 8) * 90).description }
            days.append("2026-11-29")
            let published = try await Self.publishMatches(PublicationStore(ledger: app.lawTrail.ledger.writer), db: app.db, days: days)
            let queries = PublicationQueries(database: app.db)
            let today = CivilDate(S.at)
            // The expected order: the browse list's (date, then id, newest first) restricted to the matches.
            let browse = try await queries.publicList(.init(), today: today, offset: 0, limit: 100).items
            let matchIDs = Set(published.map(\.id))
            let expected = browse.filter { matchIDs.contains($0.id) }.map(\.id)
            #expect(expected.count == 25)
            #expect(expected.first == published.last?.id, "the newest match heads the list")
            let sorted = browse.map { $0.date!.description + " " + $0.id.lowercased }
            #expect(sorted == sorted.sorted(by: >), "list order is date then id, descending")

            let first = try await queries.publicList(.init(text: "叉车"), today: today, offset: 0, limit: 20)
            let second = try await queries.publicList(.init(text: "叉车"), today: today, offset: 20, limit: 20)
            #expect(first.items.map(\.id) + second.items.map(\.id) == expected)
            #expect(first.hasMore && !second.hasMore)
            // A name search is full text too; a kind filter and date bounds narrow it.
            let byName = try await queries.publicList(.init(party: "叉车检测"), today: today, offset: 0, limit: 5)
            #expect(byName.items.map(\.id) == Array(expected.prefix(5)))
            let bounded = try await queries.publicList(
                .init(kinds: [.penaltyDecision], from: CivilDate(iso: "2025-03-01"), to: CivilDate(iso: "2025-06-01"), text: "叉车"),
                today: today, offset: 0, limit: 20)
            let inRange = browse.filter { matchIDs.contains($0.id) && $0.date!.description >= "2025-03-01" && $0.date!.description <= "2025-06-01" }
            #expect(!inRange.isEmpty && bounded.items.map(\.id) == inRange.map(\.id))
            #expect(try await queries.publicList(.init(kinds: [.licensingDecision], text: "叉车"), today: today, offset: 0, limit: 20).items.isEmpty)
            // A credit code with words: both must hold.
            let code = published[3].publishedVersion!.fields["usccCode"]!
            #expect(try await queries.publicList(.init(text: "叉车", party: code), today: today, offset: 0, limit: 20).items.map(\.id) == [published[3].id])
            #expect(try await queries.publicList(.init(text: "爆炸", party: code), today: today, offset: 0, limit: 20).items.isEmpty)
        }
    }

    @Test("issue 16: the list key of the store, the rebuild and migration 020's SQL agree; verify checks it", arguments: TestDatabase.all)
    func listKeysAgree(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let published = try await Self.publishMatches(PublicationStore(ledger: app.lawTrail.ledger.writer), db: app.db, days: ["2024-02-29", "2025-12-31", "2026-11-30", "2026-11-30"])
            let sql = app.db as! any SQLDatabase
            func keys() async throws -> [String: Int64?] {
                Dictionary(uniqueKeysWithValues: try await sql.raw("SELECT id, list_key FROM publications").all().map {
                    (try $0.decode(column: "id", as: String.self), try $0.decode(column: "list_key", as: Int64?.self))
                })
            }
            let stored = try await keys()
            for publication in published {
                let date = CivilDate(iso: publication.publishedVersion!.fields["decisionDate"]!)!
                #expect(stored[publication.id.lowercased] == PublicationHead.listKey(date: date, id: publication.id))
            }
            #expect(try await PublicationAudit(database: app.db).run().findings.isEmpty)

            // Migration 020's backfill computes the same keys in SQL.
            try await sql.raw("UPDATE publications SET list_key = NULL").run()
            #expect(try await PublicationAudit(database: app.db).run().findings.count == stored.count)
            try await IndexPublicationsInListOrder.fillListKeys(on: sql)
            #expect(try await keys() == stored)

            // The rebuild writes the same row and full-text entry; a wrong full-text row is a finding.
            try await PublicationStore.rebuildReadModel(on: app.db)
            #expect(try await keys() == stored)
            #expect(try await PublicationAudit(database: app.db).run().findings.isEmpty)
            #expect(try await PublicationQueries(database: app.db)
                .publicList(.init(text: "叉车"), today: CivilDate(S.at), offset: 0, limit: 10).items.count == 4)
            if sql.dialect.name != "postgresql" {
                try await sql.raw("UPDATE publication_search SET tokens = 'x' WHERE rowid = \(bind: stored[published[0].id.lowercased]!)").run()
                let findings = try await PublicationAudit(database: app.db).run().findings
                #expect(findings.count == 1 && findings.first?.contains("publication_search") == true)
            }
        }
    }

    @Test("issue 16: the list key orders by day, then by id; the day is days since 1970")
    func listKeyOrder() {
        let low = UUID(uuidString: "00000000-0000-4000-8000-000000000000")!
        let high = UUID(uuidString: "ffffffff-ffff-4fff-bfff-ffffffffffff")!
        let day = CivilDate(iso: "2026-11-30")!
        #expect(PublicationHead.listKey(date: day, id: low) == Int64(day.dayNumber) << 47)
        #expect(PublicationHead.listKey(date: day, id: high) == (Int64(day.dayNumber) << 47) + (1 << 47) - 1)
        #expect(PublicationHead.listKey(date: day, id: high) < PublicationHead.listKey(date: day.adding(days: 1), id: low))
        #expect(PublicationQueries.firstKey(of: day) == PublicationHead.listKey(date: day, id: low))
    }
}
