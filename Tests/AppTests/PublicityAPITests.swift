import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Testing
import TestSupport
import VaporTesting

/// The publication workflow, obligations and accountability through the HTTP API, on both
/// databases (issue 5 items 1–5; SPEC P7–P11, X1, X2).
@Suite struct PublicityAPITests {
    @Test("issue 5: a decision drafted from its case, refused while incomplete, four-eyes approved, published; P7.1 met",
          arguments: TestDatabase.all)
    func decisionFromCaseThroughFourEyes(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let (caseID, activityID, officers) = try await client.caseAndActivity(token: staff.officer, kind: "penalty")
            let decisionID = try await client.enterDecision(
                activityID: activityID, token: staff.officer, number: "普应急罚〔2026〕88号", decided: "2026-11-30")
            let drafted = try await client.send(.POST, "/api/v1/publications/from-case/\(caseID)", token: staff.officer,
                                                json: ["personId": officers[0].uuidString])
            #expect(drafted.status == .created, "\(drafted.body.string)")
            let draft = try client.decode(Publication.self, drafted)
            let prefilled = draft.latestVersion.fields
            // Nothing typed twice: the counterparty and the bureau come from the case file.
            #expect(prefilled["counterpartyCategory"] == "法人及非法人组织")
            #expect(UnifiedSocialCreditCode.isValid(prefilled["usccCode"] ?? ""))
            #expect(prefilled["authority"] == "上海市普陀区应急管理局")
            #expect(draft.latestVersion.sourceCaseID == caseID)

            // Incomplete 双公示 fields: submission refused, naming the fields.
            let refused = try await client.send(.POST, "/api/v1/publications/\(draft.id)/submit", token: staff.officer)
            #expect(refused.status == .unprocessableEntity)
            #expect(try client.problem(refused).errors?["violationType"] != nil)
            #expect(prefilled["decisionNumber"] == "普应急罚〔2026〕88号" && prefilled["decisionDate"] == "2026-11-30")

            var fields = APIClient.penaltyFields(
                name: prefilled["counterpartyName"]!, code: prefilled["usccCode"]!, number: "普应急罚〔2026〕88号", decided: "2026-11-30")
            fields["decisionNumber"] = "普应急罚〔2026〕88号"
            let revised = try await client.send(.POST, "/api/v1/publications/\(draft.id)/revise", token: staff.officer,
                                                json: try await client.content(fields, title: "普应急罚〔2026〕88号 行政处罚决定"))
            #expect(revised.status == .ok, "\(revised.body.string)")
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/submit", token: staff.officer).status == .ok)
            // The officer's role may not approve at all; the legal section may.
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/approve", token: staff.officer).status == .forbidden)
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/approve", token: staff.legalA).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/publish", token: staff.brigadeLeader).status == .ok)

            let list = try await client.page("/publications?q=" + "普应急罚".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(list.body.contains("普应急罚〔2026〕88号 行政处罚决定"))

            let obligations = try client.decode(Page<ObligationItemJSON>.self, try await client.send(.GET, "/api/v1/obligations", token: staff.legalA))
            // The duty is the decision's, created when it was entered in the case (issue 13 item 1).
            let mine = try #require(obligations.items.first { $0.obligation.subject == .decision(decisionID) })
            #expect(!obligations.items.contains { $0.obligation.subject == .publication(draft.id) })
            #expect(mine.obligation.specID == "P7.1")
            #expect(mine.obligation.due == .date(CivilDate(iso: "2026-12-09")!))  // 7 working days after Mon 2026-11-30
            #expect(mine.state == "met")

            let types = try await client.ledgerTypes()
            for step in ["drafted", "revised", "submitted", "approved", "published"] {
                #expect(types.contains("publication.\(step)"))
            }
            #expect(types.contains("obligation.created") && types.contains("obligation.met"))
        }
    }

    @Test("SPEC P11: the drafter cannot approve their own item, even in the legal section", arguments: TestDatabase.all)
    func drafterCannotApprove(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let body = APIClient.DraftJSON(kind: "power-item", content: try await client.content(
                ["事项类别": "行政检查", "设定依据": "《中华人民共和国安全生产法》第六十五条"], title: "对工贸企业的行政检查"))
            // Before-enforcement items are the legal section's (SPEC P3).
            #expect(try await client.send(.POST, "/api/v1/publications", token: staff.officer, json: body).status == .forbidden)
            let drafted = try await client.send(.POST, "/api/v1/publications", token: staff.legalA, json: body)
            let id = try client.decode(Publication.self, drafted).id
            #expect(try await client.send(.POST, "/api/v1/publications/\(id)/submit", token: staff.legalA).status == .ok)
            let own = try await client.send(.POST, "/api/v1/publications/\(id)/approve", token: staff.legalA)
            #expect(own.status == .forbidden)
            #expect(try client.problem(own).type == "publication-forbidden")
            // Both workflow refusals are kept like the guards' own (SPEC X5; issue 12 item 11).
            #expect(try await AccessRefusalModel.query(on: app.db).filter(\.$reason ~~ "publication-forbidden").count() == 2)
            #expect(try await client.send(.POST, "/api/v1/publications/\(id)/approve", token: staff.legalB).status == .ok)
        }
    }

    @Test("SPEC P9.1: a correction is a new version, reviewed by a second person; both versions stay", arguments: TestDatabase.all)
    func correctionKeepsBothVersions(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let fields = APIClient.penaltyFields(
                name: "上海某某化工有限公司", code: APIClient.uscc("91310107MA1N0000A"), number: "普应急罚〔2026〕90号", decided: "2026-11-20")
            let published = try await client.publishedPenalty(staff, fields: fields, title: "普应急罚〔2026〕90号 行政处罚决定")
            var corrected = fields
            corrected["fineAmount"] = "2.5"
            let proposal = try await client.content(corrected, title: "普应急罚〔2026〕90号 行政处罚决定", correctionReason: "罚款金额录入错误")
            let proposed = try await client.send(.POST, "/api/v1/publications/\(published.id)/corrections", token: staff.brigadeLeader, json: proposal)
            #expect(proposed.status == .ok, "\(proposed.body.string)")
            // Until applied by the legal section, the public still sees version 1.
            #expect(try await client.page("/publications/\(published.id)").body.contains(">2<") == true)
            #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/corrections/apply", token: staff.legalA).status == .ok)

            let now = try client.decode(Publication.self, try await client.send(.GET, "/api/v1/publications/\(published.id)", token: staff.officer))
            #expect(now.state == .corrected)
            #expect(now.publishedVersions.count == 2)
            #expect(now.publishedVersion?.fields["fineAmount"] == "2.5")
            let page = try await client.page("/publications/\(published.id)")
            #expect(page.body.contains("更正于") && page.body.contains("原因：罚款金额录入错误"))
            let v1 = try await client.page("/publications/\(published.id)/content.json?version=1")
            let v2 = try await client.page("/publications/\(published.id)/content.json?version=2")
            #expect(v1.body.contains("\"fineAmount\":\"2\"") && v2.body.contains("\"fineAmount\":\"2.5\""))
            #expect(try await client.ledgerTypes().contains("publication.corrected"))
        }
    }

    @Test("SPEC X2: overdue with a pinned clock, in working days; the P10 report names unit and person", arguments: TestDatabase.all)
    func overdueAndAccountability(database: TestDatabase) async throws {
        // Decided Thu 2026-02-12, just before Spring Festival: due Sat 2026-02-28 (an adjusted working day).
        let clock = TestClock(TestClock.shanghai("2026-02-12"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            // A bearer token lasts 8 hours by the app's clock, so each jump of the clock signs in again.
            var staff = try await client.staff()
            let fields = APIClient.penaltyFields(
                name: "上海某某化工有限公司", code: APIClient.uscc("91310107MA1N0000B"), number: "普应急罚〔2026〕3号", decided: "2026-02-12")
            let drafted = try await client.send(.POST, "/api/v1/publications", token: staff.officer, json: APIClient.DraftJSON(
                kind: "penalty-decision", content: try await client.content(fields, title: "普应急罚〔2026〕3号 行政处罚决定")))
            let id = try client.decode(Publication.self, drafted).id

            func mine() async throws -> ObligationItemJSON {
                let page = try client.decode(Page<ObligationItemJSON>.self, try await client.send(.GET, "/api/v1/obligations?open=1", token: staff.legalA))
                return try #require(page.items.first { $0.obligation.subject == .publication(id) })
            }
            #expect(try await mine().obligation.due == .date(CivilDate(iso: "2026-02-28")!))
            #expect(try await mine().state == "open")
            #expect(try await mine().workdaysLeft == 7)
            let stale = staff.legalA
            clock.now = TestClock.shanghai("2026-02-28")
            // Issue 11 item 4: the pinned clock reaches bearer tokens too.
            #expect(try await client.send(.GET, "/api/v1/obligations?open=1", token: stale).status == .unauthorized)
            staff = try await client.staff()
            #expect(try await mine().state == "open")
            #expect(try await mine().workdaysLeft == 0)
            clock.now = TestClock.shanghai("2026-03-03")
            staff = try await client.staff()
            #expect(try await mine().state == "overdue")
            #expect(try await mine().workdaysLeft == -2)

            let report = try await client.send(.GET, "/api/v1/accountability?from=2026-02-01&to=2026-03-31&format=csv", token: staff.supervisor)
            #expect(report.status == .ok)
            #expect(report.body.string.contains("普应急罚〔2026〕3号"))
            #expect(report.body.string.contains("执法大队"))
            #expect(try await client.send(.GET, "/api/v1/accountability", token: staff.officer).status == .forbidden)
        }
    }

    @Test("SPEC P8, P9.3, P7.4: each trigger creates its obligations; a certificate change does so by itself", arguments: TestDatabase.all)
    func triggersCreateObligations(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-09-29"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海某某化工有限公司", code: APIClient.uscc("91310107MA1N0000C"), number: "普应急罚〔2026〕91号", decided: "2026-09-28"),
                title: "普应急罚〔2026〕91号 行政处罚决定")
            struct Trigger: Encodable, Sendable {
                let trigger: String
                let date: String
                let publicationIds: [UUID]
                var ground: String?
            }
            // Raised Tue 2026-09-29, just before National Day (10-01…10-07 off, Sat 10-10 worked):
            // 09-30, 10-08, 10-09, 10-10, then 16 more: the 20th working day is Mon 2026-11-02.
            for name in ["law-changed", "organisation-changed", "decision-changed"] {
                let response = try await client.send(.POST, "/api/v1/obligation-triggers", token: staff.legalA,
                                                     json: Trigger(trigger: name, date: "2026-09-29", publicationIds: [published.id]))
                #expect(response.status == .created, "\(response.body.string)")
                let items = try client.decode([ObligationItemJSON].self, response)
                #expect(items.count == 1 && items[0].obligation.specID == "P8")
                #expect(items[0].obligation.due == .date(CivilDate(iso: "2026-11-02")!))
            }
            let revoked = try await client.send(.POST, "/api/v1/obligation-triggers", token: staff.legalA,
                                                json: Trigger(trigger: "decision-revoked", date: "2026-09-29", publicationIds: [published.id], ground: "revoked"))
            let withdrawal = try #require(try client.decode([ObligationItemJSON].self, revoked).first)
            #expect(withdrawal.obligation.specID == "P9.3")
            #expect(withdrawal.obligation.due == .date(CivilDate(iso: "2026-10-14")!))  // 7 working days across National Day
            let responsible = try await client.brigadeResponsibility()
            let year = try await client.send(.POST, "/api/v1/obligation-triggers", token: staff.legalA, json: [
                "trigger": "year-ended", "year": "2026", "unitId": responsible.unitID.uuidString, "personId": responsible.personID.uuidString,
            ] as [String: String])
            #expect(year.status == .badRequest || year.status == .unprocessableEntity)  // year must be a number
            struct Year: Encodable, Sendable { let trigger = "year-ended"; let year: Int; let unitId: UUID; let personId: UUID }
            func yearEnded(_ year: Int) async throws -> TestingHTTPResponse {
                try await client.send(.POST, "/api/v1/obligation-triggers", token: staff.legalA,
                                      json: Year(year: year, unitId: responsible.unitID, personId: responsible.personID))
            }
            let figures = try await yearEnded(2025)
            #expect(figures.status == .created, "\(figures.body.string)")
            #expect(try client.decode([ObligationItemJSON].self, figures).first?.obligation.due == .date(CivilDate(iso: "2026-01-31")!))
            // Issue 13 item 1: a trigger is idempotent per subject; a year not yet ended and a future day are refused.
            let again = try await yearEnded(2025)
            #expect(again.status == .conflict && again.body.string.contains("不再重复登记"), "\(again.body.string)")
            let unfinished = try await yearEnded(2026)
            #expect(unfinished.status == .unprocessableEntity && unfinished.body.string.contains("尚未结束"), "\(unfinished.body.string)")
            #expect(try await yearEnded(2031).status == .unprocessableEntity)
            let future = try await client.send(.POST, "/api/v1/obligation-triggers", token: staff.legalA,
                                               json: Trigger(trigger: "law-changed", date: "2026-10-01", publicationIds: [published.id]))
            #expect(future.status == .unprocessableEntity && future.body.string.contains("晚于今天"), "\(future.body.string)")
            let twice = try await client.send(.POST, "/api/v1/obligation-triggers", token: staff.legalA,
                                              json: Trigger(trigger: "law-changed", date: "2026-09-29", publicationIds: [published.id]))
            #expect(twice.status == .conflict, "\(twice.body.string)")
            let yearly = try await ObligationQueries(database: app.db).all(subject: .yearlyFigures(year: 2025))
            #expect(yearly.count == 1)
            // Withdrawing meets the P9.3 and P8 duties of the item.
            #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/withdraw", token: staff.legalA,
                                          json: ["reason": "原决定经复议被撤销"]).status == .ok)
            let all = try await ObligationQueries(database: app.db).all(subject: .publication(published.id))
            #expect(all.filter { $0.metOn == nil }.isEmpty)

            // P8 (三): a new certificate for an officer with a published certificate item.
            // Sorted, so both databases take the same officer (an unsorted first row is the heap's order).
            let officer = try #require(try await OfficerModel.query(on: app.db).sort(\.$name).sort(\.$id).first())
            let itemResponse = try await client.send(.POST, "/api/v1/publications/from-officer/\(officer.id!)", token: staff.legalA)
            #expect(itemResponse.status == .created, "\(itemResponse.body.string)")
            let item = try client.decode(Publication.self, itemResponse)
            #expect(try await client.send(.POST, "/api/v1/publications/\(item.id)/submit", token: staff.legalA).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(item.id)/approve", token: staff.legalB).status == .ok)
            let publishedItem = try await client.send(.POST, "/api/v1/publications/\(item.id)/publish", token: staff.legalA)
            #expect(publishedItem.status == .ok, "\(publishedItem.body.string)")
            let shown = try await PublicationQueries(database: app.db).certificatePublications(officer: officer.id!)
            #expect(shown.map(\.id).contains(item.id), "the read model before the certificate: \(shown.map(\.id)), state \(shown.map(\.state))")
            let certificate = try await client.send(.POST, "/api/v1/officers/\(officer.id!)/certificates", token: staff.legalA, json: [
                "number": "31010729999999", "issuer": "上海市人民政府", "scope": "普陀区 安全生产", "validFrom": "2026-09-01", "validTo": "2031-08-31",
            ])
            #expect(certificate.status == .created, "\(certificate.body.string)")
            let update = try await ObligationQueries(database: app.db).all(subject: .publication(item.id))
            #expect(update.map(\.kind) == [.updateAfterCertificateChange])
        }
    }

    @Test("SPEC P7.5: the period ends automatically; ending early needs the minimum period", arguments: TestDatabase.all)
    func expiryAndEarlyEnd(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-03-02"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            // A bearer token lasts 8 hours by the app's clock, so each jump of the clock signs in again.
            var staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海某某仓储有限公司", code: APIClient.uscc("91310107MA1N0000D"), number: "普应急罚〔2026〕9号", decided: "2026-03-02"),
                title: "普应急罚〔2026〕9号 行政处罚决定")
            let lastDay = try #require(published.period?.lastDay)
            let early = try await client.send(.POST, "/api/v1/publications/\(published.id)/end-early", token: staff.legalA, json: ["reason": "信用修复"])
            #expect(early.status == .conflict)
            clock.now = lastDay.startInstant().addingTimeInterval(12 * 3600)
            #expect(try await client.page("/publications?kind=penalty-decision").body.contains("普应急罚〔2026〕9号"))
            clock.now = lastDay.adding(days: 1).startInstant().addingTimeInterval(3600)
            staff = try await client.staff()
            // Off the lists the day after the last day, even before the expiry step is recorded.
            #expect(!(try await client.page("/publications?kind=penalty-decision").body.contains("普应急罚〔2026〕9号")))
            let sweep = try await client.send(.POST, "/api/v1/publicity/expire", token: staff.legalA)
            #expect(try client.decode(ExpiredJSON.self, sweep).expired >= 1)
            let page = try await client.page("/publications/\(published.id)")
            #expect(page.body.contains("公示期已满") && !page.body.contains("普应急罚〔2026〕9号 行政处罚决定</h1>"))
            #expect(try await client.ledgerTypes().contains("publication.expired"))
        }
    }

    struct ExpiredJSON: Decodable { let expired: Int }

    /// `ObligationController.Item` as JSON.
    struct ObligationItemJSON: Decodable {
        let obligation: Obligation
        let state: String
        let workdaysLeft: Int?
    }

    struct Page<Item: Decodable>: Decodable {
        let items: [Item]
        let total: Int
    }
}
