import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

// Issue 12 items 3 and 4 (SPEC X4): a decision whose facts carry a natural person's ID number in
// the spellings people type (lower-case x, full-width digits, groups) and name other known natural
// persons is drafted from its case, approved and published through the API; then no public
// surface — detail page, content.json, proof bundle, open data JSON and CSV, the three channel
// outboxes, search — and no stored version row holds the number in any form or the full names.

@Suite("Personal data on every surface and at rest — issue 12 items 3 and 4")
struct PersonalDataSurfacesTests {
    static let qiNumber = "31010819881119102X"
    static let zhangNumber = "31010719900307123" + String(ResidentIdentityNumber.checkCharacter(for: "31010719900307123")!)

    /// What a reader could recover from `text`: its digits and letters, width and case folded,
    /// separators dropped.
    static func folded(_ text: String) -> String { IdentityNumberScanner.fold(text) }

    /// Records an issue when `text` holds either number (any spelling), a birth date, or a full name.
    static func expectClean(_ text: String, _ surface: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let folded = folded(text)
        for secret in [String(qiNumber.prefix(17)), String(zhangNumber.prefix(17)), "19881119", "19900307"] {
            #expect(!folded.contains(secret), "\(surface) holds \(secret)", sourceLocation: sourceLocation)
        }
        for name in ["祁安然", "张小龙"] {
            #expect(!folded.contains(name), "\(surface) holds \(name)", sourceLocation: sourceLocation)
        }
    }

    struct EntryJSON: Decodable { let id: UUID }

    /// 祁安然, the natural person both tests publish about, in the counterparty directory.
    static func registerQi(_ client: APIClient, token: String) async throws -> EntryJSON {
        try client.decode(EntryJSON.self, try await client.send(.POST, "/api/v1/counterparties", token: token, json: [
            "kind": "natural-person", "name": "祁安然", "identifier": qiNumber, "address": "上海市普陀区真北路1号"]))
    }

