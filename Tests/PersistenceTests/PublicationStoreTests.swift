import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import SQLKit
import Testing
import TestSupport

/// Publications stored and read back on both databases (issue 5; SPEC P7–P11, X2, X3, X4).
@Suite struct PublicationStoreTests {
    static let officer = PublicationActor(userID: UUID(), role: .officer)
    static let legalA = PublicationActor(userID: UUID(), role: .legalSection)
    static let legalB = PublicationActor(userID: UUID(), role: .legalSection)
    static let brigade = Responsibility(unitID: UUID(), unitName: "执法大队", personID: UUID(), personName: "陈明")
    static let at = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-12-01, Asia/Shanghai

    static func uscc(_ first17: String) -> String { first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!) }

    static func fields(name: String, code: String, number: String, facts: String = "未按规定开展安全生产教育和培训") -> [String: String] {
        [
            "counterpartyName": name, "counterpartyCategory": "法人及非法人组织", "usccCode": code,
            "legalRepresentative": "王建国", "decisionNumber": number, "violationType": "未按规定进行安全生产教育和培训",
            "violationFacts": facts, "penaltyBasis": "《中华人民共和国安全生产法》第九十七条",
            "penaltyCategory": "罚款", "penaltyContent": "罚款人民币2万元", "fineAmount": "2",
            "decisionDate": "2026-11-30", "authority": "上海市普陀区应急管理局", "authorityUSCC": uscc("11310107000000000"),
            "dataSource": "上海市普陀区应急管理局", "dataSourceUSCC": uscc("11310107000000000"),
        ]
    }

    /// A penalty drafted, approved by another person and published, through the store.
    static func publish(_ store: PublicationStore, db: any Database, fields: [String: String], at: Date = at) async throws -> Publication {
        let version = PublicationVersion(
            publicationID: UUID(), number: 1, kind: .penaltyDecision, title: "\(fields["decisionNumber"]!) 行政处罚决定",
            fields: fields, responsibility: brigade, disclosure: .publish(legalBasis: "《中华人民共和国行政处罚法》第四十八条"),
            draftedBy: officer.userID, draftedAt: at)
        let obligations = ObligationRules(calendar: try StatutoryCalendar.bundled()).obligations(for: .decisionMade(
            kind: .penalty, on: CivilDate(at),
            decision: ObligationTarget(subject: .publication(version.publicationID), title: version.title, responsibility: brigade)))
        try await store.draft(version, by: officer, at: at, obligations: obligations, on: db)
        let id = version.publicationID
        try await store.apply(id, at: at, on: db) { try PublicationWorkflow.submit($0, by: officer, at: at) }
        try await store.apply(id, at: at, on: db) { try PublicationWorkflow.approve($0, by: legalA, at: at) }
        let period = PublicityPeriodPolicy.national.period(category: .generalPenalty, start: CivilDate(at))
        return try await store.apply(id, at: at, on: db) { try PublicationWorkflow.publish($0, period: period, by: legalA, at: at) }
    }

    @Test("a published decision reads back whole, is listed and found, and met its P7.1 obligation", arguments: TestDatabase.all)
    func publishListSearch(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let store = PublicationStore(ledger: app.lawTrail.ledger.writer)
            let code = Self.uscc("91310107MA1G8R2K7")
            let published = try await Self.publish(store, db: app.db, fields: Self.fields(name: "上海华宇精细化工有限公司", code: code, number: "普应急罚〔2026〕20号"))
            _ = try await Self.publish(store, db: app.db, fields: Self.fields(
                name: "上海长风物流仓储有限公司", code: Self.uscc("91310107MA1H3C5N2"), number: "普应急罚〔2026〕21号", facts: "仓库内危险化学品与普通货物混存"))

            let queries = PublicationQueries(database: app.db)
            #expect(try await queries.publication(published.id) == published)

            let today = CivilDate(Self.at)
            let all = try await queries.publicList(.init(), today: today, offset: 0, limit: 10)
            #expect(all.items.count == 2 && !all.hasMore)
            let byWords = try await queries.publicList(.init(text: "混存"), today: today, offset: 0, limit: 10)
            #expect(byWords.items.map(\.party) == ["上海长风物流仓储有限公司"])
            let byName = try await queries.publicList(.init(party: "华宇精细"), today: today, offset: 0, limit: 10)
            #expect(byName.items.map(\.id) == [published.id])
            let byCode = try await queries.publicList(.init(party: code), today: today, offset: 0, limit: 10)
            #expect(byCode.items.map(\.id) == [published.id])
            let byPrefix = try await queries.publicList(.init(text: String(code.prefix(12))), today: today, offset: 0, limit: 10)
            #expect(byPrefix.items.map(\.id) == [published.id])
            let nothing = try await queries.publicList(.init(text: "爆炸"), today: today, offset: 0, limit: 10)
            #expect(nothing.items.isEmpty)
            let paged = try await queries.publicList(.init(), today: today, offset: 0, limit: 1)
            #expect(paged.items.count == 1 && paged.hasMore)

            let obligations = try await ObligationQueries(database: app.db).all(subject: .publication(published.id))
            #expect(obligations.count == 1)
            #expect(obligations.first?.kind == .publishPenaltyDecision)
            #expect(obligations.first?.metOn == today)

            // The steps are on the ledger, each leaf carrying the digest of the public content.
            let steps = try await queries.steps(published.id)
            #expect(steps.map(\.kind) == [.drafted, .submitted, .approved, .published])
            let leaf = try #require(try await LedgerReader(database: app.db).entry(steps[3].ledgerIndex))
            let event = try LedgerEvent(canonicalBytes: Array(leaf.leaf))
            #expect(event.type == "publication.published")
            #expect(event.fields["contentSha256"]?.stringValue == (try PublicContent(published.publishedVersion!).sha256()))
        }
    }

    @Test("a withdrawal takes the item off every list and search; expiry runs at the end of the period", arguments: TestDatabase.all)
    func withdrawalAndExpiry(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let store = PublicationStore(ledger: app.lawTrail.ledger.writer)
            let withdrawn = try await Self.publish(store, db: app.db, fields: Self.fields(name: "上海桃浦金属制品有限公司", code: Self.uscc("91310107MA1J7T1Q4"), number: "普应急罚〔2026〕22号"))
            let expiring = try await Self.publish(store, db: app.db, fields: Self.fields(name: "上海真如燃气设备工程有限公司", code: Self.uscc("91310107MA1K2W8P6"), number: "普应急罚〔2026〕23号"))
            try await store.apply(withdrawn.id, at: Self.at, on: app.db) {
                try PublicationWorkflow.withdraw($0, reason: "决定被撤销", by: Self.legalA, at: Self.at)
            }
            let queries = PublicationQueries(database: app.db)
            let today = CivilDate(Self.at)
            #expect(try await queries.publicList(.init(), today: today, offset: 0, limit: 10).items.map(\.id) == [expiring.id])
            #expect(try await queries.publicList(.init(text: "桃浦"), today: today, offset: 0, limit: 10).items.isEmpty)

            // The general-penalty period is 12 months: listed on its last day, gone the day after.
            let lastDay = try #require(expiring.period?.lastDay)
            #expect(try await queries.publicList(.init(), today: lastDay, offset: 0, limit: 10).items.count == 1)
            #expect(try await queries.publicList(.init(), today: lastDay.adding(days: 1), offset: 0, limit: 10).items.isEmpty)
            let before = try await ExpirySweep.run(database: app.db, ledger: app.lawTrail.ledger.writer, at: lastDay.startInstant())
            #expect(before.expired == 0)
            let after = try await ExpirySweep.run(database: app.db, ledger: app.lawTrail.ledger.writer, at: lastDay.adding(days: 1).startInstant())
            #expect(after.expired == 1)
            #expect(try await queries.publication(expiring.id)?.state == .expired)
            // Nothing was deleted: every version and step is still there.
            #expect(try await queries.steps(withdrawn.id).last?.kind == .withdrawn)
        }
    }

    @Test("SPEC X3: versions, steps and obligations refuse UPDATE and DELETE", arguments: TestDatabase.all)
    func appendOnly(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let store = PublicationStore(ledger: app.lawTrail.ledger.writer)
            _ = try await Self.publish(store, db: app.db, fields: Self.fields(name: "上海曹杨商业管理有限公司", code: Self.uscc("91310107MA1L5D3X9"), number: "普应急罚〔2026〕24号"))
            let sql = app.db as! any SQLDatabase
            let columns = ["publication_versions": "number", "publication_transitions": "seq", "obligations": "created_at", "obligation_fulfilments": "created_at"]
            for (table, column) in columns {
                // The column exists, so only the trigger can refuse the statement.
                #expect(try await sql.raw("SELECT COUNT(\(unsafeRaw: column)) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0 > 0)
                await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM \(unsafeRaw: table)").run() }
                await #expect(throws: (any Error).self) { try await sql.raw("UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = 0").run() }
            }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM publication_versions").first()?.decode(column: "n", as: Int.self) == 1)
        }
    }

    @Test("lawtrail verify: a clean store has no findings; a tampered read-model row is found", arguments: TestDatabase.all)
    func auditFindsTampering(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let store = PublicationStore(ledger: app.lawTrail.ledger.writer)
            let published = try await Self.publish(store, db: app.db, fields: Self.fields(name: "上海审计测试有限公司", code: Self.uscc("91310107MA1P0000A"), number: "普应急罚〔2026〕25号"))
            let clean = try await PublicationAudit(database: app.db).run()
            #expect(clean.findings.isEmpty, "\(clean.findings)")
            #expect(clean.publications == 1 && clean.steps == 4 && clean.obligations == 1)
            // The read model is the one table that can be written; a changed title shows up.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE publications SET public_title = '篡改后的标题' WHERE id = \(bind: published.id.uuidString.lowercased())").run()
            let tampered = try await PublicationAudit(database: app.db).run()
            #expect(tampered.findings.count == 1)
            #expect(tampered.findings.first?.contains("public_title") == true)
        }
    }
}
