import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import SQLKit
import Testing
import TestSupport

/// Issue 12 items 3 and 4 at the store, on both databases: a version is written with its ID
/// numbers masked and its ledger digest still checks; a version of the rule before issue 12 keeps
/// its digest (`lawtrail verify` passes) while search and the read model mask what it held in clear.
@Suite struct PublicationMaskingStoreTests {
    typealias S = PublicationStoreTests
    static let number = "31010819881119102X"

    static func naturalPersonFields(facts: String) -> [String: String] {
        var fields = S.fields(name: "祁安然", code: "", number: "普应急罚〔2026〕66号", facts: facts)
        fields["usccCode"] = nil
        fields["legalRepresentative"] = nil
        fields["counterpartyCategory"] = "自然人"
        fields["idType"] = "身份证"
        fields["idNumber"] = number
        return fields
    }

    static func publish(_ store: PublicationStore, db: any Database, fields: [String: String], rule: PublicMaskingRule?) async throws -> Publication {
        let at = S.at
        let version = PublicationVersion(
            publicationID: UUID(), number: 1, kind: .penaltyDecision, title: "普应急罚〔2026〕66号 行政处罚决定",
            fields: fields, responsibility: S.brigade, disclosure: .publish(legalBasis: "《中华人民共和国行政处罚法》第四十八条"),
            draftedBy: S.officer.userID, draftedAt: at, maskingRule: rule)
        try await store.draft(version, by: S.officer, at: at, on: db)
        let id = version.publicationID
        try await store.apply(id, at: at, on: db) { try PublicationWorkflow.submit($0, by: S.officer, at: at) }
        try await store.apply(id, at: at, on: db) { try PublicationWorkflow.approve($0, by: S.legalA, at: at) }
        let period = PublicityPeriodPolicy.national.period(category: .generalPenalty, start: CivilDate(at))
        return try await store.apply(id, at: at, on: db) { try PublicationWorkflow.publish($0, period: period, by: S.legalA, at: at) }
    }

    static func rows(_ db: any Database, _ id: UUID) async throws -> [String] {
        try await (db as! any SQLDatabase).raw("""
            SELECT content FROM publication_versions WHERE publication_id = \(bind: id.uuidString.lowercased())
            """).all().map { try $0.decode(column: "content", as: String.self) }
    }

    @Test("issue 12 item 3: a version is written with every ID number masked, and its ledger digest checks", arguments: TestDatabase.all)
    func writtenMasked(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let store = PublicationStore(ledger: app.lawTrail.ledger.writer)
            let published = try await Self.publish(store, db: app.db, fields: Self.naturalPersonFields(
                facts: "当事人祁安然（身份证号３１０１０８１９８８１１１９１０２ｘ）违规存放。"), rule: .current)
            for content in try await Self.rows(app.db, published.id) {
                #expect(!IdentityNumberScanner.fold(content).contains("31010819881119102"))
            }
            #expect(try await PublicationAudit(database: app.db).run().findings.isEmpty)
        }
    }

    @Test("a version of the old rule keeps its digest: verify passes, and search does not find the number it leaked",
          arguments: TestDatabase.all)
    func legacyVersion(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let store = PublicationStore(ledger: app.lawTrail.ledger.writer)
            let published = try await Self.publish(store, db: app.db, fields: Self.naturalPersonFields(
                facts: "当事人祁安然（身份证号31010819881119102x）违规存放。"), rule: nil)
            // Stored as it was given (insert-only, digest over the old rule's content).
            let version = try #require(try await PublicationQueries(database: app.db).publication(published.id)?.publishedVersion)
            #expect(version.masking == .exactCopies)
            #expect(PublicContent(version).value("violationFacts")?.contains("31010819881119102x") == true)
            #expect(PublicContent.shown(version).value("violationFacts")?.contains("3101081988") == false)
            // The read model as the code before issue 12 left it: the leaked spelling in the search words.
            let sql = app.db as! any SQLDatabase
            let leaked = SearchTokens.index(PublicContent(version).fields.map(\.value))
            try await sql.raw("UPDATE publications SET search_tokens = \(bind: leaked) WHERE id = \(bind: published.id.uuidString.lowercased())").run()
            if sql.dialect.name != "postgresql" {
                try await sql.raw("UPDATE publication_search SET tokens = \(bind: leaked) WHERE rowid = (SELECT list_key FROM publications WHERE id = \(bind: published.id.uuidString.lowercased()))").run()
            }
            let before = try await PublicationAudit(database: app.db).run().findings
            #expect(before.count == 1 && before.first?.contains("search_tokens") == true)
            #expect(try await PublicationQueries(database: app.db).publicList(.init(text: "31010819881119102x"), today: CivilDate(S.at), offset: 0, limit: 10).items.count == 1)
            // verify after migration 009: the digests of the old rule, the read model rebuilt by today's code.
            try await PublicationStore.rebuildReadModel(on: app.db)
            #expect(try await PublicationAudit(database: app.db).run().findings.isEmpty)
            // Search: neither spelling finds it; the decision number still does.
            let queries = PublicationQueries(database: app.db)
            let today = CivilDate(S.at)
            for text in [Self.number, "31010819881119102x", "19881119"] {
                #expect(try await queries.publicList(.init(text: text), today: today, offset: 0, limit: 10).items.isEmpty, "\(text)")
            }
            #expect(try await queries.publicList(.init(text: "普应急罚"), today: today, offset: 0, limit: 10).items.count == 1)
            // The open-data rows (what the exports are made of) are the shown content.
            let items = try await queries.publicContents(kind: .penaltyDecision, today: today, after: nil, limit: 10)
            #expect(items.allSatisfy { !IdentityNumberScanner.fold($0.content.fields.map(\.value).joined()).contains("31010819881119102") })
        }
    }
}