    @Test("a decision drafted from its case and published: the number and names are on no surface and in no row",
          arguments: TestDatabase.all)
    func everySurface(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            // Two natural persons in the directory: the party, and a worker who is a party elsewhere.
            let qi = try await Self.registerQi(client, token: staff.officer)
            let zhang = try await client.send(.POST, "/api/v1/counterparties", token: staff.officer, json: [
                "kind": "natural-person", "name": "张小龙", "identifier": Self.zhangNumber, "address": "上海市普陀区真北路2号"])
            #expect(zhang.status == .created, "\(zhang.body.string)")
            let (caseID, activityID, officers) = try await client.caseAndActivity(token: staff.officer, kind: "penalty", counterpartyID: qi.id)
            // The decision document, typed as people type: lower-case x, full-width digits, groups.
            let document = try await client.send(.POST, "/api/v1/records/documents", token: staff.officer, json: DocumentJSON(
                activityId: activityID, templateId: DocumentTemplate.penaltyDecision.id, values: [
                    "documentNumber": "普应急罚〔2026〕77号", "party": "祁安然", "partyIdentifier": "３１０１０８１９８８１１１９１０２ｘ",
                    "address": "上海市普陀区真北路1号",
                    "factsAndEvidence": "当事人祁安然（身份证号31010819881119102x）违规存放。工人张 小龙（\(Self.zhangNumber.prefix(6)) \(Self.zhangNumber.dropFirst(6).prefix(8)) \(Self.zhangNumber.suffix(4))）在场。",
                    "violatedProvisions": "《中华人民共和国安全生产法》第三十六条", "penaltyBasis": "《中华人民共和国安全生产法》第九十九条",
                    "penalty": "罚款人民币2000元", "fineAmount": "2000", "reviewAuthority": "上海市普陀区人民政府",
                    "court": "上海市普陀区人民法院", "decidedOn": "2026-11-30",
                ]))
            #expect(document.status == .created, "\(document.body.string)")
            let retrievalsBefore = try await RetrievalModel.query(on: app.db).count()

            // Item 3: drafting from the case reads the decision as a logged retrieval, and stores no number.
            let drafted = try await client.send(.POST, "/api/v1/publications/from-case/\(caseID)", token: staff.officer,
                                                json: ["personId": officers[0].uuidString])
            #expect(drafted.status == .created, "\(drafted.body.string)")
            let draft = try client.decode(Publication.self, drafted)
            #expect(try await RetrievalModel.query(on: app.db).count() == retrievalsBefore + 1)
            #expect(draft.latestVersion.fields["idNumber"] == "310108************")
            #expect(draft.latestVersion.fields["violationFacts"]?.contains("祁安然") == true)  // staff still read the name
            #expect(!Self.folded(drafted.body.string).contains(String(Self.qiNumber.prefix(17))))
            try await expectRowsClean(app, publicationID: draft.id, when: "after drafting from the case")

            // Completed and revised with the full-width spelling in the facts and the title.
            var fields = draft.latestVersion.fields
            fields["violationType"] = "违规存放危险物品"
            fields["violationFacts"] = "当事人祁安然（身份证号３１０１０８１９８８１１１９１０２ｘ）违规存放。工人张 小龙在场，张小龙（\(Self.zhangNumber)）未持证。"
            var content = try await client.content(fields, title: "普应急罚〔2026〕77号 行政处罚决定（祁安然 3101 0819 8811 1910 2x）")
            content.counterpartyId = qi.id
            let revised = try await client.send(.POST, "/api/v1/publications/\(draft.id)/revise", token: staff.officer, json: content)
            #expect(revised.status == .ok, "\(revised.body.string)")
            try await expectRowsClean(app, publicationID: draft.id, when: "after revising")
            for (path, token) in [("submit", staff.officer), ("approve", staff.legalA), ("publish", staff.brigadeLeader)] {
                let response = try await client.send(.POST, "/api/v1/publications/\(draft.id)/\(path)", token: token)
                #expect(response.status == .ok, "\(path): \(response.body.string)")
            }

            // Item 4: every public surface.
            let id = draft.id.uuidString.lowercased()
            var bodies: [(String, String)] = []
            for path in ["/publications/\(id)", "/publications/\(id)/content.json", "/publications/\(id)/proof-bundle.json",
                         "/open-data/penalty-decision.json", "/open-data/penalty-decision.csv", "/feed.atom", "/"] {
                let page = try await client.page(path)
                #expect(page.status == .ok, "\(path)")
                bodies.append((path, page.body))
            }
            for channel in PublicationChannel.allCases {
                let result = try client.decode(HandoverJSON.self, try await client.send(
                    .POST, "/api/v1/channels/\(channel.rawValue)/handover", token: staff.legalA))
                let file = app.lawTrail.dataDirectory.outbox.appendingPathComponent(channel.rawValue)
                    .appendingPathComponent(try #require(result.file, "\(channel.rawValue) wrote no file"))
                bodies.append(("outbox \(channel.rawValue)", try String(contentsOf: file, encoding: .utf8)))
            }
            for (surface, body) in bodies {
                Self.expectClean(body, surface)
            }
            // The masked forms are there, so the surfaces did show the item.
            let detail = try #require(bodies.first?.1)
            #expect(detail.contains("祁**") && detail.contains("310108************") && detail.contains("张**"))
            #expect(detail.contains("张 *"))  // the spaced spelling, masked as written

            // The search index: the number in any spelling, or the full name, finds nothing.
            for query in [Self.qiNumber, "31010819881119102x", "３１０１０８１９８８１１１９１０２Ｘ", "19881119", "祁安然", Self.zhangNumber] {
                let page = try await client.page("/publications?q=" + query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
                #expect(!page.body.contains("普应急罚〔2026〕77号"), "search for \(query) finds the item")
            }
            let byNumber = try await client.page("/publications?q=" + "普应急罚〔2026〕77号".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(byNumber.body.contains("普应急罚〔2026〕77号"))  // what is public is still found

            // The staff API, for a role that drafts but may not see ID numbers (SPEC X5), and the ledger audit.
            let supervisionSection = try await client.token(.supervisionSection)
            let supervisorView = try await client.send(.GET, "/api/v1/publications/\(id)", token: supervisionSection)
            #expect(supervisorView.status == .ok)
            Self.expectClean(supervisorView.body.string.replacingOccurrences(of: "祁安然", with: "").replacingOccurrences(of: "张小龙", with: "")
                .replacingOccurrences(of: "张 小龙", with: ""), "staff API")
            #expect(try await PublicationAudit(database: app.db).run().findings.isEmpty)
        }
    }

    @Test("item 3: a sensitive decision document is not copied into a draft by someone who could not open it",
          arguments: TestDatabase.all)
    func sensitiveDecisionNotCopied(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let qi = try await Self.registerQi(client, token: staff.officer)
            let (caseID, activityID, officers) = try await client.caseAndActivity(token: staff.officer, kind: "penalty", counterpartyID: qi.id)
            var values = [String: String]()
            for field in DocumentTemplate.penaltyDecision.fields { values[field.key] = "内容" }
            values["fineAmount"] = "2000"
            values["decidedOn"] = "2026-11-30"
            values["factsAndEvidence"] = "当事人祁安然的病史与家庭情况。"
            let document = try await client.send(.POST, "/api/v1/records/documents", token: staff.officer, json: DocumentJSON(
                activityId: activityID, templateId: DocumentTemplate.penaltyDecision.id, values: values, sensitivity: "personal-privacy"))
            #expect(document.status == .created, "\(document.body.string)")
            let retrievals = try await RetrievalModel.query(on: app.db).count()
            // The legal section drafts; the record needs an approved request it does not have.
            let drafted = try await client.send(.POST, "/api/v1/publications/from-case/\(caseID)", token: staff.legalA,
                                                json: ["personId": officers[0].uuidString])
            #expect(drafted.status == .created, "\(drafted.body.string)")
            let draft = try client.decode(Publication.self, drafted)
            #expect(draft.latestVersion.fields["violationFacts"] == nil)
            #expect(!drafted.body.string.contains("病史"))
            #expect(try await RetrievalModel.query(on: app.db).count() == retrievals)
        }
    }

    @Test("item 3: a version stored in clear before issue 12 is masked for staff (API, desk) and on the portal; verify passes",
          arguments: TestDatabase.all)
    func legacyVersionMaskedOnRead(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            // Written as the code before issue 12 wrote it: no masking rule, the number in clear.
            let responsible = try await client.brigadeResponsibility()
            var fields = APIClient.penaltyFields(name: "祁安然", code: "", number: "普应急罚〔2026〕55号", decided: "2026-11-20")
            fields["usccCode"] = nil
            fields["legalRepresentative"] = nil
            fields["counterpartyCategory"] = "自然人"
            fields["idType"] = "身份证"
            fields["idNumber"] = Self.qiNumber
            fields["violationFacts"] = "当事人祁安然（身份证号31010819881119102x）违规存放。"
            let actor = PublicationActor(userID: UUID(), role: .officer)
            let reviewer = PublicationActor(userID: UUID(), role: .legalSection)
            let at = Date(timeIntervalSince1970: 1_795_500_000)
            let version = PublicationVersion(
                publicationID: UUID(), number: 1, kind: .penaltyDecision, title: "普应急罚〔2026〕55号 行政处罚决定",
                fields: fields, responsibility: Responsibility(unitID: responsible.unitID, unitName: "执法大队",
                                                               personID: responsible.personID, personName: "陈明"),
                disclosure: .publish(legalBasis: "《中华人民共和国行政处罚法》第四十八条"),
                draftedBy: actor.userID, draftedAt: at, maskingRule: nil)
            let store = PublicationStore(ledger: app.lawTrail.ledger.writer)
            try await store.draft(version, by: actor, at: at, on: app.db)
            let id = version.publicationID
            try await store.apply(id, at: at, on: app.db) { try PublicationWorkflow.submit($0, by: actor, at: at) }
            try await store.apply(id, at: at, on: app.db) { try PublicationWorkflow.approve($0, by: reviewer, at: at) }
            let period = PublicityPeriodPolicy.national.period(category: .generalPenalty, start: CivilDate(at))
            try await store.apply(id, at: at, on: app.db) { try PublicationWorkflow.publish($0, period: period, by: reviewer, at: at) }
            try await PublicationStore.rebuildReadModel(on: app.db)

            // Staff: the API for a role that may not see ID numbers, and the desk page.
            #expect(!Permissions.allows(.supervisionSection, .viewCounterpartyIdentity))
            let api = try await client.send(.GET, "/api/v1/publications/\(id)", token: try await client.token(.supervisionSection))
            #expect(api.status == .ok)
            #expect(!Self.folded(api.body.string).contains(String(Self.qiNumber.prefix(17))))
            let username = try await StaffWebTests.user(.legalSection, app: app)
            let browser = StaffWebTests.Browser(app)
            _ = try await browser.signIn(username, StaffWebTests.password)
            let desk = try await browser.send(.GET, "/staff/publications/\(id.uuidString.lowercased())")
            #expect(desk.status == .ok)
            #expect(desk.body.string.contains("普应急罚〔2026〕55号"))
            #expect(!Self.folded(desk.body.string).contains(String(Self.qiNumber.prefix(17))))
            // Public: the page and the search, in the old format (310108********102X) but masked.
            let page = try await client.page("/publications/\(id.uuidString.lowercased())")
            Self.expectClean(page.body, "legacy detail page")
            #expect(page.body.contains("310108********102X"))
            let search = try await client.page("/publications?q=31010819881119102X")
            #expect(!search.body.contains("普应急罚〔2026〕55号"))
            // The ledger digests of the old rule still verify.
            #expect(try await PublicationAudit(database: app.db).run().findings.isEmpty)
        }
    }

    /// Item 3: the raw `publication_versions` rows, read with SQL, hold no form of either number.
    func expectRowsClean(_ app: Application, publicationID: UUID, when: String) async throws {
        let sql = app.db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT content FROM publication_versions WHERE publication_id = \(bind: publicationID.uuidString.lowercased())
            """).all()
        #expect(!rows.isEmpty)
        for row in rows {
            let content = try row.decode(column: "content", as: String.self)
            let folded = Self.folded(content)
            for secret in [String(Self.qiNumber.prefix(17)), String(Self.zhangNumber.prefix(17)), "19881119"] {
                #expect(!folded.contains(secret), "a version row holds \(secret) \(when)")
            }
        }
    }

    struct HandoverJSON: Decodable {
        let delivered: Int
        let file: String?
    }
}
