import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 13 item 5 through the app, on both databases: (a) 公示截止期 in every export; (b) ended
/// certificates raise the P8 (三) duty by themselves, once; (c) written correction requests entered
/// by staff, counted from the day received; (d) outboxes for 本市统一的行政执法信息公示平台 and 信用上海.
@Suite struct PublicityExportsAndDutiesTests {
    struct HandoverJSON: Decodable {
        let delivered: Int
        let file: String?
    }

    func outbox(_ app: Application, _ channel: String, _ result: HandoverJSON) throws -> String {
        try String(contentsOf: app.lawTrail.dataDirectory.outbox.appendingPathComponent(channel)
            .appendingPathComponent(try #require(result.file)), encoding: .utf8)
    }

    @Test("issue 13 item 5 (a), (d): open data and every channel carry 公示截止期; 信用上海 takes 双公示 only, the municipal platform everything",
          arguments: TestDatabase.all)
    func exportsAndChannels(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海截止期测试有限公司", code: APIClient.uscc("91310107MA1N0005A"), number: "普应急罚〔2026〕141号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕141号 行政处罚决定")
            #expect(published.period?.lastDay == CivilDate(iso: "2027-11-20"))

            // Open data: the 双公示 column 公示截止期 holds the period's last day, in CSV and JSON.
            let csv = try await client.page("/open-data/penalty-decision.csv").body
            let header = try #require(csv.split(whereSeparator: \.isNewline).first).split(separator: ",").map(String.init)
            let column = try #require(header.firstIndex { $0.contains("公示截止期") })
            let row = try #require(csv.split(whereSeparator: \.isNewline).first { $0.contains("截止期测试") }).split(separator: ",", omittingEmptySubsequences: false)
            #expect(row[column] == "2027-11-20")
            let json = try await client.page("/open-data/penalty-decision.json").body
            #expect(json.contains("\"公示截止期\":\"2027-11-20\""))
            // Kinds without a 双公示 set have a 公示截止期 column too.
            #expect(try await client.page("/open-data/power-item.csv").body.contains("公示截止期"))

            // A before-enforcement item for the municipal platform.
            let responsible = try await client.brigadeResponsibility()
            let item = try await client.send(.POST, "/api/v1/publications", token: staff.legalA, json: APIClient.DraftJSON(
                kind: "power-item", content: APIClient.ContentJSON(
                    title: "对工贸企业的行政检查（渠道测试）", fields: ["事项类别": "行政检查"], disclosure: .init(legalBasis: "《中华人民共和国安全生产法》第六十五条"),
                    unitId: responsible.unitID, personId: responsible.personID)))
            let itemID = try client.decode(Publication.self, item).id
            #expect(try await client.send(.POST, "/api/v1/publications/\(itemID)/submit", token: staff.legalA).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(itemID)/approve", token: staff.legalB).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(itemID)/publish", token: staff.legalA).status == .ok)

            let credit = try client.decode(HandoverJSON.self, try await client.send(.POST, "/api/v1/channels/credit-shanghai/handover", token: staff.legalA))
            let creditFile = try outbox(app, "credit-shanghai", credit)
            #expect(creditFile.contains("截止期测试") && !creditFile.contains("渠道测试"))
            #expect(creditFile.contains("\"publicityDeadline\":\"2027-11-20\"") && creditFile.contains("\"公示截止期\":\"2027-11-20\""))
            let platform = try client.decode(HandoverJSON.self, try await client.send(
                .POST, "/api/v1/channels/shanghai-enforcement-platform/handover", token: staff.legalA))
            let platformFile = try outbox(app, "shanghai-enforcement-platform", platform)
            #expect(platformFile.contains("截止期测试") && platformFile.contains("渠道测试"))
            #expect(platformFile.contains("\"publicityDeadline\":\"长期\""))
            // Nothing pending the second time; each hand-over is recorded per channel.
            #expect(try client.decode(HandoverJSON.self, try await client.send(.POST, "/api/v1/channels/credit-shanghai/handover", token: staff.legalA)).delivered == 0)
            let handovers = try await client.send(.GET, "/api/v1/publications/\(published.id)/handovers", token: staff.officer)
            #expect(handovers.body.string.contains("credit-shanghai") && handovers.body.string.contains("shanghai-enforcement-platform"))
        }
    }

    @Test("issue 13 item 5 (b), SPEC P8 (三): a certificate that ended yesterday raises its update duty once, however often the job runs",
          arguments: TestDatabase.all)
    func certificateEnds(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            var staff = try await client.staff()
            let unit = try #require(try await UnitModel.query(on: app.db).first())
            struct CertificateJSON: Encodable, Sendable { let number, issuer, scope, validFrom, validTo: String }
            struct OfficerJSON: Encodable, Sendable { let name: String; let unitId: UUID; let certificates: [CertificateJSON] }
            let created = try await client.send(.POST, "/api/v1/officers", token: staff.legalA, json: OfficerJSON(
                name: "吴到期", unitId: unit.id!, certificates: [.init(
                    number: "31010723999131", issuer: "上海市人民政府", scope: "普陀区 安全生产", validFrom: "2021-12-01", validTo: "2026-11-30")]))
            #expect(created.status == .created, "\(created.body.string)")
            struct IDJSON: Decodable { let id: UUID }
            let officerID = try client.decode(IDJSON.self, created).id
            let item = try client.decode(Publication.self, try await client.send(
                .POST, "/api/v1/publications/from-officer/\(officerID)", token: staff.legalA))
            for (step, token) in [("submit", staff.legalA), ("approve", staff.legalB), ("publish", staff.legalA)] {
                #expect(try await client.send(.POST, "/api/v1/publications/\(item.id)/\(step)", token: token).status == .ok)
            }
            // Valid through today: nothing yet.
            #expect(try await client.send(.POST, "/api/v1/publicity/certificate-ends", token: staff.legalA).status == .ok)
            #expect(try await ObligationQueries(database: app.db).all(subject: .publication(item.id)).isEmpty)

            clock.now = TestClock.shanghai("2026-12-01", hour: 1)
            staff = try await client.staff()
            #expect(try await client.send(.POST, "/api/v1/publicity/certificate-ends", token: staff.officer).status == .forbidden)
            let ledgerBefore = try await LedgerReader(database: app.db).size()
            let run = try await client.send(.POST, "/api/v1/publicity/certificate-ends", token: staff.legalA)
            #expect(run.status == .ok, "\(run.body.string)")
            let duties = try await ObligationQueries(database: app.db).all(subject: .publication(item.id))
            #expect(duties.map(\.kind) == [.updateAfterCertificateChange])
            #expect(duties.first?.triggerDate == CivilDate(iso: "2026-12-01") && duties.first?.specID == "P8")
            #expect(try await LedgerReader(database: app.db).size() > ledgerBefore)
            // Again, and twice at once (as two servers would): nothing more.
            let context = app.lawTrail.serviceContext(on: app.db)
            async let first = CertificateEndService(context).run()
            async let second = CertificateEndService(context).run()
            let results = try await [first, second]
            #expect(results.allSatisfy { $0.certificates == 0 })
            #expect(try await ObligationQueries(database: app.db).all(subject: .publication(item.id)).count == 1)
            // The key (certificate, end date) is stored insert-only.
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM certificate_end_duties").run()
            }
        }
    }

    @Test("issue 13 item 5 (c), SPEC P9.2: a written request entered later counts 5 working days from the day received; a future day is refused",
          arguments: TestDatabase.all)
    func writtenRequestAPI(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海书面更正测试有限公司", code: APIClient.uscc("91310107MA1N0006A"), number: "普应急罚〔2026〕142号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕142号 行政处罚决定")
            struct Written: Encodable, Sendable {
                let publicationId: UUID
                let name, contact, description, channel, receivedOn: String
            }
            func body(_ receivedOn: String) -> Written {
                Written(publicationId: published.id, name: "上海书面更正测试有限公司", contact: "021-62345678",
                        description: "罚款金额应为1.5万元，请更正。", channel: "letter", receivedOn: receivedOn)
            }
            #expect(try await client.send(.POST, "/api/v1/correction-requests/written", token: staff.officer, json: body("2026-11-25")).status == .forbidden)
            let future = try await client.send(.POST, "/api/v1/correction-requests/written", token: staff.legalA, json: body("2026-12-01"))
            #expect(future.status == .unprocessableEntity)
            #expect(try client.problem(future).errors?["receivedOn"] == "收到日期不能晚于今天")
            let entered = try await client.send(.POST, "/api/v1/correction-requests/written", token: staff.legalA, json: body("2026-11-25"))
            #expect(entered.status == .created, "\(entered.body.string)")
            struct ItemJSON: Decodable {
                struct ObligationItem: Decodable { let obligation: Obligation }
                let request: CorrectionRequest
                let obligation: ObligationItem?
            }
            let item = try client.decode(ItemJSON.self, entered)
            #expect(item.request.written?.channel == .letter && item.request.receivedOn == CivilDate(iso: "2026-11-25"))
            // Received Wednesday 25 November: 26, 27, 30 November, 1, 2 December.
            #expect(item.obligation?.obligation.triggerDate == CivilDate(iso: "2026-11-25"))
            #expect(item.obligation?.obligation.due == .date(CivilDate(iso: "2026-12-02")!))
            #expect(item.obligation?.obligation.specID == "P9.2")
        }
    }

    @Test("issue 13 items 4, 5 (c): the legal section's staff pages — 公示期限 and 登记书面更正申请 — with CSRF; other roles refused",
          arguments: TestDatabase.all)
    func staffPages(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海网页登记测试有限公司", code: APIClient.uscc("91310107MA1N0007A"), number: "普应急罚〔2026〕143号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕143号 行政处罚决定")
            let officer = StaffWebTests.Browser(app)
            _ = try await officer.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            #expect(try await officer.send(.GET, "/staff/publicity-policy").status == .forbidden)
            #expect(try await officer.send(.GET, "/staff/corrections/written").status == .forbidden)

            let legal = StaffWebTests.Browser(app)
            _ = try await legal.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            let page = try await legal.send(.GET, "/staff/publicity-policy")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("轻微失信行为的行政处罚信息") && html.contains("原则上不予公示") && html.contains("尚未调整"))
            let token = try #require(StaffWebTests.Browser.csrf(html))
            var form: [String: String] = ["effectiveFrom": "2026-12-01", "reason": "本市规定：安全生产行政处罚公示不少于6个月"]
            for category in PublicityCategory.allCases {
                let slug = category.rawValue
                switch PublicityPeriodPolicy.national.duration(for: category) {
                case .months(let minimum, let maximum):
                    form["type.\(slug)"] = "months"
                    form["min.\(slug)"] = minimum.map(String.init) ?? ""
                    form["max.\(slug)"] = String(maximum)
                case .untilValidityEnds: form["type.\(slug)"] = "until-validity-ends"
                case .untilWithdrawn: form["type.\(slug)"] = "until-withdrawn"
                case .notListed: form["type.\(slug)"] = "not-listed"
                }
            }
            form["min.general-penalty"] = "6"
            // Without the token: refused.
            #expect(try await legal.send(.POST, "/staff/publicity-policy", form: form).status == .forbidden)
            // A wrong value is shown beside its row, with what was typed kept.
            var wrong = form
            wrong["csrf"] = token
            wrong["max.minor-penalty"] = "6"
            wrong["type.minor-penalty"] = "months"
            let refused = try await legal.send(.POST, "/staff/publicity-policy", form: wrong)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("公示期最长不超过3个月"))
            form["csrf"] = token
            let saved = try await legal.send(.POST, "/staff/publicity-policy", form: form)
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let after = try await legal.send(.GET, "/staff/publicity-policy?done=1")
            #expect(after.body.string.contains("自2026年12月1日起施行") && after.body.string.contains("最短6个月，最长1年"))
            let versions = try await PublicityPolicyService(app.lawTrail.serviceContext(on: app.db)).schedule().versions
            #expect(versions.count == 1 && versions[0].policy.duration(for: .generalPenalty) == .months(minimum: 6, maximum: 12))

            // A letter, entered from the publication's desk page link.
            let desk = try await legal.send(.GET, "/staff/publications/\(published.id.uuidString.lowercased())")
            #expect(desk.body.string.contains("/staff/corrections/written?publication=\(published.id.uuidString.lowercased())"))
            let writtenForm = try await legal.send(.GET, "/staff/corrections/written?publication=\(published.id.uuidString.lowercased())")
            #expect(writtenForm.status == .ok && writtenForm.body.string.contains("普应急罚〔2026〕143号"))
            let entry: [String: String] = [
                "csrf": try #require(StaffWebTests.Browser.csrf(writtenForm.body.string)),
                "publicationId": published.id.uuidString.lowercased(), "channel": "email", "receivedOn": "2026-12-05",
                "name": "张某", "contact": "zhang@example.com", "description": "违法事实中的人数有误，应为2名。",
            ]
            let future = try await legal.send(.POST, "/staff/corrections/written", form: entry)
            #expect(future.status == .unprocessableEntity && future.body.string.contains("收到日期不能晚于今天"))
            #expect(future.body.string.contains("违法事实中的人数有误"))  // what was typed is kept
            var good = entry
            good["receivedOn"] = "2026-11-27"
            let stored = try await legal.send(.POST, "/staff/corrections/written", form: good)
            #expect(stored.status == .seeOther && stored.headers.first(name: .location) == "/staff/corrections?done=entered")
            let inbox = try await legal.send(.GET, "/staff/corrections")
            #expect(inbox.body.string.contains("2026年11月27日（电子邮件") && inbox.body.string.contains("GZ20261127-"))

            // Issue 13 item 4 at the desk: the approver chooses the category beside 审核通过; the
            // publisher sees it and no longer chooses.
            let drafted = try await client.send(.POST, "/api/v1/publications", token: staff.officer, json: APIClient.DraftJSON(
                kind: "penalty-decision", content: try await client.content(APIClient.penaltyFields(
                    name: "上海审核类别测试有限公司", code: APIClient.uscc("91310107MA1N0008A"), number: "普应急罚〔2026〕144号",
                    decided: "2026-11-20"), title: "普应急罚〔2026〕144号 行政处罚决定")))
            let draftedID = try client.decode(Publication.self, drafted).id
            #expect(try await client.send(.POST, "/api/v1/publications/\(draftedID)/submit", token: staff.officer).status == .ok)
            let review = try await legal.send(.GET, "/staff/publications/\(draftedID.uuidString.lowercased())")
            #expect(review.body.string.contains("value=\"minor-penalty\"") && review.body.string.contains("原则上不予公示"))
            let approve = try await legal.send(.POST, "/staff/publications/\(draftedID.uuidString.lowercased())/step", form: [
                "csrf": try #require(StaffWebTests.Browser.csrf(review.body.string)), "action": "approve", "category": "serious-penalty",
            ])
            #expect(approve.status == .seeOther, "\(approve.body.string)")
            let approved = try client.decode(Publication.self, try await client.send(.GET, "/api/v1/publications/\(draftedID)", token: staff.officer))
            #expect(approved.approvedCategory == .seriousPenalty)
            let leader = StaffWebTests.Browser(app)
            _ = try await leader.signIn(try await StaffWebTests.user(.brigadeLeader, app: app), StaffWebTests.password)
            let publishPage = try await leader.send(.GET, "/staff/publications/\(draftedID.uuidString.lowercased())")
            #expect(publishPage.body.string.contains("严重失信行为的行政处罚信息（最短1年，最长3年）"))
            #expect(!publishPage.body.string.contains("<select id=\"category\""))
        }
    }
}
